import { relativeToWorkDir, WORK_DIR } from "../../sandbox/parsers/common.ts";
import { type JunitCase, readJunitCases } from "../../sandbox/reports/junit-xml.ts";
import { boundedMessage } from "../../sandbox/reports/message.ts";
import type {
  ReportContext,
  ReportedTest,
  ReportFile,
  RunnerReport,
} from "../../sandbox/reports/types.ts";

/**
 * Node's built-in `junit` reporter, one report per test file: its testcases name no file, so
 * `test/calc.test.js.xml` holds the tests of `test/calc.test.js`.
 */
export function readNodeTestReport(
  files: readonly ReportFile[],
  context: ReportContext,
): RunnerReport | null {
  const reports = files.filter((file) => file.path.endsWith(".xml"));
  if (reports.length === 0) return null;
  const tests: ReportedTest[] = [];
  for (const report of reports) {
    const cases = readJunitCases(report.content);
    if (cases === null) return null;
    const file = relativeToWorkDir(report.path.slice(0, -".xml".length));
    tests.push(...cases.map((testcase) => reportedTest(testcase, file, context.output)));
  }
  return { tests, console: null };
}

function reportedTest(testcase: JunitCase, file: string, output: string): ReportedTest {
  const failure = testcase.failure;
  // A file that fails to load is reported as one failed test named after its path, with
  // only "test failed": the reason is on the console.
  if (testcase.name === `${WORK_DIR}/${file}` && failure !== null) {
    const loadError = loadFailure(output, file);
    return {
      name: file,
      file,
      outcome: "failed",
      line: loadError?.line ?? null,
      message: boundedMessage(loadError?.message ?? failure.message),
    };
  }
  const name = [...testcase.suites, testcase.name].join(" > ");
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

/**
 * Why a test file did not load: Node prints the error as TAP comments before the file's
 * `# Subtest:` line, starting with the place (`file:///sandbox/work/test/x.test.js:2`).
 */
function loadFailure(
  output: string,
  file: string,
): { message: string; line: number | null } | null {
  const lines = output.split("\n");
  const end = lines.indexOf(`# Subtest: ${WORK_DIR}/${file}`);
  if (end < 0) return null;
  const start = lines.lastIndexOf("TAP version 13", end) + 1;
  const comments = lines.slice(start, end).map((line) => line.replace(/^# ?/, ""));
  const message = comments.find((line) => /^(?:\w*Error|Error \[\w+\]):? /.test(line));
  if (message === undefined) return null;
  const place = new RegExp(
    `^(?:file://)?${WORK_DIR}/${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+)$`,
  );
  const line = comments.map((comment) => place.exec(comment)?.[1]).find(Boolean);
  return { message, line: line === undefined ? null : Number.parseInt(line, 10) };
}
