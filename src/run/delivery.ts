import { type OperatorPolicy, pathProtection } from "../config/operator-policy.ts";
import { judgePath } from "../core/protected-paths.ts";
import type { Generation, ModuleProgress, RunEffect, RunEvent, RunState } from "../core/types.ts";
import { hasGeneration } from "./attempt.ts";
import type { Forge } from "./ports.ts";

type Effect<T extends RunEffect["type"]> = Extract<RunEffect, { type: T }>;

/** The run's branch, its modules' results and its change request, carried out on the forge. */
export function createDelivery(forge: Forge, policy: OperatorPolicy) {
  async function report(
    module: ModuleProgress,
    sha: string,
    generation: Generation,
    replay: boolean,
  ): Promise<RunEvent> {
    const resultId = await forge.reportModule(module, generation, sha, replay);
    return { type: "module_reported", module: module.name, resultId, sha };
  }

  return {
    async prepare(state: RunState): Promise<RunEvent[]> {
      const config = await forge.config();
      const branch = forge.branchName(config);
      const { created } = await forge.prepareBranch(branch);
      if (!created) {
        await forge.notify({ kind: "branch_exists", branch }, state);
      }
      return [
        {
          type: "generation_prepared",
          branch,
          maxAttempts: config.maxAttempts,
          tokenBudget: config.tokenBudget,
        },
      ];
    },

    /**
     * Commits the module's draft once, its message listing the round's attempts. A step
     * retried after a crash finds the files committed already: that commit stands.
     */
    async commitRound(
      effect: Effect<"commit_round">,
      state: RunState,
      replay: boolean,
    ): Promise<RunEvent[]> {
      if (!hasGeneration(state)) return [];
      const { generation } = state;
      const module = generation.modules.find((m) => m.name === effect.module);
      const draft = module?.draft ?? [];
      if (!module || draft.length === 0) return [];
      const committed = await forge.commit(
        generation.branch,
        draft,
        roundMessage(module, forge.reference),
      );
      if (committed.recreated) {
        await forge.notify({ kind: "branch_recreated", branch: generation.branch }, state);
      }
      const commit = committed.changed || replay ? committed.sha : null;
      return [{ type: "round_committed", module: module.name, commit }];
    },

    /** The round's result, completed at once on the module's last commit. */
    async reportModule(
      effect: Effect<"report_module">,
      state: RunState,
      replay: boolean,
    ): Promise<RunEvent[]> {
      if (!hasGeneration(state)) return [];
      const module = state.generation.modules.find((m) => m.name === effect.module);
      if (!module?.lastCommit) return [];
      return [await report(module, module.lastCommit, state.generation, replay)];
    },

    /**
     * A change request shows the results of its head commit: each finished module's result
     * goes there, unless it is on the head already.
     */
    async publishResults(state: RunState, replay: boolean): Promise<RunEvent[]> {
      if (!hasGeneration(state)) return [];
      const { generation } = state;
      const head = await forge.head(generation.branch);
      if (!head) return [];
      const events: RunEvent[] = [];
      for (const module of generation.modules) {
        if (module.status === "queued" || module.status === "running") continue;
        if (module.resultSha === head) continue;
        if (module.lastCommit === null && module.status !== "skipped") continue;
        events.push(await report(module, head, generation, replay));
      }
      return events;
    },

    async updateChangeRequest(state: RunState): Promise<RunEvent[]> {
      if (!hasGeneration(state) || !("plan" in state) || state.plan === null) return [];
      const protection = pathProtection(await forge.config(), policy);
      const allowedThrough = state.generation.modules
        .flatMap((module) => module.files)
        .filter((path) => {
          const verdict = judgePath(path, protection);
          return verdict.writable && verdict.protectedByDefault;
        });
      const { changeRequest } = await forge.publishChangeRequest(
        { ...state, plan: state.plan },
        allowedThrough,
      );
      return [{ type: "change_request_updated", changeRequest }];
    },

    async finishChangeRequest(state: RunState): Promise<RunEvent[]> {
      const change = hasGeneration(state) ? state.generation.changeRequest : null;
      if (!change) return [];
      await forge.finishChangeRequest(change);
      return change.draft
        ? [{ type: "change_request_updated", changeRequest: { ...change, draft: false } }]
        : [];
    },

    async answerReview(effect: Effect<"answer_review">, state: RunState): Promise<RunEvent[]> {
      if (!hasGeneration(state) || !state.generation.changeRequest) return [];
      const change = state.generation.changeRequest;
      const module = state.generation.modules.find((m) => m.name === effect.module);
      const commit = module?.lastCommit ?? null;
      await forge.answerReview(change, effect.module, effect.notes, effect.outcome, commit);
      return [];
    },
  };
}

/**
 * `codegen(report): attempts 1–3, passed`, then one line per attempt of the round with its
 * first error, so each attempt's failure stays in the history as per-attempt commits kept it.
 */
export function roundMessage(module: ModuleProgress, reference: string): string {
  const attempts = (module.history ?? []).filter((record) => record.commit === null);
  const first = attempts[0]?.attempt;
  const last = attempts.at(-1)?.attempt;
  const range =
    first === undefined || last === undefined
      ? "attempt"
      : first === last
        ? `attempt ${first}`
        : `attempts ${first}–${last}`;
  const outcome = attempts.at(-1)?.outcome === "passed" ? "passed" : "not passing yet";
  const lines = attempts.map(
    (record) => `- attempt ${record.attempt}: ${record.outcome} — ${record.detail}`,
  );
  return [`codegen(${module.name}): ${range}, ${outcome}`, "", ...lines, "", reference].join("\n");
}
