import { relativeToWorkDir, WORK_DIR } from "../parsers/common.ts";
import { type JunitCase, readJunitCases } from "./junit-xml.ts";
import { boundedMessage } from "./message.ts";
import type { ReportedTest, ReportFile, RunnerReport } from "./types.ts";

/**
 * Node's built-in `junit` reporter, one report per test file: its testcases name no file, so
 * `test/calc.test.js.xml` holds the tests of `test/calc.test.js`.
 */
export function readNodeTestReport(files: readonly ReportFile[]): RunnerReport | null {
  const reports = files.filter((file) => file.path.endsWith(".xml"));
  if (reports.length === 0) return null;
  const tests: ReportedTest[] = [];
  for (const report of reports) {
    const cases = readJunitCases(report.content);
    if (cases === null) return null;
    const file = relativeToWorkDir(report.path.slice(0, -".xml".length));
    tests.push(...cases.map((testcase) => reportedTest(testcase, file)));
  }
  return { tests, console: null };
}

function reportedTest(testcase: JunitCase, file: string): ReportedTest {
  const failure = testcase.failure;
  // A file that fails to load is reported as one failed test named after its path.
  const name =
    testcase.name === `${WORK_DIR}/${file}`
      ? file
      : [...testcase.suites, testcase.name].join(" > ");
  return {
    name,
    file,
    outcome: testcase.outcome,
    line: failure ? failingLine(failure.text, file) : null,
    message: failure ? boundedMessage(failureMessage(failure)) : null,
  };
}

/** The innermost stack frame in the test file (`file:///sandbox/work/test/x.test.js:5:10`). */
function failingLine(stack: string, file: string): number | null {
  for (const match of stack.matchAll(/\(?(file:\/\/\/\S+?|\/\S+?):(\d+):\d+\)?$/gm)) {
    if (relativeToWorkDir(match[1] ?? "") === file) return Number.parseInt(match[2] ?? "", 10);
  }
  return null;
}

/**
 * The reporter's `message` attribute loses the line breaks; the body prints the error with
 * `util.inspect`, whose `cause:` is the assertion as thrown, up to its stack.
 */
function failureMessage(failure: { message: string; text: string }): string {
  const cause = /^ {2}cause: (?!')([\s\S]*?)\n\s+at /m.exec(failure.text)?.[1];
  if (cause === undefined) return failure.message;
  return cause
    .split("\n")
    .map((line) => line.replace(/^ {2}/, ""))
    .join("\n");
}
