import { describe, expect, it } from "vitest";
import { initialState, transition } from "../../src/core/machine.ts";
import type { BuildSummary, RunEffect, RunEvent, RunState } from "../../src/core/types.ts";
import { finalSummaryReply, renderNotice } from "../../src/forges/github/notices.ts";
import { plan, reader, writer } from "./fixtures.ts";

const usage = { promptTokens: 1000, completionTokens: 500 };
const passed: BuildSummary = {
  ok: true,
  failure: null,
  tests: { passed: 3, failed: 0, skipped: 0 },
  phases: [{ phase: "test", status: "passed", durationMs: 900 }],
  logTail: "3 passed in 0.01s",
  errors: [],
  durationMs: 1200,
};
const failedTest: BuildSummary = {
  ...passed,
  ok: false,
  failure: "test",
  tests: { passed: 2, failed: 1, skipped: 0 },
  logTail: "FAILED tests/test_report.py::test_rounding - assert 10.005 == 10.01",
  errors: [{ file: "tests/test_report.py", line: 12, message: "assert 10.005 == 10.01" }],
};

function generating(): RunState {
  return {
    ...initialState,
    phase: "generating",
    plan,
    generation: null,
    version: 3,
    planComment: { id: 77, version: 3, hash: "h" },
  };
}

function types(effects: RunEffect[]): string[] {
  return effects.map((effect) => effect.type);
}

function run(state: RunState, ...events: RunEvent[]): { state: RunState; effects: RunEffect[] } {
  let effects: RunEffect[] = [];
  for (const event of events) ({ state, effects } = transition(state, event));
  return { state, effects };
}

const prepared: RunEvent = {
  type: "generation_prepared",
  branch: "codegen/issue-1",
  maxAttempts: 3,
  tokenBudget: null,
};
const finished = (module: string, build: BuildSummary, content = "code"): RunEvent => ({
  type: "attempt_finished",
  module,
  files: [`expenses/${module}.py`],
  written: [{ path: `expenses/${module}.py`, content }],
  refused: [],
  steps: ["wrote it"],
  build,
  usage,
  durationMs: 2000,
});
const committedRound = (module: string, commit: string | null): RunEvent => ({
  type: "round_committed",
  module,
  commit,
});
const command = (name: "retry" | "continue" | "abort" | "status", args = ""): RunEvent => ({
  type: "command",
  actor: writer,
  command: name,
  args,
  commentId: 5,
  checklist: null,
});

function phaseOf(state: RunState) {
  return state.phase;
}
function modulesOf(state: RunState) {
  return "generation" in state && state.generation ? state.generation.modules : [];
}

/** The first thing a transition says, as the GitHub forge words it from the state after it. */
function said({ state, effects }: { state: RunState; effects: RunEffect[] }): string {
  const notice = effects.find((effect) => effect.type === "notify");
  return notice?.type === "notify" ? renderNotice(notice.notice, state) : "";
}

