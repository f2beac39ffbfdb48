import { relativeToWorkDir } from "../../sandbox/parsers/common.ts";
import { type JunitCase, readJunitCases } from "../../sandbox/reports/junit-xml.ts";
import { boundedMessage } from "../../sandbox/reports/message.ts";
import type { ReportedTest, ReportFile, RunnerReport } from "../../sandbox/reports/types.ts";

/** pytest's `--junitxml` with `junit_family=xunit1`, which gives each testcase its file. */
export function readPytestReport(files: readonly ReportFile[]): RunnerReport | null {
  const cases = files
    .filter((file) => file.path.endsWith(".xml"))
    .map((file) => readJunitCases(file.content));
  if (cases.length === 0 || cases.some((list) => list === null)) return null;
  return { tests: cases.flatMap((list) => (list ?? []).map(reportedTest)), console: null };
}

function reportedTest(testcase: JunitCase): ReportedTest {
  const file = relativeToWorkDir(testcase.attributes.file ?? "");
  const failure = testcase.failure;
  return {
    name: testcase.name,
    file,
    outcome: testcase.outcome,
    line: failure ? failingLine(failure.text, file) : null,
    message: failure ? boundedMessage(failureMessage(failure)) : null,
  };
}

/**
 * The traceback's last frame in the test file (`tests/test_x.py:5: `), not its last line,
 * which is often in the code under test.
 */
function failingLine(traceback: string, file: string): number | null {
  let line: number | null = null;
  for (const match of traceback.matchAll(/^(\S+\.py):(\d+):/gm)) {
    if (relativeToWorkDir(match[1] ?? "") === file) line = Number.parseInt(match[2] ?? "", 10);
  }
  return line;
}

/** The whole crash message; a collection error's message is only "collection failure". */
function failureMessage(failure: { message: string; text: string }): string {
  if (failure.message !== "" && failure.message !== "collection failure") return failure.message;
  const raised = failure.text
    .split("\n")
    .filter((line) => line.startsWith("E "))
    .map((line) => line.replace(/^E {1,3}/, ""));
  return raised.length > 0 ? raised.join("\n") : failure.text || failure.message;
}
