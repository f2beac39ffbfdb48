import { initialState, transition } from "../core/machine.ts";
import type { PendingWork, RunEvent, RunState, Transition } from "../core/types.ts";
import type { RunStore } from "../persistence/run-store/run-store.ts";
import type { EffectRunner } from "./effect-runner.ts";

export type StepOptions = {
  /** Identifies the step (the job or delivery id): effects are named after it. */
  id: string;
  /** The step ran before and may have done some of its effects already (a retried job). */
  retry?: boolean;
  /** Told when another process saved the run while this step ran (see dispatch). */
  log?: { warn(details: object, message: string): void };
};

/** How often a step that lost the race before doing anything decides again on the fresh state. */
const REDECIDE_LIMIT = 3;

/**
 * One step of a run: load the state, apply the event, carry out the effects, and feed the
 * events they produce (an analysis result, a written comment) back in, before the effects
 * after the one that produced them run. After each transition
 * whose effects all succeeded the state is saved with what is still pending, so a step that
 * crashes is resumed by its retry from that checkpoint: no analysis, attempt or comment that
 * completed is done again. Effects are named `<step>/<transition>.<effect>` so those that
 * may have half-happened (a comment posted just before a crash) can be recognised.
 *
 * Saves are compare-and-set. A step that finds another process saved the run first (two
 * processes on one key, e.g. after a lease lapsed) decides again on the fresh state if it
 * had not carried out any effect yet; once it has, it stops without saving and throws
 * `LostRaceError`: the other process's state stands, and the job's retry goes on from it
 * like a retry after a crash, with effects already done recognised (docs/operations.md).
 */
export async function dispatch(
  store: RunStore,
  key: string,
  step: StepOptions,
  decide: (state: RunState) => RunEvent | null | Promise<RunEvent | null>,
  runEffect: EffectRunner,
  observe: (event: RunEvent) => void = () => {},
): Promise<RunState> {
  for (let redecided = 0; ; redecided++) {
    const outcome = await runStep(store, key, step, decide, runEffect, observe);
    if (outcome.lost === null) return outcome.state;
    const { effectsDone } = outcome.lost;
    if (effectsDone > 0 || redecided >= REDECIDE_LIMIT)
      throw new LostRaceError(key, step.id, effectsDone);
    step.log?.warn(
      { run: key, step: step.id },
      "another process saved this run first; deciding again on its state",
    );
  }
}

/**
 * Another process saved the run while this step ran, after the step had carried out
 * effects. The step saved nothing over it; the queue retries the job, which reloads the
 * run and goes on from what was saved, recognising the effects already done by their ids.
 */
export class LostRaceError extends Error {
  readonly effectsDone: number;

  constructor(key: string, stepId: string, effectsDone: number) {
    super(
      effectsDone > 0
        ? `another process saved run ${key} while step ${stepId} ran; not saving over it, the step is retried from the saved state`
        : `other processes kept saving run ${key} first; the step is retried`,
    );
    this.name = "LostRaceError";
    this.effectsDone = effectsDone;
  }
}

type StepOutcome =
  | { state: RunState; lost: null }
  | { state: RunState; lost: { effectsDone: number } };

/**
 * One try of a step. Every save is compare-and-set on the store's revision: when another
 * process saved the run meanwhile, the step stops without writing and says how many
 * effects it had already carried out.
 */
async function runStep(
  store: RunStore,
  key: string,
  step: StepOptions,
  decide: (state: RunState) => RunEvent | null | Promise<RunEvent | null>,
  runEffect: EffectRunner,
  observe: (event: RunEvent) => void,
): Promise<StepOutcome> {
  const read = await store.read(key);
  let revision = read?.revision ?? null;
  const stored = read?.state ?? initialState;
  const { checkpoint, ...loaded } = stored;
  let state: RunState = loaded;
  let pending: PendingWork[];
  let transitions = 0;
  let effectsDone = 0;
  const resuming = checkpoint?.step === step.id;
  if (checkpoint && resuming) {
    pending = [...checkpoint.pending];
    transitions = checkpoint.transitions;
  } else {
    const first = await decide(state);
    if (first === null) return { state: stored, lost: null };
    pending = [first];
  }
  const replay = resuming || step.retry === true;
  for (let work = pending.shift(); work !== undefined; work = pending.shift()) {
    let next: Transition;
    if (work.type === "deferred_effects") {
      next = { state, effects: work.effects };
    } else {
      observe(work);
      next = transition(state, work);
    }
    for (const [index, effect] of next.effects.entries()) {
      const id = `${step.id}/${transitions}.${index}`;
      effectsDone++;
      const results = await runEffect(effect, next.state, { id, replay });
      if (results.length > 0) {
        // Result events first: the effects after this one see what it produced (the pull
        // request it opened, the comment it wrote).
        const rest = next.effects.slice(index + 1);
        pending.unshift(
          ...results,
          ...(rest.length > 0 ? [{ type: "deferred_effects" as const, effects: rest }] : []),
        );
        break;
      }
    }
    state = next.state;
    transitions++;
    const saved =
      pending.length > 0
        ? { ...state, checkpoint: { step: step.id, pending, transitions } }
        : state;
    revision = await store.saveIfRevision(key, saved, revision);
    if (revision === null) return { state, lost: { effectsDone } };
  }
  return { state, lost: null };
}
