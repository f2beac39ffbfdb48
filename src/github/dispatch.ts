import type { RunStore } from "../store/run-store.ts";
import { initialState, transition } from "../workflow/machine.ts";
import type { PendingWork, RunEvent, RunState, Transition } from "../workflow/types.ts";
import type { EffectRunner } from "./effects.ts";

export type StepOptions = {
  /** Identifies the step (the job or delivery id): effects are named after it. */
  id: string;
  /** The step ran before and may have done some of its effects already (a retried job). */
  retry?: boolean;
};

/**
 * One step of a run: load the state, apply the event, carry out the effects, and feed the
 * events they produce (an analysis result, a written comment) back in, before the effects
 * after the one that produced them run. After each transition
 * whose effects all succeeded the state is saved with what is still pending, so a step that
 * crashes is resumed by its retry from that checkpoint: no analysis, attempt or comment that
 * completed is done again. Effects are named `<step>/<transition>.<effect>` so those that
 * may have half-happened (a comment posted just before a crash) can be recognised.
 */
export async function dispatch(
  store: RunStore,
  key: string,
  step: StepOptions,
  decide: (state: RunState) => RunEvent | null | Promise<RunEvent | null>,
  runEffect: EffectRunner,
  observe: (event: RunEvent) => void = () => {},
): Promise<RunState> {
  const stored = (await store.load(key)) ?? initialState;
  const { checkpoint, ...loaded } = stored;
  let state: RunState = loaded;
  let pending: PendingWork[];
  let transitions = 0;
  const resuming = checkpoint?.step === step.id;
  if (checkpoint && resuming) {
    pending = [...checkpoint.pending];
    transitions = checkpoint.transitions;
  } else {
    const first = await decide(state);
    if (first === null) return stored;
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
    await store.save(key, saved);
  }
  return state;
}
