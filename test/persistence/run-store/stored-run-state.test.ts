import { describe, expect, it } from "vitest";
import { createMemoryRunStore } from "../../../src/persistence/run-store/memory-run-store.ts";
import { MIGRATIONS } from "../../../src/persistence/run-store/run-state-migrations.ts";
import { RUN_STATE_SCHEMA_VERSION } from "../../../src/persistence/run-store/run-state-schema.ts";
import {
  decodeRunState,
  encodeRunState,
} from "../../../src/persistence/run-store/stored-run-state.ts";
import { dispatch } from "../../../src/run/dispatch.ts";
import yesterday from "./fixtures/run-states-1384d6c.json" with { type: "json" };
import versionOne from "./fixtures/run-states-v1.json" with { type: "json" };
import { put } from "./put.ts";

/**
 * Rows as the app of commit 1384d6c saved them (no schema version): states its pure machine
 * produced for a run's main stops, two of them checkpointed mid-step with events pending.
 */
const rows = yesterday as Record<string, Record<string, unknown>>;

/**
 * Rows in schema version 1, as the app saved them before the core stopped speaking GitHub
 * (each checked against that version's schema when the fixture was written): a run stopped
 * before its finish, and a decision with replies, reactions and a re-run still pending.
 */
const v1 = versionOne as Record<string, Record<string, unknown>>;

