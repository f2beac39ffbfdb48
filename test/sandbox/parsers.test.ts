import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseOutput } from "../../src/sandbox/parsers/index.ts";

/** Outputs captured from the sandbox images (and vitest on the host; jest as jest prints it). */
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("pytest output", () => {
  it("counts a run with a failure and a skip and locates the failing assertion", () => {
    const parsed = parseOutput("pytest", fixture("pytest-failing.txt"));
    expect(parsed.tests).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(parsed.errors).toEqual([
      {
        file: "tests/test_calc.py",
        line: 8,
        column: null,
        message: "test_add_wrong: assert 4 == 5",
      },
    ]);
  });

  it("reads compileall's syntax error", () => {
    const parsed = parseOutput("pytest", fixture("python-compileall-error.txt"));
    expect(parsed.tests).toBeNull();
    expect(parsed.errors).toEqual([
      { file: "calc/__init__.py", line: 1, column: null, message: "SyntaxError: expected ':'" },
    ]);
  });

  it("reads a passing summary and 'no tests ran'", () => {
    expect(parseOutput("pytest", "...                [100%]\n3 passed in 0.01s\n").tests).toEqual({
      passed: 3,
      failed: 0,
      skipped: 0,
    });
    expect(parseOutput("pytest", "\nno tests ran in 0.00s\n").tests).toEqual({
      passed: 0,
      failed: 0,
      skipped: 0,
    });
  });
});

describe("node test output", () => {
  it("reads the TAP reporter: counts, and the failing assertion's frame", () => {
    const parsed = parseOutput("node-test", fixture("node-test-tap-failing.txt"));
    expect(parsed.tests).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(parsed.errors).toEqual([
      {
        file: "test/calc.test.js",
        line: 10,
        column: 10,
        message: "adds wrong: Expected values to be strictly equal:",
      },
    ]);
  });

  it("reads the spec reporter's counts", () => {
    expect(parseOutput("node-test", fixture("node-test-spec-failing.txt")).tests).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
    });
  });

  it("reads vitest's summary and failure location", () => {
    const parsed = parseOutput("node-test", fixture("vitest-failing.txt"));
    expect(parsed.tests).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(parsed.errors).toEqual([
      {
        file: "test/calc.test.js",
        line: 10,
        column: 21,
        message: "adds wrong: AssertionError: expected 4 to be 5 // Object.is equality",
      },
    ]);
  });

  it("reads jest's summary and failure location", () => {
    const parsed = parseOutput("node-test", fixture("jest-failing.txt"));
    expect(parsed.tests).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(parsed.errors).toEqual([
      {
        file: "test/calc.test.js",
        line: 10,
        column: 21,
        message: "adds wrong: expect(received).toBe(expected) // Object.is equality",
      },
    ]);
  });

  it("reads node --check's syntax error and tsc's diagnostics", () => {
    expect(parseOutput("node-test", fixture("node-check-error.txt")).errors).toEqual([
      {
        file: "src/calc/index.js",
        line: 2,
        column: null,
        message: "SyntaxError: Unexpected token ';'",
      },
    ]);
    expect(parseOutput("node-test", fixture("tsc-error.txt")).errors).toEqual([
      {
        file: "src/index.ts",
        line: 1,
        column: 14,
        message: "TS2322: Type 'string' is not assignable to type 'number'.",
      },
      {
        file: "src/index.ts",
        line: 2,
        column: 19,
        message: "TS7006: Parameter 'a' implicitly has an 'any' type.",
      },
    ]);
  });
});

describe("JUnit console output", () => {
  it("counts tests and locates the failure in the test class", () => {
    const parsed = parseOutput("junit-console", fixture("junit-console-failing.txt"));
    expect(parsed.tests).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(parsed.errors).toEqual([
      {
        file: "app/calc/CalcTest.java",
        line: 16,
        column: null,
        message: "addsWrong(): org.opentest4j.AssertionFailedError: expected: <5> but was: <4>",
      },
    ]);
  });

  it("reads javac's errors", () => {
    const parsed = parseOutput("junit-console", fixture("javac-error.txt"));
    expect(parsed.tests).toBeNull();
    expect(parsed.errors).toEqual([
      { file: "src/main/java/app/calc/Calc.java", line: 5, column: null, message: "';' expected" },
    ]);
  });
});

describe("go test output", () => {
  it("counts -v results and keeps only the failed test's log as an error", () => {
    const parsed = parseOutput("go-test", fixture("go-test-failing.txt"));
    expect(parsed.tests).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(parsed.errors).toEqual([
      {
        file: "calc_test.go",
        line: 13,
        column: null,
        message: "TestAddWrong: Add(2, 2) = 4, want 5",
      },
    ]);
  });

  it("reads go build and go vet diagnostics", () => {
    expect(parseOutput("go-test", fixture("go-build-error.txt")).errors).toEqual([
      { file: "calc/calc.go", line: 4, column: 13, message: "undefined: c" },
      {
        file: "calc/calc.go",
        line: 7,
        column: 33,
        message: "cannot use a (variable of type int) as type string in return statement",
      },
    ]);
    expect(parseOutput("go-test", fixture("go-vet-error.txt")).errors).toEqual([
      { file: "calc/calc.go", line: 4, column: 13, message: "undeclared name: c" },
    ]);
  });

  it("locates a panic in the module's code", () => {
    const output = [
      "=== RUN   TestDivide",
      "--- FAIL: TestDivide (0.00s)",
      "panic: runtime error: integer divide by zero [recovered]",
      "\tpanic: runtime error: integer divide by zero",
      "",
      "goroutine 6 [running]:",
      "testing.tRunner.func1.2({0x4f6f40, 0x5c6f10})",
      "\t/usr/lib/go-1.19/src/testing/testing.go:1396 +0x24e",
      "app/calc.Divide(...)",
      "\t/sandbox/work/calc/calc.go:8",
      "FAIL\tapp/calc\t0.004s",
    ].join("\n");
    const parsed = parseOutput("go-test", output);
    expect(parsed.tests).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(parsed.errors).toContainEqual({
      file: "calc/calc.go",
      line: 8,
      column: null,
      message: "panic: runtime error: integer divide by zero [recovered]",
    });
  });
});
