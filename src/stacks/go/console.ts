import { type ParsedOutput, parsedError, uniqueErrors } from "../../sandbox/parsers/common.ts";
import type { ParsedError, TestCounts } from "../../sandbox/types.ts";

/** `go build`/`go vet` diagnostics and `go test -v` results, logs of failed tests and panics. */
export function parseGoTest(output: string): ParsedOutput {
  return {
    tests: goCounts(output),
    errors: uniqueErrors([...compilerErrors(output), ...testFailures(output)]),
  };
}

function goCounts(output: string): TestCounts | null {
  const count = (result: string): number =>
    output.match(new RegExp(`^\\s*--- ${result}: `, "gm"))?.length ?? 0;
  const counts = { passed: count("PASS"), failed: count("FAIL"), skipped: count("SKIP") };
  const anyPackageResult = /^(ok|FAIL|\?)\s+\S+/m.test(output);
  if (counts.passed + counts.failed + counts.skipped === 0 && !anyPackageResult) return null;
  return counts;
}

function compilerErrors(output: string): ParsedError[] {
  return [...output.matchAll(/^(?:vet: )?(\S+\.go):(\d+):(\d+): (.*)$/gm)].map((match) =>
    parsedError(match[1] ?? "", match[2], match[3], match[4] ?? ""),
  );
}

/** Test logs (`    calc_test.go:13: message`) come before their `--- FAIL` line. */
function testFailures(output: string): ParsedError[] {
  const errors: ParsedError[] = [];
  let pendingLogs: RegExpExecArray[] = [];
  const lines = output.split("\n");
  lines.forEach((line, index) => {
    const log = /^\s+(\S+\.go):(\d+): (.*)$/.exec(line);
    if (log) {
      pendingLogs.push(log);
      return;
    }
    const result = /^\s*--- (PASS|FAIL|SKIP): (\S+)/.exec(line);
    if (result) {
      if (result[1] === "FAIL") {
        for (const entry of pendingLogs) {
          errors.push(
            parsedError(entry[1] ?? "", entry[2], null, `${result[2]}: ${entry[3] ?? ""}`),
          );
        }
        if (pendingLogs.length === 0)
          errors.push(parsedError("", null, null, `${result[2]} failed`));
      }
      pendingLogs = [];
      return;
    }
    if (/^=== (RUN|CONT|PAUSE)/.test(line)) {
      pendingLogs = [];
      return;
    }
    const panic = /^panic: (.*)$/.exec(line);
    if (panic) {
      const frame = lines
        .slice(index + 1, index + 40)
        .map((entry) => /^\s+(\/sandbox\/work\/\S+\.go):(\d+)/.exec(entry))
        .find((match) => match !== null);
      errors.push(parsedError(frame?.[1] ?? "", frame?.[2], null, `panic: ${panic[1] ?? ""}`));
    }
  });
  return errors;
}
