import { readGoTestReport } from "../../stacks/go/report.ts";
import { readJunitPlatformReport } from "../../stacks/java/report.ts";
import { readNodeTestReport } from "../../stacks/node/report.ts";
import { readPytestReport } from "../../stacks/python/report.ts";
import type { RunnerReportFormat } from "../../stacks/toolchain.ts";
import { parsedError } from "../parsers/common.ts";
import { stripTerminalControls } from "../terminal-text.ts";
import type { FileTestCounts, ParsedError, TestCounts } from "../types.ts";
import { readJunitReport } from "./junit.ts";
import type { ReportContext, ReportedTest, ReportFile, RunnerReport } from "./types.ts";

const READERS: Readonly<
  Record<
    RunnerReportFormat | "junit",
    (files: readonly ReportFile[], context: ReportContext) => RunnerReport | null
  >
> = {
  "pytest-junit": readPytestReport,
  "node-junit": readNodeTestReport,
  "junit-platform": readJunitPlatformReport,
  "go-test-json": readGoTestReport,
  junit: readJunitReport,
};

export type TestReport = {
  tests: TestCounts;
  byFile: FileTestCounts[];
  /** One per failed test: its file, the line in the test, and the whole message (bounded). */
  failures: ParsedError[];
  /** Text for the test phase's log when the report replaced the console. */
  console: string | null;
};

/** Counts and failures from the runner's own report, or null when it is missing or unreadable. */
export function parseTestReport(
  format: RunnerReportFormat | "junit",
  files: readonly ReportFile[],
  context: ReportContext,
): TestReport | null {
  // Toolchains are validated, but a format this sandbox does not read must not throw.
  if (!Object.hasOwn(READERS, format)) return null;
  const report = READERS[format](files, context);
  if (report === null) return null;
  return {
    tests: countsOf(report.tests),
    byFile: countsByFile(report.tests),
    failures: report.tests
      .filter((test) => test.outcome === "failed")
      .map((test) => ({
        ...parsedError(
          test.file,
          test.line,
          null,
          stripTerminalControls(`${test.name}: ${test.message ?? "failed"}`),
        ),
        test: stripTerminalControls(test.name),
      })),
    // Reports are sandbox output too, and XML entities can carry controls past the capture.
    console: report.console === null ? null : stripTerminalControls(report.console),
  };
}

function countsOf(tests: readonly ReportedTest[]): TestCounts {
  const count = (outcome: ReportedTest["outcome"]): number =>
    tests.filter((test) => test.outcome === outcome).length;
  return { passed: count("passed"), failed: count("failed"), skipped: count("skipped") };
}

function countsByFile(tests: readonly ReportedTest[]): FileTestCounts[] {
  const files = [...new Set(tests.map((test) => test.file))].sort();
  return files.map((file) => ({
    file,
    ...countsOf(tests.filter((test) => test.file === file)),
  }));
}

export type { ReportFile } from "./types.ts";