describe("generation loop", () => {
  it("prepares the branch first, then yields before the first attempt", () => {
    expect(types(transition(generating(), { type: "resume" }).effects)).toEqual([
      "prepare_generation",
    ]);
    const { state, effects } = transition(generating(), prepared);
    expect(effects).toEqual([{ type: "continue" }]);
    expect(modulesOf(state).map((m) => [m.name, m.status])).toEqual([
      ["parser", "queued"],
      ["report", "queued"],
    ]);
  });

  it("generates the first module, then on success checks it, updates the PR and goes on", () => {
    const started = run(generating(), prepared, { type: "resume" });
    expect(started.effects).toEqual([
      { type: "render_plan", basedOnHash: null, progress: true },
      { type: "generate_code", module: "parser", mode: "generate" },
    ]);
    expect(modulesOf(started.state)[0]?.status).toBe("running");
    const done = transition(started.state, finished("parser", passed));
    // The round's draft is committed once, before its result is shown on that commit.
    expect(types(done.effects)).toEqual([
      "commit_round",
      "report_module",
      "close_sandbox",
      "update_change_request",
      "continue",
    ]);
    expect(modulesOf(done.state)[0]).toMatchObject({
      status: "succeeded",
      attempts: 1,
      lastCommit: null,
      draft: [{ path: "expenses/parser.py", content: "code" }],
      history: [{ attempt: 1, commit: null, outcome: "passed", detail: "3 passed, 0 failed" }],
      files: ["expenses/parser.py"],
      steps: ["wrote it"],
      tokens: usage,
    });
    expect(done.state.tokens).toEqual(usage);
    const committed = transition(done.state, committedRound("parser", "c1"));
    expect(modulesOf(committed.state)[0]).toMatchObject({
      lastCommit: "c1",
      draft: [],
      history: [{ attempt: 1, commit: "c1" }],
    });
    const next = transition(committed.state, { type: "resume" });
    expect(next.effects).toContainEqual({
      type: "generate_code",
      module: "report",
      mode: "generate",
    });
  });

  it("fixes a failing module until the attempts run out, then asks the human", () => {
    let state = run(generating(), prepared, { type: "resume" }, finished("parser", passed), {
      type: "resume",
    }).state;
    const fixes: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const result = transition(state, finished("report", failedTest, `r${attempt}`));
      // No attempt writes to the forge: each one's files wait in the draft, the last one's on top.
      expect(modulesOf(result.state)[1]?.draft).toEqual([
        { path: "expenses/report.py", content: `r${attempt}` },
      ]);
      state = result.state;
      if (attempt < 3) {
        expect(result.effects).toEqual([{ type: "continue" }]);
        const resumed = transition(state, { type: "resume" });
        fixes.push(
          resumed.effects.flatMap((e) => (e.type === "generate_code" ? [e.mode] : [])).join(),
        );
        state = resumed.state;
      } else {
        expect(phaseOf(state)).toBe("awaiting_decision");
        expect(types(result.effects)).toEqual([
          "commit_round",
          "report_module",
          "render_plan",
          "notify",
        ]);
        state = transition(state, committedRound("report", "r3")).state;
        const body = said(result);
        expect(body).toContain("❌ `report` failed 3 attempts.");
        expect(body).toContain("`tests/test_report.py:12` assert 10.005 == 10.01");
        expect(body).toMatch(/<details><summary>Last build output \(test failed\)<\/summary>/);
        expect(body).toContain("- `/retry [hint]`: 3 more attempts");
        expect(body).toContain("- `/continue`: skip `report`");
        expect(body).toContain("the branch `codegen/issue-1` stays");
      }
    }
    expect(fixes).toEqual(["fix", "fix"]);
    expect(modulesOf(state)[1]).toMatchObject({ status: "failed", attempts: 3, lastCommit: "r3" });
  });

  function exhausted(): RunState {
    let state = run(generating(), prepared, { type: "resume" }, finished("parser", passed), {
      type: "resume",
    }).state;
    for (let attempt = 1; attempt <= 3; attempt++) {
      state = transition(state, finished("report", failedTest)).state;
      if (attempt < 3) state = transition(state, { type: "resume" }).state;
    }
    // The round's result, written by its report_module effect.
    return transition(state, {
      type: "module_reported",
      module: "report",
      resultId: 900,
      sha: "c1",
    }).state;
  }

  it("/retry with a hint starts a new round; the hint reaches the next fix", () => {
    const retried = transition(exhausted(), command("retry", "round half up"));
    expect(phaseOf(retried.state)).toBe("generating");
    expect(retried.effects.map((e) => (e.type === "acknowledge" ? e.ack : e.type))).toEqual([
      "seen",
      "continue",
      "done",
    ]);
    expect(modulesOf(retried.state)[1]).toMatchObject({
      status: "queued",
      roundStart: 3,
      hint: "round half up",
      // The failed round's result stays as it is; the new round writes its own.
      resultId: 900,
    });
    const resumed = transition(retried.state, { type: "resume" });
    expect(resumed.effects).toContainEqual({
      type: "generate_code",
      module: "report",
      mode: "fix",
    });
    const again = transition(resumed.state, finished("report", failedTest));
    expect(again.effects).toEqual([{ type: "continue" }]);
  });

  it("/continue skips the failed module and finishes the run", () => {
    const skipped = transition(exhausted(), command("continue"));
    expect(types(skipped.effects)).toEqual([
      "acknowledge",
      "close_sandbox",
      "notify",
      "update_change_request",
      "continue",
      "acknowledge",
    ]);
    expect(said(skipped)).toMatch(/Skipped `report`.*stay in the pull request and fail/);
    expect(modulesOf(skipped.state)[1]?.status).toBe("skipped");
    const done = transition(skipped.state, { type: "resume" });
    expect(phaseOf(done.state)).toBe("completed");
    expect(types(done.effects)).toEqual([
      "render_plan",
      "publish_results",
      "update_change_request",
      "finish_change_request",
      "notify",
    ]);
    expect(done.state.phase === "completed" && finalSummaryReply(done.state)).toMatch(
      /^🏁 Done: 1 succeeded, 0 failed, 1 skipped, in 4 attempts using 6000 tokens\./,
    );
  });

  it("/abort stops between steps and closes the module's sandbox", () => {
    const state = run(generating(), prepared, { type: "resume" }).state;
    const aborted = transition(state, command("abort"));
    expect(phaseOf(aborted.state)).toBe("aborted");
    expect(types(aborted.effects)).toEqual([
      "acknowledge",
      "commit_round",
      "close_sandbox",
      "notify",
      "render_plan",
      "acknowledge",
    ]);
    // A late result or resume after the abort does nothing.
    expect(transition(aborted.state, finished("parser", passed)).effects).toEqual([]);
    expect(transition(aborted.state, { type: "resume" }).effects).toEqual([]);
  });

  it("a generator failure counts as an attempt; an unsupported language asks the human at once", () => {
    const state = run(generating(), prepared, { type: "resume" }).state;
    const retryable = transition(state, {
      type: "attempt_failed",
      module: "parser",
      files: [],
      refused: [],
      error: "unusable output",
      retryable: true,
      usage,
      durationMs: 10,
    });
    expect(retryable.effects).toEqual([{ type: "continue" }]);
    expect(modulesOf(retryable.state)[0]).toMatchObject({ attempts: 1, error: "unusable output" });
    expect(transition(retryable.state, { type: "resume" }).effects).toContainEqual({
      type: "generate_code",
      module: "parser",
      mode: "generate",
    });
    const unsupported = transition(state, {
      type: "attempt_failed",
      module: "parser",
      files: [],
      refused: [],
      error: 'No code generator for "cobol".',
      retryable: false,
      usage,
      durationMs: 10,
    });
    expect(unsupported.state).toMatchObject({ phase: "awaiting_decision", reason: "unsupported" });
    expect(
      transition(unsupported.state, command("retry")).effects.map((e) =>
        e.type === "acknowledge" ? e.ack : e.type,
      ),
    ).toEqual(["seen", "notify", "refused"]);
  });

  it("a part the attempt needs is down: the round so far is committed and the run waits", () => {
    const state = run(generating(), prepared, { type: "resume" }).state;
    const failed = transition(state, {
      type: "attempt_failed",
      module: "parser",
      files: ["expenses/parser.py"],
      written: [{ path: "expenses/parser.py", content: "code" }],
      refused: [],
      error: "the sandbox could not build the module: Docker is down",
      retryable: true,
      usage,
      durationMs: 10,
    });
    const blocked = transition(failed.state, {
      type: "attempt_blocked",
      module: "parser",
      reason: "the sandbox's Docker engine is unreachable",
    });
    expect(blocked.state).toMatchObject({ phase: "awaiting_decision", reason: "unavailable" });
    expect(types(blocked.effects)).toEqual(["commit_round", "render_plan", "notify"]);
    expect(modulesOf(blocked.state)[0]?.draft).toEqual([
      { path: "expenses/parser.py", content: "code" },
    ]);
  });

  it("stops before overspending the token budget; /retry grants another budget", () => {
    const budgeted: RunEvent = { ...prepared, tokenBudget: 1000 } as RunEvent;
    const state = run(generating(), budgeted, { type: "resume" }, finished("parser", passed)).state;
    const stopped = transition(state, { type: "resume" });
    expect(stopped.state).toMatchObject({ phase: "awaiting_decision", reason: "budget" });
    expect(said(stopped)).toMatch(/used 1500 of its 1000-token budget/);
    const retried = transition(stopped.state, command("retry"));
    const generation = "generation" in retried.state ? retried.state.generation : null;
    expect(generation?.tokenBudget).toBe(2500);
    expect(transition(retried.state, { type: "resume" }).effects).toContainEqual({
      type: "generate_code",
      module: "report",
      mode: "generate",
    });
  });

  it("records the pull request, and a closed issue stops the run", () => {
    const state = run(generating(), prepared, { type: "resume" }).state;
    const withPr = transition(state, {
      type: "change_request_updated",
      changeRequest: { number: 9, id: "PR_9", url: "https://github.com/o/r/pull/9", draft: true },
    }).state;
    expect("generation" in withPr && withPr.generation?.changeRequest?.number).toBe(9);
    const closed = transition(withPr, { type: "issue_closed" });
    expect(phaseOf(closed.state)).toBe("aborted");
    expect(types(closed.effects)).toEqual([
      "commit_round",
      "close_sandbox",
      "render_plan",
      "notify",
    ]);
    expect(transition(initialState, { type: "issue_closed" }).effects).toEqual([]);
  });

  it("Re-run on the failed module's check run retries it; others' re-runs do nothing", () => {
    const state = exhausted();
    const rerun = transition(state, {
      type: "rerun_requested",
      actor: writer,
      resultId: 900,
    });
    expect(phaseOf(rerun.state)).toBe("generating");
    expect(transition(state, { type: "rerun_requested", actor: writer, resultId: 1 }).state).toBe(
      state,
    );
    const refused = transition(state, {
      type: "rerun_requested",
      actor: reader,
      resultId: 900,
    });
    expect(refused.state).toBe(state);
    expect(types(refused.effects)).toEqual(["notify"]);
  });

  it("/status lists every module with its progress", () => {
    const state = run(generating(), prepared, { type: "resume" }, finished("parser", passed), {
      type: "resume",
    }).state;
    expect(said(transition(state, command("status")))).toBe(
      "🔨 Generating on `codegen/issue-1`.\n- `parser`: ✅ passed (attempt 1)\n- `report`: 🔨 attempt 1/3",
    );
  });

  it("the plan stays frozen while generating", () => {
    const state = run(generating(), prepared).state;
    const edit = transition(state, {
      type: "plan_edited",
      actor: writer,
      checklist: {
        markerVersion: 3,
        modules: [],
        startTicked: false,
        unreadable: [],
        bodyHash: "x",
      },
    });
    expect(edit.state).toBe(state);
    expect(types(edit.effects)).toEqual(["notify", "render_plan"]);
  });
});

