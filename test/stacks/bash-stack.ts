/**
 * A stack the app does not ship: Bash with bats, as an external MCP server describes it
 * (docs/mcp.md, "The external stack contract"). Its image builds from the local
 * debian:bookworm-slim with Debian's `bats` package, like the built-in images.
 */
export const BASH_DOCKERFILE = `FROM debian:bookworm-slim
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bats \\
 && rm -rf /var/lib/apt/lists/*
ENV HOME=/sandbox/home \\
    LANG=C.UTF-8
CMD ["sleep", "infinity"]
`;

export const BASH_TOOLCHAIN = {
  language: "bash",
  dockerfile: BASH_DOCKERFILE,
  install: null,
  build:
    "status=0; for file in $(find . -type f -name '*.sh'); do bash -n \"$file\" || status=1; done; exit $status",
  // bats 1.8's --report-formatter may exit before its report is written: the junit formatter
  // writes it instead, and the log shows it.
  test: "mkdir -p test-reports && bats --formatter junit test > test-reports/report.xml; status=$?; cat test-reports/report.xml; exit $status",
  testReport: { format: "junit", path: "test-reports/report.xml" },
  limits: { memoryMb: 256, phaseTimeoutSec: 60 },
} as const;

const CALC = `#!/usr/bin/env bash
# Integer arithmetic for shell scripts.

add() {
  echo $(( $1 + $2 ))
}

multiply() {
  echo $(( $1 * $2 ))
}
`;

const CALC_TESTS = `#!/usr/bin/env bats

setup() {
  source "$BATS_TEST_DIRNAME/../src/calc.sh"
}

@test "add sums two numbers" {
  run add 2 3
  [ "$status" -eq 0 ]
  [ "$output" = "5" ]
}

@test "add handles negative numbers" {
  run add -4 1
  [ "$output" = "-3" ]
}

@test "multiply multiplies two numbers" {
  run multiply 6 7
  [ "$output" = "42" ]
}
`;

/** The module as generated: two functions and three passing bats tests. */
export const BASH_FILES = [
  { path: "src/calc.sh", content: CALC },
  { path: "test/calc.bats", content: CALC_TESTS },
];

/** The same module with multiply broken: one of the three tests fails, at line 20. */
export const BASH_FILES_FAILING = [
  { path: "src/calc.sh", content: CALC.replace("$1 * $2", "$1 + $2") },
  { path: "test/calc.bats", content: CALC_TESTS },
];

/** A syntax error: the build phase fails and the tests never run. */
export const BASH_FILES_BROKEN = [
  { path: "src/calc.sh", content: CALC.replace("echo $(( $1 + $2 ))\n}", "echo $(( $1 + $2 ))\n") },
  { path: "test/calc.bats", content: CALC_TESTS },
];
