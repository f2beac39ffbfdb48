import type { Logger } from "pino";
import type { OperatorPolicy } from "../config/operator-policy.ts";
import type { RunEvent, RunState } from "../core/types.ts";
import type { RunStore } from "../persistence/run-store/run-store.ts";
import type { Preflight } from "../preflight/index.ts";
import type { StackRegistry } from "../stacks/registry.ts";
import { dispatch, LostRaceError } from "./dispatch.ts";
import { createEffectRunner } from "./effect-runner.ts";
import { currentJobSignal } from "./job-signal.ts";
import type { Analyzer, CodeGenerator, Forge, SandboxPool, Scheduler } from "./ports.ts";

export type EngineDeps = {
  store: RunStore;
  analyzer: Analyzer;
  generator: CodeGenerator;
  sandboxes: SandboxPool;
  /** The registered stacks (built-in and the operator's MCP servers). */
  stacks: StackRegistry;
  /** The operator's ceilings and allowances (environment). */
  policy: OperatorPolicy;
  /** Runs tasks one at a time per key, in order. */
  serialize: <T>(key: string, task: () => Promise<T>) => Promise<T>;
  /** Sees every event a step applies (metrics). */
  observe?: ((event: RunEvent) => void) | undefined;
  /** What the background checks found down; runs needing it wait instead of failing. */
  preflight?: Pick<Preflight, "unavailable" | "check"> | undefined;
};

/** One step of one run, wherever the run lives. */
export type StepTarget = {
  /** The run's key in the store (see runKey). */
  key: string;
  /** Names the run in sandbox labels and logs (e.g. "owner/repo#12"). */
  runId: string;
  forge: Forge;
  /** The job or delivery this step belongs to (see dispatch). */
  stepId: string;
  /** The step ran before: effects it may have done are checked before being done again. */
  retry: boolean;
  /** Queues the run's next `resume`. */
  schedule: Scheduler;
  log: Pick<Logger, "warn" | "info" | "error">;
};

export type Decide = (state: RunState) => RunEvent | null | Promise<RunEvent | null>;

/**
 * The engine: runs one step of a run, serialized with the run's other steps, through the
 * ports only. Steps that yield (`continue`) queue a `resume` step behind whatever arrived
 * meanwhile, so `/abort` and `/status` are served between module attempts.
 */
export function createRunEngine(deps: EngineDeps) {
  return (target: StepTarget, decide: Decide): Promise<RunState> => {
    // The job's signal (queue stopping, job timed out or taken over) ends the step's model,
    // MCP and sandbox calls; a forge's own requests end through its client.
    const signal = currentJobSignal();
    const { key, forge, log } = target;
    const runEffect = createEffectRunner({
      forge,
      analyzer: deps.analyzer,
      generator: deps.generator,
      sandboxes: deps.sandboxes,
      stacks: deps.stacks,
      schedule: target.schedule,
      runId: target.runId,
      policy: deps.policy,
      log,
      unavailable: deps.preflight?.unavailable,
      recheck: deps.preflight?.check,
      signal,
    });
    return deps.serialize(key, () =>
      dispatch(
        deps.store,
        key,
        { id: target.stepId, retry: target.retry, log },
        decide,
        runEffect,
        deps.observe,
      ).catch(async (error: unknown) => {
        // Two processes on one run: the retry goes on from the other's state; nothing to show.
        if (error instanceof LostRaceError) {
          log.warn({ err: error, run: key }, "run step lost a race");
          throw error;
        }
        log.error({ err: error, run: key }, "run step failed");
        // Best effort: the requester sees something went wrong even if nothing can be said.
        await forge.acknowledge(null, "refused").catch(() => undefined);
        throw error;
      }),
    );
  };
}

export type RunEngine = ReturnType<typeof createRunEngine>;
