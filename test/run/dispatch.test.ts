import { describe, expect, it } from "vitest";
import type { Generation, RunState } from "../../src/core/types.ts";
import { createMemoryRunStore } from "../../src/persistence/run-store/memory-run-store.ts";
import { dispatch, LostRaceError } from "../../src/run/dispatch.ts";
import type { EffectRunner } from "../../src/run/effect-runner.ts";
import { awaitingSelection, plan, writer } from "../core/fixtures.ts";
import { put } from "../persistence/run-store/put.ts";

/** A run whose last module just succeeded: the next `resume` finishes it. */
function lastModuleDone(): RunState {
  const generation: Generation = {
    branch: "codegen/issue-1",
    maxAttempts: 5,
    tokenBudget: null,
    modules: [],
    current: 0,
    changeRequest: null,
  };
  return {
    phase: "generating",
    plan,
    generation,
    version: 3,
    tokens: { promptTokens: 0, completionTokens: 0 },
    planComment: null,
  };
}

const PR = { number: 7, id: "PR_1", url: "https://github.com/o/r/pull/7", draft: true };

describe("dispatch", () => {
  it("applies an effect's result events before the effects after it run", async () => {
    const store = createMemoryRunStore();
    await put(store, "o/r#1", lastModuleDone());
    const seen: Record<string, unknown> = {};
    const runEffect: EffectRunner = async (effect, state) => {
      const pr = "generation" in state ? state.generation?.changeRequest : undefined;
      seen[effect.type] = pr?.number ?? null;
      if (effect.type === "update_change_request")
        return [{ type: "change_request_updated", changeRequest: PR }];
      return [];
    };
    const final = await dispatch(
      store,
      "o/r#1",
      { id: "s1" },
      () => ({ type: "resume" }),
      runEffect,
    );

    expect(final.phase).toBe("completed");
    expect(seen).toEqual({
      render_plan: null,
      publish_results: null,
      update_change_request: null,
      finish_change_request: 7,
      notify: 7,
    });
  });

  it("a step that crashes after the result event resumes with the deferred effects, not the done ones", async () => {
    const store = createMemoryRunStore();
    await put(store, "o/r#1", lastModuleDone());
    const ran: string[] = [];
    const crashing: EffectRunner = async (effect) => {
      if (effect.type === "finish_change_request") throw new Error("GitHub is down");
      ran.push(effect.type);
      return effect.type === "update_change_request"
        ? [{ type: "change_request_updated", changeRequest: PR }]
        : [];
    };
    await expect(
      dispatch(store, "o/r#1", { id: "s1" }, () => ({ type: "resume" }), crashing),
    ).rejects.toThrow("GitHub is down");
    expect(ran).toEqual(["render_plan", "publish_results", "update_change_request"]);

    const retried: { type: string; id: string; pr: number | null }[] = [];
    const working: EffectRunner = async (effect, state, meta) => {
      const pr = "generation" in state ? state.generation?.changeRequest : undefined;
      retried.push({ type: effect.type, id: meta.id, pr: pr?.number ?? null });
      return [];
    };
    await dispatch(store, "o/r#1", { id: "s1", retry: true }, () => null, working);
    expect(retried).toEqual([
      { type: "finish_change_request", id: "s1/2.0", pr: 7 },
      { type: "notify", id: "s1/2.1", pr: 7 },
    ]);
    expect((await store.load("o/r#1"))?.checkpoint).toBeUndefined();
  });

  describe("when another process saves the run during the step", () => {
    const KEY = "o/r#1";
    const aborted = { ...awaitingSelection(), phase: "aborted", generation: null } as RunState;
    const command = (name: "abort" | "status") =>
      ({
        type: "command",
        actor: writer,
        command: name,
        args: "",
        commentId: 5,
        checklist: null,
      }) as const;

    it("decides again on the fresh state when it had done nothing yet", async () => {
      const store = createMemoryRunStore();
      const seeded = await put(store, KEY, awaitingSelection());
      const phasesSeen: string[] = [];
      const warnings: string[] = [];
      const final = await dispatch(
        store,
        KEY,
        { id: "s1", log: { warn: (_details, message) => warnings.push(message) } },
        async (state) => {
          phasesSeen.push(state.phase);
          // The other process's /abort lands after this step read the run.
          if (phasesSeen.length === 1) await store.saveIfRevision(KEY, aborted, seeded);
          return { type: "comment_added", author: "someone", byIssueAuthor: false };
        },
        async () => [],
      );
      expect(phasesSeen).toEqual(["awaiting_selection", "aborted"]);
      expect(final.phase).toBe("aborted");
      expect(await store.read(KEY)).toEqual({ state: aborted, revision: seeded + 2 });
      expect(warnings).toEqual([
        "another process saved this run first; deciding again on its state",
      ]);
    });

    it("once it has carried out effects, saves nothing over the other state and its retry goes on from that state", async () => {
      const store = createMemoryRunStore();
      const seeded = await put(store, KEY, awaitingSelection());
      const effects: { type: string; id: string; replay: boolean }[] = [];
      const record: EffectRunner = async (effect, _state, meta) => {
        effects.push({ type: effect.type, id: meta.id, replay: meta.replay });
        // The other process's /abort lands during this step's first effect.
        if (effects.length === 1) await store.saveIfRevision(KEY, aborted, seeded);
        return [];
      };
      const step = dispatch(store, KEY, { id: "s1" }, () => command("status"), record);
      await expect(step).rejects.toThrow(LostRaceError);
      await expect(step).rejects.toThrow(
        "another process saved run o/r#1 while step s1 ran; not saving over it, the step is retried from the saved state",
      );
      expect(effects.map((effect) => effect.type)).toEqual([
        "acknowledge",
        "notify",
        "acknowledge",
      ]);
      expect(await store.read(KEY)).toEqual({ state: aborted, revision: seeded + 1 });

      // The queue's retry of the job: it decides on the other process's state, and its
      // effects carry the same ids, marked as a replay, so those already done are not redone.
      const seen: string[] = [];
      effects.length = 0;
      const final = await dispatch(
        store,
        KEY,
        { id: "s1", retry: true },
        (state) => {
          seen.push(state.phase);
          return command("status");
        },
        async (effect, _state, meta) => {
          effects.push({ type: effect.type, id: meta.id, replay: meta.replay });
          return [];
        },
      );
      expect(seen).toEqual(["aborted"]);
      expect(final).toEqual(aborted);
      expect(effects).toEqual([
        { type: "acknowledge", id: "s1/0.0", replay: true },
        { type: "notify", id: "s1/0.1", replay: true },
        { type: "acknowledge", id: "s1/0.2", replay: true },
      ]);
      expect((await store.read(KEY))?.revision).toBe(seeded + 2);
    });

    it("gives up with an error, for the queue to retry, when others keep saving first", async () => {
      const store = createMemoryRunStore();
      await put(store, KEY, awaitingSelection());
      const decide = async () => {
        await put(store, KEY, awaitingSelection());
        return { type: "comment_added", author: "someone", byIssueAuthor: false } as const;
      };
      await expect(dispatch(store, KEY, { id: "s1" }, decide, async () => [])).rejects.toThrow(
        "other processes kept saving run o/r#1 first",
      );
    });
  });
});
