import type { Logger } from "pino";
import type { OperatorPolicy } from "../config/operator-policy.ts";
import type { RunEffect, RunEvent, RunState } from "../core/types.ts";
import type { Preflight } from "../preflight/index.ts";
import type { StackRegistry } from "../stacks/registry.ts";
import { createAttempt, sessionKey } from "./attempt.ts";
import { createDelivery } from "./delivery.ts";
import type {
  Analyzer,
  CodeGenerator,
  EffectMeta,
  Forge,
  SandboxPool,
  Scheduler,
} from "./ports.ts";

export type EffectDeps = {
  forge: Forge;
  analyzer: Analyzer;
  generator: CodeGenerator;
  sandboxes: SandboxPool;
  /** The registered stacks: what a plan may use, and each one's toolchain. */
  stacks: StackRegistry;
  /** Queues a `resume` of this run: the yield point between steps. */
  schedule: Scheduler;
  /** Names the run in sandbox labels and session keys (e.g. "owner/repo#12"). */
  runId: string;
  policy: OperatorPolicy;
  log: Pick<Logger, "warn" | "info">;
  /** Parts the preflight found down (see src/preflight). */
  unavailable?: Preflight["unavailable"] | undefined;
  recheck?: Preflight["check"] | undefined;
  /** The step's signal: aborting it ends the model, MCP and sandbox calls. */
  signal?: AbortSignal | undefined;
};

export type EffectRunner = (
  effect: RunEffect,
  state: RunState,
  meta: EffectMeta,
) => Promise<RunEvent[]>;

const NO_TOKENS = { promptTokens: 0, completionTokens: 0 };

/** Carries out one effect through the ports; what it learns comes back as events. */
export function createEffectRunner(deps: EffectDeps): EffectRunner {
  const { forge } = deps;
  const attempt = createAttempt(deps);
  const delivery = createDelivery(forge, deps.policy);
  return async (effect, state, meta) => {
    switch (effect.type) {
      case "analyze":
        return [await analyze(deps)];
      case "notify":
        await forge.notify(effect.notice, state, {
          meta,
          ...(effect.place ? { place: effect.place } : {}),
        });
        return [];
      case "acknowledge":
        await forge.acknowledge(effect.messageId, effect.ack);
        return [];
      case "render_plan": {
        if (!("plan" in state)) return [];
        const comment = await forge.showPlan(
          state,
          effect.basedOnHash,
          effect.progress ? { progress: true } : {},
        );
        return comment ? [{ type: "plan_rendered", comment }] : [];
      }
      case "prepare_generation":
        return delivery.prepare(state);
      case "generate_code":
        return attempt.generateCode(effect, state);
      case "build_attempt":
        return attempt.buildAttempt(effect, state);
      case "commit_round":
        return delivery.commitRound(effect, state, meta.replay);
      case "continue":
        await deps.schedule(state);
        return [];
      case "report_module":
        return delivery.reportModule(effect, state, meta.replay);
      case "publish_results":
        return delivery.publishResults(state, meta.replay);
      case "update_change_request":
        return delivery.updateChangeRequest(state);
      case "finish_change_request":
        return delivery.finishChangeRequest(state);
      case "answer_review":
        return delivery.answerReview(effect, state);
      case "close_sandbox":
        await deps.sandboxes.close(sessionKey(deps.runId, effect.module));
        return [];
    }
  };
}

async function analyze(deps: EffectDeps): Promise<RunEvent> {
  const down = deps.unavailable?.(["llm"]);
  if (down) {
    deps.log.warn({ run: deps.runId, preflight: down.part }, "analysis waits: part down");
    const error = `${down.summary}; the operator has been told.`;
    return { type: "analysis_failed", error, usage: NO_TOKENS, inputNote: null };
  }
  const { forge } = deps;
  const [{ title, thread, note }, repoLanguages, config] = await Promise.all([
    forge.readRequest(),
    forge.repositoryLanguages(),
    forge.config(),
  ]);
  const outcome = await deps.analyzer({
    title,
    thread,
    // No `languages` in the repository's config: every registered stack.
    allowedLanguages: config.languages ?? deps.stacks.languages(),
    repoLanguages,
    stacks: deps.stacks,
    model: config.models.analysis,
    signal: deps.signal,
    maxModules: deps.policy.maxModules,
  });
  if (!outcome.ok) {
    deps.log.warn({ run: deps.runId, error: outcome.error }, "analysis failed");
    return { type: "analysis_failed", error: outcome.error, usage: outcome.usage, inputNote: note };
  }
  return {
    type: "analysis_completed",
    verdict: outcome.verdict,
    usage: outcome.usage,
    inputNote: note,
  };
}
