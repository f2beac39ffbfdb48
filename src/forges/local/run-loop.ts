import type { RunEvent, RunState } from "../../core/types.ts";
import type { RunEngine } from "../../run/engine.ts";
import { withJobSignal } from "../../run/job-signal.ts";
import type { Forge } from "../../run/ports.ts";
import type { ModuleProgressTracker } from "./progress.ts";
import type { Turns } from "./turns.ts";

export type LoopOptions = {
  engine: RunEngine;
  key: string;
  forge: Forge;
  turns: Turns;
  progress: Pick<ModuleProgressTracker, "before">;
  /** Aborted by Ctrl-C: the step in flight stops and its checkpoint stays saved. */
  signal: AbortSignal;
  log: {
    warn(...args: unknown[]): void;
    info(...args: unknown[]): void;
    error(...args: unknown[]): void;
  };
};

/** How the command went on from the stored state: a new request, or what was left. */
export type Start = { event: RunEvent } | { stored: RunState };

/**
 * Runs the run's steps one after the other, as the queue would: a step that yields
 * (`continue`) is followed by a `resume` step, and when the run waits for a person the
 * turns decide. A stored checkpoint (an interrupted step) is finished first, as a retry.
 */
export async function driveRun(
  options: LoopOptions,
  start: Start,
): Promise<{ state: RunState; exit: number }> {
  const { engine, key, forge, signal } = options;
  let steps = 0;
  const runStep = async (event: RunEvent, stepId: string, retry: boolean) => {
    let scheduled = false;
    const state = await withJobSignal(signal, () =>
      engine(
        {
          key,
          runId: key,
          forge,
          stepId,
          retry,
          log: options.log,
          schedule: async () => {
            scheduled = true;
          },
        },
        () => event,
      ),
    );
    return { state, scheduled };
  };
  const stepId = () => `${Date.now().toString(36)}-${++steps}`;

  let next: { event: RunEvent; id: string; retry: boolean } | null;
  let state: RunState;
  if ("event" in start) {
    next = { event: start.event, id: stepId(), retry: false };
    state = {
      phase: "new",
      version: 0,
      tokens: { promptTokens: 0, completionTokens: 0 },
      planComment: null,
    };
  } else {
    state = start.stored;
    const checkpoint = start.stored.checkpoint;
    next = checkpoint
      ? { event: { type: "resume" }, id: checkpoint.step, retry: true }
      : start.stored.phase === "generating" || start.stored.phase === "analyzing"
        ? { event: { type: "resume" }, id: stepId(), retry: false }
        : null;
  }
  for (;;) {
    if (next) {
      options.progress.before(state);
      const outcome = await runStep(next.event, next.id, next.retry);
      state = outcome.state;
      if (outcome.scheduled) {
        next = { event: { type: "resume" }, id: stepId(), retry: false };
        continue;
      }
    }
    const turn = await options.turns(state);
    if ("exit" in turn) return { state, exit: turn.exit };
    next = { event: turn, id: stepId(), retry: false };
  }
}