describe("stored run state", () => {
  it("has one migration per schema version", () => {
    expect(MIGRATIONS).toHaveLength(RUN_STATE_SCHEMA_VERSION);
  });

  it.each(["octo-org/expenses#1", "octo-org/expenses#5"])(
    "loads %s as yesterday's app saved it",
    (key) => {
      const row = rows[key];
      const state = decodeRunState(key, row);
      expect(state).toEqual(row);
      // Written again, it carries today's version and reads back the same.
      const rewritten = JSON.parse(encodeRunState(state));
      expect(rewritten.schemaVersion).toBe(RUN_STATE_SCHEMA_VERSION);
      expect(decodeRunState(key, rewritten)).toEqual(state);
    },
  );

  it("loads a decision yesterday's app saved, its module results under their new names", () => {
    const key = "octo-org/expenses#3";
    const row = rows[key] as { generation: { modules: Record<string, unknown>[] } };
    const state = decodeRunState(key, row);
    const generation = "generation" in state ? state.generation : null;
    expect(generation?.changeRequest).toBeNull();
    expect(generation?.modules.map((module) => module.resultId)).toEqual(
      row.generation.modules.map((module) => module.checkRunId),
    );
    expect(decodeRunState(key, JSON.parse(encodeRunState(state)))).toEqual(state);
  });

  it("migrates the events pending in yesterday's checkpoints", () => {
    const finished = decodeRunState("octo-org/expenses#2", rows["octo-org/expenses#2"]);
    const [attempt] = finished.checkpoint?.pending ?? [];
    expect(attempt).toMatchObject({ type: "attempt_finished", commit: "a1b2c3d" });
    // The check run is now reported once per round, by its own event.
    expect(attempt).not.toHaveProperty("checkRunId");

    const failed = decodeRunState("octo-org/expenses#4", rows["octo-org/expenses#4"]);
    expect(failed.checkpoint?.pending).toEqual([
      {
        type: "attempt_failed",
        module: "report",
        commit: null,
        files: [],
        refused: [],
        error: "no language server serves cobol",
        retryable: false,
        usage: { promptTokens: 0, completionTokens: 0 },
        durationMs: 4,
      },
      {
        type: "change_request_updated",
        changeRequest: {
          number: 12,
          id: "PR_kwDOA1",
          url: "https://github.com/octo-org/expenses/pull/12",
          draft: true,
        },
      },
    ]);
  });

  it("migrates deferred effects of the unversioned format: an attempt is now generate, then build", () => {
    // As the app saved it before versions (commit 3cfbf48): a step stopped after the PR
    // update's result, with the rest of its transition's effects deferred.
    const row = {
      ...rows["octo-org/expenses#4"],
      checkpoint: {
        step: "f00d-resume",
        transitions: 3,
        pending: [
          {
            type: "deferred_effects",
            effects: [
              { type: "complete_check_run", module: "parser" },
              { type: "run_attempt", module: "report", mode: "fix" },
              { type: "continue" },
            ],
          },
        ],
      },
    };
    expect(decodeRunState("o/r#4", row).checkpoint?.pending).toEqual([
      {
        type: "deferred_effects",
        effects: [
          { type: "report_module", module: "parser" },
          { type: "generate_code", module: "report", mode: "fix" },
          { type: "continue" },
        ],
      },
    ]);
  });

  it("resumes yesterday's checkpoint with today's machine", async () => {
    const key = "octo-org/expenses#4";
    const store = createMemoryRunStore();
    await put(store, key, decodeRunState(key, rows[key]));
    const effects: string[] = [];
    const final = await dispatch(
      store,
      key,
      { id: "e7a2-resume", retry: true },
      () => null,
      async (effect) => {
        effects.push(effect.type);
        return [];
      },
    );
    // The module no generator serves waits for a human, as today's runs do.
    expect(final).toMatchObject({ phase: "awaiting_decision", reason: "unsupported" });
    const report = "generation" in final ? final.generation?.modules[1] : undefined;
    expect(report).toMatchObject({ name: "report", error: "no language server serves cobol" });
    // Today's failure path commits the round's draft and shows its result (both find nothing
    // to do for yesterday's row, whose attempts committed themselves) before asking.
    expect(effects).toEqual(["commit_round", "report_module", "render_plan", "notify"]);
    expect((await store.load(key))?.checkpoint).toBeUndefined();
  });

  it("names the key and the field of a damaged row", () => {
    const row = structuredClone(rows["octo-org/expenses#3"]) as {
      generation: { modules: { status: string }[] };
    };
    const [module] = row.generation.modules;
    if (module) module.status = "exploded";
    expect(() => decodeRunState("octo-org/expenses#3", row)).toThrow(
      /^the stored run state for octo-org\/expenses#3 is damaged: generation\.modules\.0\.status: /,
    );
    expect(() => decodeRunState("o/r#9", { ...row, phase: "paused" })).toThrow(
      /^the stored run state for o\/r#9 is damaged: phase: /,
    );
    expect(() => decodeRunState("o/r#9", [])).toThrow(
      "the stored run state for o/r#9 is damaged: not a JSON object",
    );
    expect(() => decodeRunState("o/r#9", { ...row, schemaVersion: "1" })).toThrow(
      'the stored run state for o/r#9 is damaged: schemaVersion "1" is not a version',
    );
  });

  it("refuses a row a newer release wrote, rather than dropping what it added", () => {
    const row = { ...rows["octo-org/expenses#1"], schemaVersion: RUN_STATE_SCHEMA_VERSION + 1 };
    expect(() => decodeRunState("o/r#1", row)).toThrow(
      `the stored run state for o/r#1 has schema version ${RUN_STATE_SCHEMA_VERSION + 1}, written by a newer release of the app; this one reads up to version ${RUN_STATE_SCHEMA_VERSION}`,
    );
  });

  it("drops keys the schema does not know", () => {
    const row = rows["octo-org/expenses#1"];
    const state = decodeRunState("o/r#1", { ...row, schemaVersion: 1, leftover: true });
    expect(state).toEqual(row);
  });

  it("migrates version 1: the pull request is the change request, check runs are results", () => {
    const state = decodeRunState("octo-org/expenses#2", v1["octo-org/expenses#2"]);
    const generation = "generation" in state ? state.generation : null;
    expect(generation?.changeRequest).toEqual({
      number: 17,
      id: "PR_kwDOKx1Zbc5gHq2A",
      url: "https://github.com/octo-org/expenses/pull/17",
      draft: true,
    });
    expect(generation).not.toHaveProperty("pullRequest");
    expect(generation?.modules[1]).toMatchObject({
      resultId: 4002,
      resultSha: "b2c3d4e5f60718293a4b5c6d7e8f901234567890",
    });
    expect(generation?.modules[1]).not.toHaveProperty("checkRunId");
    expect(state.checkpoint?.pending).toEqual([
      {
        type: "module_reported",
        module: "parser",
        resultId: 4003,
        sha: "b2c3d4e5f60718293a4b5c6d7e8f901234567890",
      },
      {
        type: "deferred_effects",
        effects: [
          { type: "update_change_request" },
          { type: "finish_change_request" },
          { type: "notify", notice: { kind: "run_finished" } },
        ],
      },
    ]);
  });

  it("finishes a version 2 round whose attempts committed themselves, before rounds were committed once", async () => {
    const key = "octo-org/expenses#2";
    const v1Row = v1[key] as { plan: unknown; generation: { modules: unknown[] } };
    const commit = (n: number) => String(n).repeat(40);
    const record = (attempt: number) => ({
      attempt,
      commit: commit(attempt),
      outcome: "failed",
      detail: "test (0 passed, 1 failed)",
    });
    const passed = {
      ok: true,
      failure: null,
      tests: { passed: 1, failed: 0, skipped: 0 },
      phases: [{ phase: "test", status: "passed", durationMs: 300 }],
      logTail: "1 passed",
      errors: [],
      durationMs: 400,
    };
    // As version 2 stored it mid-step: report's third attempt committed and built, its result
    // not yet applied.
    const row = {
      schemaVersion: 2,
      phase: "generating",
      version: 14,
      tokens: { promptTokens: 100, completionTokens: 50 },
      planComment: { id: 2011, version: 13, hash: "h" },
      plan: v1Row.plan,
      generation: {
        branch: "codegen/issue-2",
        maxAttempts: 5,
        tokenBudget: null,
        current: 1,
        changeRequest: null,
        modules: [
          { ...(v1Row.generation.modules[0] as object), checkRunId: undefined, resultId: 4001 },
          {
            name: "report",
            status: "running",
            attempts: 2,
            roundStart: 0,
            hint: null,
            steps: [],
            files: ["expenses/report.py"],
            refused: [],
            lastCommit: commit(2),
            resultId: null,
            history: [record(1), record(2)],
            build: null,
            error: null,
            tokens: { promptTokens: 0, completionTokens: 0 },
            durationMs: 0,
            review: [],
          },
        ],
      },
      checkpoint: {
        step: "s7",
        transitions: 2,
        pending: [
          {
            type: "attempt_finished",
            module: "report",
            commit: commit(3),
            files: ["expenses/report.py"],
            refused: [],
            steps: [],
            build: passed,
            usage: { promptTokens: 10, completionTokens: 5 },
            durationMs: 900,
          },
        ],
      },
    };
    const store = createMemoryRunStore();
    await put(store, key, decodeRunState(key, row));
    const effects: string[] = [];
    const final = await dispatch(
      store,
      key,
      { id: "s7", retry: true },
      () => null,
      async (effect) => {
        effects.push(effect.type);
        return [];
      },
    );
    // Today's success path: the round is committed (its draft is empty: the attempt's own
    // commit stands), then shown.
    expect(effects).toEqual(["commit_round", "report_module", "close_sandbox", "continue"]);
    const report = "generation" in final ? final.generation?.modules[1] : undefined;
    expect(report).toMatchObject({
      status: "succeeded",
      attempts: 3,
      lastCommit: commit(3),
      draft: [],
      history: [record(1), record(2), { attempt: 3, commit: commit(3), outcome: "passed" }],
    });
  });

  it("migrates version 1's pending replies to notices that keep their words, and reactions to acknowledgements", () => {
    const row = v1["octo-org/expenses#5"] as { checkpoint: { pending: { effects?: unknown[] }[] } };
    const [deferred, rerun] = row.checkpoint.pending;
    const said = deferred?.effects?.[1] as { body: string };
    const state = decodeRunState("octo-org/expenses#5", row);
    expect(state.checkpoint?.pending).toEqual([
      {
        type: "deferred_effects",
        effects: [
          { type: "acknowledge", messageId: 3301, ack: "seen" },
          {
            type: "notify",
            notice: { kind: "said", text: said.body },
          },
          {
            type: "notify",
            notice: { kind: "said", text: "🔁 Revising `report` from this review." },
            place: "change_request",
          },
          {
            type: "answer_review",
            module: "report",
            notes: [{ commentId: 991, path: "expenses/report.py", line: 4, body: "sort by month" }],
            // The reply names the module's last commit when it is sent, read from the state.
            outcome: "failed",
          },
          { type: "report_module", module: "report" },
          { type: "acknowledge", messageId: 3301, ack: "refused" },
        ],
      },
      { type: "rerun_requested", actor: (rerun as { actor: unknown }).actor, resultId: 4010 },
    ]);
  });

  it("finishes a version 1 run stopped before its finish with today's engine", async () => {
    const key = "octo-org/expenses#2";
    const store = createMemoryRunStore();
    await put(store, key, decodeRunState(key, v1[key]));
    const effects: string[] = [];
    const final = await dispatch(
      store,
      key,
      { id: "9c1e-resume", retry: true },
      () => null,
      async (effect) => {
        effects.push(effect.type === "notify" ? `notify:${effect.notice.kind}` : effect.type);
        return [];
      },
    );
    expect(effects).toEqual([
      "update_change_request",
      "finish_change_request",
      "notify:run_finished",
    ]);
    const parser = "generation" in final ? final.generation?.modules[0] : undefined;
    expect(parser).toMatchObject({ resultId: 4003 });
    expect((await store.load(key))?.checkpoint).toBeUndefined();
  });
});
