import type { RunStore } from "../store/run-store.ts";
import { initialState, transition } from "../workflow/machine.ts";
import type { RunEvent, RunState } from "../workflow/types.ts";
import type { EffectRunner } from "./effects.ts";

/**
 * One step of a run: load the state, apply the event, carry out the effects, and feed the
 * events they produce (an analysis result, a written comment) back in. The new state is
 * saved only when every effect succeeded, so a failed step leaves the run as it was and a
 * redelivery of the webhook does the whole step again.
 */
export async function dispatch(
  store: RunStore,
  key: string,
  decide: (state: RunState) => RunEvent | null | Promise<RunEvent | null>,
  runEffect: EffectRunner,
): Promise<RunState> {
  let state = (await store.load(key)) ?? initialState;
  const first = await decide(state);
  if (first === null) return state;
  const pending: RunEvent[] = [first];
  for (let event = pending.shift(); event !== undefined; event = pending.shift()) {
    const next = transition(state, event);
    state = next.state;
    for (const effect of next.effects) pending.push(...(await runEffect(effect, state)));
  }
  await store.save(key, state);
  return state;
}
