/**
 * How a stored run state written under an older schema version becomes the next version.
 * `MIGRATIONS[n]` turns version n into n + 1; each is a small pure function over plain JSON,
 * so it never depends on today's types. Rows written before versions existed are version 0.
 */
export type Migration = (state: Json) => Json;

type Json = Record<string, unknown>;

export const MIGRATIONS: readonly Migration[] = [fromUnversioned];

/**
 * 0 → 1. Fields added to the state itself since rows were first stored are optional, so
 * only a checkpoint's pending work needs care: an attempt became two effects (generate, then
 * build), an attempt that failed says what it committed, and a round's check run is written
 * once at its end. (`attempt_finished` no longer carries `checkRunId`: the schema drops it.)
 */
function fromUnversioned(state: Json): Json {
  const checkpoint = state.checkpoint;
  if (!isObject(checkpoint) || !Array.isArray(checkpoint.pending)) return state;
  return { ...state, checkpoint: { ...checkpoint, pending: checkpoint.pending.map(pendingV1) } };
}

function pendingV1(work: unknown): unknown {
  if (!isObject(work)) return work;
  if (work.type === "attempt_failed") return { commit: null, files: [], refused: [], ...work };
  if (work.type === "deferred_effects" && Array.isArray(work.effects)) {
    return { ...work, effects: work.effects.map(effectV1) };
  }
  return work;
}

function effectV1(effect: unknown): unknown {
  if (!isObject(effect)) return effect;
  switch (effect.type) {
    case "run_attempt":
      return { type: "generate_code", module: effect.module, mode: effect.mode };
    case "complete_check_run":
      return { type: "report_check_run", module: effect.module };
    default:
      return effect;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
