import { dirname, posix } from "node:path";
import { z } from "zod";
import { relativeToWorkDir } from "../../sandbox/parsers/common.ts";
import { boundedMessage } from "../../sandbox/reports/message.ts";
import type {
  ReportContext,
  ReportedTest,
  ReportFile,
  RunnerReport,
} from "../../sandbox/reports/types.ts";
import type { SandboxFile } from "../../sandbox/types.ts";

const eventSchema = z.object({
  Action: z.string(),
  Package: z.string().optional(),
  Test: z.string().optional(),
  Output: z.string().optional(),
});
type GoEvent = z.infer<typeof eventSchema>;

type TestRecord = {
  pkg: string;
  name: string;
  outcome: ReportedTest["outcome"] | null;
  output: string[];
};

/**
 * `go test -json` events. They name packages, not files: a test's file is the package
 * directory's `_test.go` file that declares it; a failure's line is its log line
 * (`calc_test.go:10:`) or, for a panic, the stack frame in a test file.
 */
export function readGoTestReport(
  files: readonly ReportFile[],
  context: ReportContext,
): RunnerReport | null {
  const report = files.find((file) => file.path.endsWith(".json"));
  if (report === undefined) return null;
  const events = report.content
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return eventSchema.safeParse(JSON.parse(line)).data;
      } catch {
        return undefined;
      }
    })
    .filter((event): event is GoEvent => event !== undefined);
  if (events.length === 0) return null;

  const tests = new Map<string, TestRecord>();
  const packageOutput = new Map<string, string[]>();
  const failedPackages = new Set<string>();
  for (const event of events) {
    const pkg = event.Package ?? "";
    if (event.Test === undefined) {
      if (event.Output !== undefined)
        packageOutput.set(pkg, [...(packageOutput.get(pkg) ?? []), event.Output]);
      if (event.Action === "fail") failedPackages.add(pkg);
      continue;
    }
    const key = `${pkg}\0${event.Test}`;
    const record = tests.get(key) ?? { pkg, name: event.Test, outcome: null, output: [] };
    tests.set(key, record);
    if (event.Output !== undefined) record.output.push(event.Output);
    if (event.Action === "pass" || event.Action === "fail" || event.Action === "skip") {
      record.outcome =
        event.Action === "pass" ? "passed" : event.Action === "fail" ? "failed" : "skipped";
    }
  }

  const records = [...tests.values()];
  // A test with subtests passes or fails through them: count the leaves only.
  const leaves = records.filter(
    (record) =>
      !records.some(
        (other) => other.pkg === record.pkg && other.name.startsWith(`${record.name}/`),
      ),
  );
  const reported = leaves.map((record) => reportedTest(record, context.files));
  for (const pkg of failedPackages) {
    if (leaves.some((record) => record.pkg === pkg && (record.outcome ?? "failed") === "failed"))
      continue;
    const output = (packageOutput.get(pkg) ?? []).join("");
    reported.push({
      name: pkg,
      file: packageDirectory(pkg, context.files),
      outcome: "failed",
      line: null,
      message: boundedMessage(output || `package ${pkg} failed`),
    });
  }
  const console = events.map((event) => event.Output ?? "").join("");
  return { tests: reported, console };
}

function reportedTest(record: TestRecord, files: readonly SandboxFile[]): ReportedTest {
  const directory = packageDirectory(record.pkg, files);
  const topLevel = record.name.split("/")[0] ?? record.name;
  const file = declaringFile(directory, topLevel, files);
  const failed = record.outcome === "failed";
  const location = failed ? failureLocation(record.output, directory) : null;
  return {
    name: `${posix.basename(record.pkg)}.${record.name}`,
    file: location?.file ?? file,
    outcome: record.outcome ?? "failed",
    line: location?.line ?? null,
    message: failed ? boundedMessage(failureLog(record.output) || `${record.name} failed`) : null,
  };
}

/** `app/calc` lives in `calc/`: the longest directory of the module's files that ends the import path. */
function packageDirectory(pkg: string, files: readonly SandboxFile[]): string {
  const directories = [...new Set(files.map((file) => dirname(file.path)))].filter(
    (directory) => directory !== "." && (pkg === directory || pkg.endsWith(`/${directory}`)),
  );
  return directories.sort((a, b) => b.length - a.length)[0] ?? ".";
}

function declaringFile(directory: string, test: string, files: readonly SandboxFile[]): string {
  const candidates = files.filter(
    (file) => dirname(file.path) === directory && file.path.endsWith("_test.go"),
  );
  const declaration = new RegExp(`^func ${test.replace(/\W/g, "")}\\(`, "m");
  return (
    (candidates.find((file) => declaration.test(file.content)) ?? candidates[0])?.path ?? directory
  );
}

function failureLocation(
  output: readonly string[],
  directory: string,
): { file: string; line: number } | null {
  for (const line of output) {
    const logged = /^\s+(\w[\w.-]*_test\.go):(\d+): /.exec(line);
    if (logged) return { file: posix.join(directory, logged[1] ?? ""), line: Number(logged[2]) };
  }
  for (const line of output) {
    const frame = /^\s+(\/\S+_test\.go):(\d+)/.exec(line);
    if (frame) return { file: relativeToWorkDir(frame[1] ?? ""), line: Number(frame[2]) };
  }
  return null;
}

/** What the test printed, without the runner's `=== RUN` and `--- FAIL` lines. */
function failureLog(output: readonly string[]): string {
  return output
    .filter((line) => !/^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)/.test(line))
    .map(
      (line) => /^\s*\w[\w.-]*_test\.go:\d+: (.*)$/s.exec(line)?.[1] ?? line.replace(/^ {4}/, ""),
    )
    .join("");
}
