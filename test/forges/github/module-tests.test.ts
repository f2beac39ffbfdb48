import { describe, expect, it } from "vitest";
import { newModuleProgress } from "../../../src/core/generation.ts";
import { initialState } from "../../../src/core/machine.ts";
import type { Generation, ModuleProgress, RunState } from "../../../src/core/types.ts";
import { decisionReply } from "../../../src/forges/github/notices.ts";
import { renderPlanComment } from "../../../src/forges/github/plan-comment.ts";
import { checkRunReport, renderPullRequestBody } from "../../../src/forges/github/run-report.ts";
import { summarizeBuild } from "../../../src/run/build-summary.ts";
import type { SandboxResult } from "../../../src/sandbox/index.ts";
import { plan } from "../../core/fixtures.ts";

/** The report module's run: its own test file and the parser's (an earlier module's). */
const reportRun: SandboxResult = {
  ok: false,
  failure: "test",
  phases: [
    {
      phase: "test",
      status: "failed",
      exitCode: 1,
      durationMs: 900,
      stdout: "1 failed, 4 passed in 0.05s",
      stderr: "",
      truncated: false,
      limitReached: null,
    },
  ],
  tests: { passed: 4, failed: 1, skipped: 0 },
  testsByFile: [
    { file: "tests/test_parser.py", passed: 2, failed: 0, skipped: 0 },
    { file: "tests/test_report.py", passed: 2, failed: 1, skipped: 0 },
  ],
  testsFrom: "report",
  errors: [
    {
      file: "tests/test_report.py",
      line: 9,
      column: null,
      test: "test_render_long",
      message:
        "test_render_long: AssertionError: assert 'a,b...' == 'a,b...'\n    a,b\n  - c,d-with-a-long-tail\n  + c,d",
    },
  ],
  durationMs: 1_000,
};
const REPORT_FILES = ["expenses/report.py", "tests/test_report.py"];

function generationWith(build: ModuleProgress["build"]): Generation {
  const module = (name: string, status: ModuleProgress["status"]): ModuleProgress => ({
    ...newModuleProgress(name),
    status,
    attempts: 1,
    build: name === "report" ? build : null,
    tokens: { promptTokens: 10, completionTokens: 5 },
    durationMs: 1_000,
  });
  return {
    branch: "codegen/issue-1",
    maxAttempts: 5,
    tokenBudget: null,
    modules: [module("parser", "succeeded"), module("report", "failed")],
    current: 1,
    changeRequest: null,
  };
}

describe("a module's own tests, apart from the earlier modules'", () => {
  const build = summarizeBuild(reportRun, REPORT_FILES);
  const generation = generationWith(build);
  const report = generation.modules[1] as ModuleProgress;
  const own = "2 passed, 1 failed · earlier modules: 2 passed";

  it("counts the module's test files as its own and the rest as the earlier modules'", () => {
    expect(build.tests).toEqual({ passed: 2, failed: 1, skipped: 0 });
    expect(build.earlierTests).toEqual({ passed: 2, failed: 0, skipped: 0 });
  });

  it("keeps the suite's counts when only the console counted them", () => {
    const console = summarizeBuild(
      { ...reportRun, testsByFile: [], testsFrom: "console" },
      REPORT_FILES,
    );
    expect(console.tests).toEqual({ passed: 4, failed: 1, skipped: 0 });
    expect(console.earlierTests).toBeNull();
  });

  it("shows them in the PR table, the check run and the plan comment", () => {
    const tokens = { promptTokens: 20, completionTokens: 10 };
    const body = renderPullRequestBody({ plan, generation, tokens, phase: "generating" }, 1);
    expect(body).toContain(`| \`report\` | ❌ failed | 1 | ❌ test | ${own} |`);
    expect(checkRunReport(report, generation).summary).toContain(`tests: ${own}`);
    const generating: Extract<RunState, { phase: "generating" }> = {
      ...initialState,
      phase: "generating",
      plan,
      generation,
      version: 3,
    };
    const comment = renderPlanComment(generating);
    expect(comment).toContain(`tests: ${own}`);
  });

  it("says so when an earlier module's tests now fail", () => {
    const broken = summarizeBuild(
      {
        ...reportRun,
        testsByFile: [
          { file: "tests/test_parser.py", passed: 1, failed: 1, skipped: 0 },
          { file: "tests/test_report.py", passed: 3, failed: 0, skipped: 0 },
        ],
      },
      REPORT_FILES,
    );
    const row = renderPullRequestBody(
      {
        plan,
        generation: generationWith(broken),
        tokens: initialState.tokens,
        phase: "generating",
      },
      1,
    );
    expect(row).toContain("3 passed, 0 failed · earlier modules: 1 passed, 1 failed");
  });

  it("carries the failing test's name and whole message to the annotation and the decision", () => {
    expect(checkRunReport(report, generation).annotations).toEqual([
      {
        path: "tests/test_report.py",
        line: 9,
        title: "test_render_long",
        message: reportRun.errors[0]?.message,
      },
    ]);
    const deciding: Extract<RunState, { phase: "awaiting_decision" }> = {
      ...initialState,
      phase: "awaiting_decision",
      plan,
      generation,
      reason: "attempts",
      detail: "`report` failed 5 attempts.",
      version: 4,
    };
    const decision = decisionReply(deciding);
    // The first line in the list, the rest of the message fenced under it (a diff's "- "
    // lines would otherwise become list items).
    expect(decision).toContain(
      [
        "- `tests/test_report.py:9` test\\_render\\_long: AssertionError: assert 'a,b...' == 'a,b...'",
        "  ```",
        "      a,b",
        "    - c,d-with-a-long-tail",
        "    + c,d",
        "  ```",
      ].join("\n"),
    );
  });
});
