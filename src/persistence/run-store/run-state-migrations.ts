/**
 * How a stored run state written under an older schema version becomes the next version.
 * `MIGRATIONS[n]` turns version n into n + 1; each is a small pure function over plain JSON,
 * so it never depends on today's types. Rows written before versions existed are version 0.
 */
export type Migration = (state: Json) => Json;

type Json = Record<string, unknown>;

export const MIGRATIONS: readonly Migration[] = [fromUnversioned, toForgeNeutral];

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

/**
 * 1 → 2. The core stopped speaking GitHub: replies are notices (a reply already worded is
 * kept as said), reactions are acknowledgements, the pull request is the change request and
 * a module's check run its result. Fields and pending work are renamed, nothing is lost.
 */
function toForgeNeutral(state: Json): Json {
  const next: Json = { ...state };
  if (isObject(state.generation)) next.generation = generationV2(state.generation);
  const checkpoint = state.checkpoint;
  if (isObject(checkpoint) && Array.isArray(checkpoint.pending)) {
    next.checkpoint = { ...checkpoint, pending: checkpoint.pending.map(pendingV2) };
  }
  return next;
}

function generationV2(generation: Json): Json {
  const { pullRequest, ...rest } = generation;
  return {
    ...rest,
    changeRequest: isObject(pullRequest) ? changeRequestV2(pullRequest) : null,
    modules: Array.isArray(generation.modules) ? generation.modules.map(moduleV2) : [],
  };
}

function moduleV2(module: unknown): unknown {
  if (!isObject(module)) return module;
  const { checkRunId = null, checkRunSha, ...rest } = module;
  return {
    ...rest,
    resultId: checkRunId,
    ...(checkRunSha === undefined ? {} : { resultSha: checkRunSha }),
  };
}

function changeRequestV2(pullRequest: Json): Json {
  const { nodeId, ...rest } = pullRequest;
  return { ...rest, id: nodeId };
}

const ACKNOWLEDGEMENTS: Readonly<Record<string, string>> = {
  eyes: "seen",
  rocket: "done",
  confused: "refused",
};

function pendingV2(work: unknown): unknown {
  if (!isObject(work)) return work;
  switch (work.type) {
    case "pull_request_updated":
      return {
        type: "change_request_updated",
        changeRequest: isObject(work.pullRequest) ? changeRequestV2(work.pullRequest) : null,
      };
    case "check_run_reported":
      return {
        type: "module_reported",
        module: work.module,
        resultId: work.checkRunId,
        sha: work.sha,
      };
    case "check_run_rerequested":
      return { type: "rerun_requested", actor: work.actor, resultId: work.checkRunId };
    case "deferred_effects":
      return Array.isArray(work.effects) ? { ...work, effects: work.effects.map(effectV2) } : work;
    default:
      return work;
  }
}

function effectV2(effect: unknown): unknown {
  if (!isObject(effect)) return effect;
  switch (effect.type) {
    case "reply":
      return { type: "notify", notice: { kind: "said", text: effect.body } };
    case "reply_on_pull_request":
      return {
        type: "notify",
        notice: { kind: "said", text: effect.body },
        place: "change_request",
      };
    case "react":
      return {
        type: "acknowledge",
        messageId: effect.commentId,
        ack: ACKNOWLEDGEMENTS[String(effect.content)] ?? "seen",
      };
    case "reply_review":
      return { ...effect, type: "answer_review" };
    case "report_check_run":
      return { type: "report_module", module: effect.module };
    case "update_pull_request":
      return { type: "update_change_request" };
    case "finish_pull_request":
      return { type: "finish_change_request" };
    case "reply_summary":
      return { type: "notify", notice: { kind: "run_finished" } };
    default:
      return effect;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
