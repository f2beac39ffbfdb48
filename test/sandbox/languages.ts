import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerSandbox, type Sandbox, type SandboxSession } from "../../src/sandbox/index.ts";
import { PROFILES } from "../../src/stacks/builtin.ts";
import type { LanguageId } from "../../src/stacks/types.ts";
import { PROJECTS } from "./projects.ts";
import { REPORT_PROJECTS } from "./report-projects.ts";

/** Where REPORT_PROJECTS' header test fails: the line in the test, not in the code under test. */
const HEADER_FAILURE: Readonly<Record<LanguageId, { file: string; line: number }>> = {
  python: { file: "tests/test_report.py", line: 5 },
  node: { file: "test/report.test.js", line: 7 },
  java: { file: "src/test/java/app/report/ReportTest.java", line: 12 },
  go: { file: "report/report_test.go", line: 20 },
};
const TEST_FILES: Readonly<Record<LanguageId, [calc: string, report: string]>> = {
  python: ["tests/test_calc.py", "tests/test_report.py"],
  node: ["test/calc.test.js", "test/report.test.js"],
  java: ["src/test/java/app/calc/CalcTest.java", "src/test/java/app/report/ReportTest.java"],
  go: ["calc/calc_test.go", "report/report_test.go"],
};

/**
 * The per-language contract: a passing module with parsed counts, a compile error located by
 * file and line, a failing test located by file and line. One image and one warm container
 * per file, reused across the three cases as a run reuses it across fix attempts.
 */
export function describeLanguage(language: LanguageId): void {
  const projects = PROJECTS[language];
  describe(`${language} sandbox`, () => {
    let sandbox: Sandbox;
    let session: SandboxSession;

    beforeAll(async () => {
      sandbox = createDockerSandbox();
      session = await sandbox.openSession({
        toolchain: PROFILES[language].toolchain,
        labels: { run: `test-${language}`, module: "calc" },
      });
    }, 600_000);

    afterAll(async () => {
      await sandbox?.close();
    });

    it("builds and tests a passing module, counting its tests", async () => {
      const result = await session.run(projects.passing);
      const statuses = Object.fromEntries(
        result.phases.map((phase) => [phase.phase, phase.status]),
      );
      // Node's install runs once because package.json is a dependency manifest (no-op without dependencies).
      expect(["passed", "skipped"]).toContain(statuses.install);
      expect(statuses).toMatchObject({ build: "passed", test: "passed" });
      expect(result).toMatchObject({ ok: true, failure: null, errors: [], tests: projects.tests });
    }, 120_000);

    it("reports a compile error with its file and line, and skips the tests", async () => {
      const result = await session.run(projects.compileError.files);
      expect(result.ok).toBe(false);
      expect(result.failure).toBe("build");
      expect(result.phases.find((phase) => phase.phase === "test")?.status).toBe("skipped");
      expect(result.errors).toContainEqual(
        expect.objectContaining({
          file: projects.compileError.file,
          line: projects.compileError.line,
        }),
      );
    }, 120_000);

    it("reports a failing test with its counts, file and line", async () => {
      const result = await session.run(projects.failingTest.files);
      expect(result.ok).toBe(false);
      expect(result.failure).toBe("test");
      expect(result.tests).toEqual({ passed: 1, failed: 1, skipped: 0 });
      expect(result.errors).toContainEqual(
        expect.objectContaining({
          file: projects.failingTest.file,
          line: projects.failingTest.line,
        }),
      );
    }, 120_000);

    it("reads the runner's report: the line in the test, the whole message, counts per file", async () => {
      const result = await session.run(REPORT_PROJECTS[language] ?? []);
      expect(result).toMatchObject({ ok: false, failure: "test", testsFrom: "report" });
      expect(result.tests).toEqual({ passed: 2, failed: 2, skipped: 1 });
      const [calc, report] = TEST_FILES[language];
      expect(result.testsByFile).toEqual([
        { file: calc, passed: 1, failed: 0, skipped: 1 },
        { file: report, passed: 1, failed: 2, skipped: 0 },
      ]);
      expect(result.errors).toContainEqual(
        expect.objectContaining({
          ...HEADER_FAILURE[language],
          message: expect.stringContaining(
            "columns must not be empty: got [] while building the header line of the report",
          ),
        }),
      );
      expect(result.errors.map((error) => error.message).join("\n")).toContain(
        "eta-with-a-long-tail-that-goes-past-eighty-columns",
      );
      const log = result.phases.find((phase) => phase.phase === "test")?.stdout ?? "";
      expect(log).not.toContain('"Action"');
    }, 180_000);
  });
}
