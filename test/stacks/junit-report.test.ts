import { describe, expect, it } from "vitest";
import { parseTestReport } from "../../src/sandbox/reports/index.ts";
import { BASH_FILES } from "./bash-stack.ts";

/** bats --formatter junit, as Debian's bats 1.8 writes it for one failing test. */
const BATS_REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites time="0.093">
<testsuite name="calc.bats" tests="3" failures="1" errors="0" skipped="0" time="0.093" timestamp="2026-12-02T00:09:41" hostname="1e06783f0d1e">
    <testcase classname="calc.bats" name="add sums two numbers" time="0.008" />
    <testcase classname="calc.bats" name="add handles negative numbers" time="0.019" />
    <testcase classname="calc.bats" name="multiply multiplies two numbers" time="0.066">
        <failure type="failure">(in test file test/calc.bats, line 20)
  \`[ &quot;$output&quot; = &quot;42&quot; ]&#39; failed</failure>
    </testcase>
</testsuite>
</testsuites>
`;

const context = { files: BASH_FILES, output: "" };
const report = (content: string) =>
  parseTestReport("junit", [{ path: "test-reports/report.xml", content }], context);

describe("the contract's JUnit report", () => {
  it("counts bats' tests per file and places the failure in the test file", () => {
    expect(report(BATS_REPORT)).toEqual({
      tests: { passed: 2, failed: 1, skipped: 0 },
      byFile: [{ file: "test/calc.bats", passed: 2, failed: 1, skipped: 0 }],
      failures: [
        {
          file: "test/calc.bats",
          line: 20,
          column: null,
          message:
            'multiply multiplies two numbers: (in test file test/calc.bats, line 20)\n  `[ "$output" = "42" ]\' failed',
          test: "multiply multiplies two numbers",
        },
      ],
      console: null,
    });
  });

  it("takes a testcase's file and line attributes when a runner writes them", () => {
    const xml = `<testsuite name="calc"><testcase name="adds" classname="x.y.Calc" file="./test/calc.bats" line="7"><failure message="expected 5">trace</failure></testcase><testcase name="skips" classname="x.y.Calc"><skipped/></testcase></testsuite>`;

    expect(report(xml)).toMatchObject({
      tests: { passed: 0, failed: 1, skipped: 1 },
      byFile: [
        { file: "", passed: 0, failed: 0, skipped: 1 },
        { file: "test/calc.bats", passed: 0, failed: 1, skipped: 0 },
      ],
      failures: [{ file: "test/calc.bats", line: 7, message: "adds: expected 5" }],
    });
  });

  it("reads a report that declares entities as no report, since generated code wrote it", () => {
    const hostile = `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><testsuite><testcase name="&b;"/></testsuite>`;

    expect(report(hostile)).toBeNull();
    expect(parseTestReport("junit", [], context)).toBeNull();
  });
});
