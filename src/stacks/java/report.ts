import { type JunitCase, readJunitCases } from "../../sandbox/reports/junit-xml.ts";
import { boundedMessage } from "../../sandbox/reports/message.ts";
import type { ReportedTest, ReportFile, RunnerReport } from "../../sandbox/reports/types.ts";

/**
 * The JUnit Platform console launcher's `--reports-dir` (one legacy XML report per engine).
 * A testcase names its class; the file is the class's path (`app/calc/CalcTest.java`), which
 * the sandbox resolves against the module's files.
 */
export function readJunitPlatformReport(files: readonly ReportFile[]): RunnerReport | null {
  const reports = files.filter((file) => file.path.endsWith(".xml"));
  if (reports.length === 0) return null;
  const tests: ReportedTest[] = [];
  for (const report of reports) {
    const cases = readJunitCases(report.content);
    if (cases === null) return null;
    tests.push(...cases.map(reportedTest));
  }
  return { tests, console: null };
}

function reportedTest(testcase: JunitCase): ReportedTest {
  const outerClass = testcase.classname.split("$")[0] ?? testcase.classname;
  const failure = testcase.failure;
  return {
    name: `${testcase.classname.split(".").at(-1) ?? ""}.${testcase.name}`,
    file: outerClass === "" ? "" : `${outerClass.replaceAll(".", "/")}.java`,
    outcome: testcase.outcome,
    line: failure ? failingLine(failure.text, outerClass) : null,
    message: failure ? boundedMessage(failureMessage(failure)) : null,
  };
}

/** The first frame in the test class or one of its nested classes and lambdas. */
function failingLine(stack: string, outerClass: string): number | null {
  const escaped = outerClass.replace(/[.$]/g, (char) => `\\${char}`);
  const frame = new RegExp(
    `^\\s*at ${escaped}(?:\\$[\\w$]+)?\\.[\\w$<>]+\\(\\w+\\.java:(\\d+)\\)`,
    "m",
  );
  const line = frame.exec(stack)?.[1];
  return line === undefined ? null : Number.parseInt(line, 10);
}

/** The exception as printed (`org.opentest4j.AssertionFailedError: …`), every line, without its stack. */
function failureMessage(failure: { message: string; type: string; text: string }): string {
  const thrown = failure.text.split(/\n\s*at /)[0]?.trim();
  if (thrown) return thrown;
  return [failure.type, failure.message].filter(Boolean).join(": ");
}