describe("revisions", () => {
  function completedRun(): RunState {
    let state = run(generating(), prepared, { type: "resume" }, finished("parser", passed), {
      type: "resume",
    }).state;
    state = transition(state, finished("report", passed)).state;
    return transition(state, { type: "resume" }).state;
  }
  const review = (
    modules: {
      module: string;
      notes: { commentId: number | null; path: string | null; line: number | null; body: string }[];
    }[],
    actor = writer,
  ): RunEvent => ({
    type: "revision_requested",
    actor,
    modules,
    unassigned: [],
  });
  const note = { commentId: 11, path: "expenses/report.py", line: 4, body: "sort it" };

  it("re-queues only the reviewed module and skips the others", () => {
    const state = completedRun();
    expect(phaseOf(state)).toBe("completed");
    const revising = transition(state, review([{ module: "report", notes: [note] }]));
    expect(phaseOf(revising.state)).toBe("generating");
    expect(types(revising.effects)).toEqual(["notify", "render_plan", "continue"]);
    expect(
      modulesOf(revising.state).map((m) => [m.name, m.status, m.roundStart, m.review.length]),
    ).toEqual([
      ["parser", "succeeded", 0, 0],
      ["report", "queued", 1, 1],
    ]);
    const attempt = transition(revising.state, { type: "resume" });
    expect(attempt.effects).toContainEqual({
      type: "generate_code",
      module: "report",
      mode: "fix",
    });
    const done = transition(attempt.state, finished("report", passed, "r2"));
    // The reply names the module's last commit when it is sent: the round's, committed first.
    expect(done.effects.slice(0, 2)).toEqual([
      { type: "commit_round", module: "report" },
      { type: "answer_review", module: "report", notes: [note], outcome: "revised" },
    ]);
    expect(modulesOf(done.state)[1]?.review).toEqual([]);
    expect(phaseOf(transition(done.state, { type: "resume" }).state)).toBe("completed");
  });

  it("asks which module when no note maps to one, refuses non-writers, and waits for a running run", () => {
    const state = completedRun();
    const unclear = transition(state, review([]));
    expect(unclear.state).toBe(state);
    expect(unclear.effects[0]).toMatchObject({ type: "notify", place: "change_request" });
    expect(said(unclear)).toMatch(/^Which module/);
    const refused = transition(state, review([{ module: "report", notes: [note] }], reader));
    expect(refused.effects[0]).toMatchObject({ type: "notify", place: "change_request" });
    expect(said(refused)).toMatch(/^Sorry @drive-by/);
    const busy = transition(generating(), review([{ module: "report", notes: [note] }]));
    expect(said(busy)).toMatch(/^I can revise once generation has finished/);
  });

  it("a revision that fails every attempt replies in its threads and asks the human", () => {
    let state = transition(completedRun(), review([{ module: "report", notes: [note] }])).state;
    let effects: RunEffect[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      state = transition(state, { type: "resume" }).state;
      ({ state, effects } = transition(state, finished("report", failedTest)));
    }
    expect(phaseOf(state)).toBe("awaiting_decision");
    expect(effects).toContainEqual({
      type: "answer_review",
      module: "report",
      notes: [note],
      outcome: "failed",
    });
  });
});
