import { resolvePath } from "../resolve-error-files.ts";
import { type JunitCase, readJunitCases } from "./junit-xml.ts";
import { boundedMessage } from "./message.ts";
import type { ReportContext, ReportedTest, ReportFile, RunnerReport } from "./types.ts";

/**
 * A JUnit XML report in no runner's dialect in particular (the external stack contract's
 * `junit`). A testcase's file is its `file` attribute or its `classname`, when either names one
 * of the module's files (bats: `calc.bats` for `test/calc.bats`); its line is its `line`
 * attribute, or the first `<file>:<n>` / `<file>, line <n>` in the failure's text.
 */
export function readJunitReport(
  files: readonly ReportFile[],
  context: ReportContext,
): RunnerReport | null {
  if (files.length === 0) return null;
  const paths = context.files.map((file) => file.path);
  const tests: ReportedTest[] = [];
  for (const report of files) {
    const cases = readJunitCases(report.content);
    if (cases === null) return null;
    tests.push(...cases.map((testcase) => reportedTest(testcase, paths)));
  }
  return { tests, console: null };
}

function reportedTest(testcase: JunitCase, paths: readonly string[]): ReportedTest {
  const file = moduleFile([testcase.attributes.file, testcase.classname], paths);
  const failure = testcase.failure;
  return {
    name: testcase.name,
    file,
    outcome: testcase.outcome,
    line: failure ? (lineAttribute(testcase) ?? failingLine(failure.text, file)) : null,
    message: failure ? boundedMessage(failure.message || failure.text || "failed") : null,
  };
}

function moduleFile(candidates: readonly (string | undefined)[], paths: readonly string[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const resolved = resolvePath(candidate.replace(/^(\.\/)+/, ""), paths);
    if (paths.includes(resolved)) return resolved;
  }
  return "";
}

function lineAttribute(testcase: JunitCase): number | null {
  const line = Number.parseInt(testcase.attributes.line ?? "", 10);
  return Number.isInteger(line) && line > 0 ? line : null;
}

function failingLine(text: string, file: string): number | null {
  if (file === "") return null;
  const name = (file.split("/").at(-1) ?? file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const line = new RegExp(`${name}(?::|, line )(\\d+)`).exec(text)?.[1];
  return line === undefined ? null : Number.parseInt(line, 10);
}
