import { notify, notifyOnChangeRequest } from "./notify.ts";
import type {
  AttemptRecord,
  BuildSummary,
  FileContent,
  Generation,
  ModuleProgress,
  Plan,
  RunEffect,
  RunEvent,
  RunState,
  TokenUsage,
  Transition,
} from "./types.ts";

/** The generation loop's transitions: module by module, attempt by attempt. */

type Generating = Extract<RunState, { phase: "generating" }>;
type Deciding = Extract<RunState, { phase: "awaiting_decision" }>;

export function newModuleProgress(name: string): ModuleProgress {
  return {
    name,
    status: "queued",
    attempts: 0,
    roundStart: 0,
    hint: null,
    steps: [],
    files: [],
    refused: [],
    lastCommit: null,
    resultId: null,
    resultSha: null,
    history: [],
    build: null,
    error: null,
    tokens: { promptTokens: 0, completionTokens: 0 },
    durationMs: 0,
    review: [],
  };
}

export function startGeneration(
  plan: Plan,
  branch: string,
  maxAttempts: number,
  tokenBudget: number | null,
): Generation {
  return {
    branch,
    maxAttempts,
    tokenBudget,
    modules: plan.modules
      .filter((module) => module.selected)
      .map((module) => newModuleProgress(module.name)),
    current: 0,
    changeRequest: null,
  };
}

function isPending(module: ModuleProgress | undefined): boolean {
  return module?.status === "queued" || module?.status === "running";
}

export function totalTokens(usage: TokenUsage): number {
  return usage.promptTokens + usage.completionTokens;
}

function add(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}

function updateModule(
  generation: Generation,
  name: string,
  change: (module: ModuleProgress) => ModuleProgress,
): Generation {
  return {
    ...generation,
    modules: generation.modules.map((module) => (module.name === name ? change(module) : module)),
  };
}

const render: RunEffect = { type: "render_plan", basedOnHash: null };
/** A module started: worth an edit only when statuses changed and not too soon (see the forge). */
const renderProgress: RunEffect = { type: "render_plan", basedOnHash: null, progress: true };
const commitRound = (module: string): RunEffect => ({ type: "commit_round", module });

/** What the state says comes next: the current module's next attempt, or the finish. */
export function nextStep(state: Generating): Transition {
  const generation = state.generation;
  if (generation === null) return { state, effects: [{ type: "prepare_generation" }] };
  // A revision re-queues some modules; those already done in between are passed over.
  let current = generation.current;
  while (current < generation.modules.length && !isPending(generation.modules[current])) current++;
  if (current !== generation.current)
    return nextStep({ ...state, generation: { ...generation, current } });
  const module = generation.modules[current];
  if (module === undefined) return finish(state, generation);
  const budget = generation.tokenBudget;
  if (budget !== null && totalTokens(state.tokens) >= budget) {
    const detail = `The run has used ${totalTokens(state.tokens)} of its ${budget}-token budget.`;
    return {
      state: {
        ...state,
        phase: "awaiting_decision",
        generation,
        reason: "budget",
        detail,
        version: state.version + 1,
      },
      effects: [
        // The round stops here for now: what it wrote so far is committed for people to see.
        commitRound(module.name),
        render,
        notify({ kind: "decision_needed", module: module.name, reason: "budget", detail }),
      ],
    };
  }
  const mode = module.files.length === 0 && module.lastCommit === null ? "generate" : "fix";
  const running = updateModule(generation, module.name, (m) => ({ ...m, status: "running" }));
  return {
    state: { ...state, generation: running, version: state.version + 1 },
    // Every attempt asks; the shell writes only when the module statuses shown changed.
    effects: [renderProgress, { type: "generate_code", module: module.name, mode }],
  };
}

function finish(state: Generating, generation: Generation): Transition {
  const done = { ...state, phase: "completed" as const, generation, version: state.version + 1 };
  return {
    state: done,
    effects: [
      render,
      { type: "publish_results" },
      { type: "update_change_request" },
      { type: "finish_change_request" },
      notify({ kind: "run_finished" }),
    ],
  };
}

/** The generator answered: build what it wrote (a separate effect, after a checkpoint). */
export function codeGenerated(
  state: Generating,
  event: Extract<RunEvent, { type: "code_generated" }>,
): Transition {
  if (!attemptTarget(state, event.module)) return { state, effects: [] };
  const { type: _type, ...code } = event;
  return { state, effects: [{ type: "build_attempt", ...code }] };
}

/** The module an attempt's result is for, if it is still the one being worked on. */
function attemptTarget(state: Generating, name: string) {
  const generation = state.generation;
  const module = generation?.modules[generation.current];
  return generation && module?.name === name ? { generation, module } : null;
}

/** Attempts a check run lists; older ones are summarised by their count. */
const HISTORY_LIMIT = 20;

function countAttempt(
  module: ModuleProgress,
  usage: TokenUsage,
  durationMs: number,
  record: Omit<AttemptRecord, "attempt">,
): ModuleProgress {
  const attempt = module.attempts + 1;
  return {
    ...module,
    attempts: attempt,
    tokens: add(module.tokens, usage),
    durationMs: module.durationMs + durationMs,
    history: [...(module.history ?? []), { attempt, ...record }].slice(-HISTORY_LIMIT),
  };
}

/** The draft with an attempt's files written over it, by path. */
function withWritten(draft: readonly FileContent[] | undefined, written: readonly FileContent[]) {
  const merged = new Map((draft ?? []).map((file) => [file.path, file]));
  for (const file of written) merged.set(file.path, file);
  return [...merged.values()];
}

/** What an attempt wrote (or tried to), added to the module's files, refusals and draft. */
function recordWrites(
  module: ModuleProgress,
  attempt: Extract<RunEvent, { type: "attempt_finished" | "attempt_failed" }>,
) {
  return {
    files: [...new Set([...module.files, ...attempt.files])],
    refused: [...new Set([...module.refused, ...attempt.refused])],
    lastCommit: attempt.commit ?? module.lastCommit,
    draft: withWritten(module.draft, attempt.written ?? []),
  };
}

function firstLine(text: string, max = 200): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function buildDetail(build: BuildSummary): string {
  const tests = build.tests ? `${build.tests.passed} passed, ${build.tests.failed} failed` : "";
  if (build.ok) return tests || "build and tests passed";
  const error = build.errors[0];
  const where = error ? `${error.file}${error.line ? `:${error.line}` : ""}: ` : "";
  return firstLine(
    `${build.failure ?? "failed"}${tests ? ` (${tests})` : ""}${error ? ` — ${where}${error.message}` : ""}`,
  );
}

export function attemptFinished(
  state: Generating,
  event: Extract<RunEvent, { type: "attempt_finished" }>,
): Transition {
  const target = attemptTarget(state, event.module);
  if (!target) return { state, effects: [] };
  const { generation, module } = target;
  const tokens = add(state.tokens, event.usage);
  const updated: ModuleProgress = {
    ...countAttempt(module, event.usage, event.durationMs, {
      commit: event.commit ?? null,
      outcome: event.build.ok ? "passed" : "failed",
      detail: buildDetail(event.build),
    }),
    ...recordWrites(module, event),
    steps: event.steps.length > 0 ? event.steps : module.steps,
    build: event.build,
    error: null,
    status: event.build.ok ? "succeeded" : "running",
  };
  const next = updateModule(generation, module.name, () => updated);
  if (event.build.ok) {
    const last = next.current + 1 === next.modules.length;
    const revised = updateModule(next, module.name, (m) => ({ ...m, review: [] }));
    return {
      state: {
        ...state,
        tokens,
        generation: { ...revised, current: next.current + 1 },
        version: state.version + 1,
      },
      effects: [
        commitRound(module.name),
        ...reviewReplies(updated, "revised"),
        { type: "report_module", module: module.name },
        { type: "close_sandbox", module: module.name },
        // After the last module the finish updates the change request anyway: one write, not two.
        ...(last ? [] : [{ type: "update_change_request" } as const]),
        { type: "continue" },
      ],
    };
  }
  return afterFailure({ ...state, tokens, generation: next }, updated);
}

export function attemptFailed(
  state: Generating,
  event: Extract<RunEvent, { type: "attempt_failed" }>,
): Transition {
  const target = attemptTarget(state, event.module);
  if (!target) return { state, effects: [] };
  const { generation, module } = target;
  const tokens = add(state.tokens, event.usage);
  const updated: ModuleProgress = {
    ...countAttempt(module, event.usage, event.durationMs, {
      commit: event.commit ?? null,
      outcome: "error",
      detail: firstLine(event.error),
    }),
    ...recordWrites(module, event),
    error: event.error,
  };
  const next = updateModule(generation, module.name, () => updated);
  if (!event.retryable) {
    const failed = updateModule(next, module.name, (m) => ({ ...m, status: "failed" }));
    return {
      state: {
        ...state,
        tokens,
        phase: "awaiting_decision",
        generation: failed,
        reason: "unsupported",
        detail: event.error,
        version: state.version + 1,
      },
      effects: [
        commitRound(module.name),
        // Shown only when the module has a commit (delivery checks).
        { type: "report_module", module: module.name },
        render,
        notify({
          kind: "decision_needed",
          module: module.name,
          reason: "unsupported",
          detail: event.error,
        }),
      ],
    };
  }
  return afterFailure({ ...state, tokens, generation: next }, updated);
}

/** A part the attempt needs is down: wait for `/retry`, without counting an attempt. */
export function attemptBlocked(
  state: Generating,
  event: Extract<RunEvent, { type: "attempt_blocked" }>,
): Transition {
  const target = attemptTarget(state, event.module);
  if (!target) return { state, effects: [] };
  const generation = updateModule(target.generation, event.module, (m) => ({
    ...m,
    status: "queued",
  }));
  return {
    state: {
      ...state,
      phase: "awaiting_decision",
      generation,
      reason: "unavailable",
      detail: `${event.reason}; the operator has been told.`,
      version: state.version + 1,
    },
    effects: [
      // The run waits here: what the round wrote so far goes on the branch for people to see.
      commitRound(event.module),
      render,
      notify({
        kind: "decision_needed",
        module: event.module,
        reason: "unavailable",
        detail: event.reason,
      }),
    ],
  };
}

function afterFailure(
  state: Generating & { generation: Generation },
  module: ModuleProgress,
): Transition {
  if (module.attempts - module.roundStart < state.generation.maxAttempts) {
    return { state: { ...state, version: state.version + 1 }, effects: [{ type: "continue" }] };
  }
  const generation = updateModule(state.generation, module.name, (m) => ({
    ...m,
    status: "failed",
  }));
  const deciding: Deciding = {
    ...state,
    phase: "awaiting_decision",
    generation,
    reason: "attempts",
    detail: `\`${module.name}\` failed ${module.attempts - module.roundStart} attempts.`,
    version: state.version + 1,
  };
  return {
    state: deciding,
    effects: [
      commitRound(module.name),
      { type: "report_module", module: module.name },
      render,
      ...reviewReplies(module, "failed"),
      notify({
        kind: "decision_needed",
        module: module.name,
        reason: "attempts",
        detail: deciding.detail,
      }),
    ],
  };
}

/** `/retry [hint]` (or Re-run on the check run): another round for the failed module. */
export function retryModule(state: Deciding, hint: string): Transition {
  const { generation } = state;
  const module = generation.modules[generation.current];
  const tokenBudget =
    state.reason === "budget" && generation.tokenBudget !== null
      ? totalTokens(state.tokens) + generation.tokenBudget
      : generation.tokenBudget;
  const next = module
    ? updateModule(generation, module.name, (m) => ({
        ...m,
        status: "queued",
        roundStart: state.reason === "attempts" ? m.attempts : m.roundStart,
        hint: hint || m.hint,
      }))
    : generation;
  const { reason: _reason, detail: _detail, ...rest } = state;
  return {
    state: {
      ...rest,
      phase: "generating",
      generation: { ...next, tokenBudget },
      version: state.version + 1,
    },
    effects: [{ type: "continue" }],
  };
}

/** `/continue`: leave the failed module skipped and go on. */
export function skipModule(state: Deciding): Transition {
  const { generation } = state;
  const module = generation.modules[generation.current];
  if (!module) return { state, effects: [] };
  const skipped = updateModule(generation, module.name, (m) => ({
    ...m,
    status: "skipped",
    review: [],
  }));
  const { reason: _reason, detail: _detail, ...rest } = state;
  return {
    state: {
      ...rest,
      phase: "generating",
      generation: { ...skipped, current: generation.current + 1 },
      version: state.version + 1,
    },
    effects: [
      { type: "close_sandbox", module: module.name },
      notify({ kind: "module_skipped", module: module.name }),
      { type: "update_change_request" },
      { type: "continue" },
    ],
  };
}

export function closeIssue(state: RunState): Transition {
  if (state.phase !== "generating" && state.phase !== "awaiting_decision")
    return { state, effects: [] };
  const module = state.generation?.modules[state.generation.current];
  return {
    state: {
      phase: "aborted",
      plan: state.plan,
      generation: state.generation,
      version: state.version + 1,
      tokens: state.tokens,
      planComment: state.planComment,
    },
    effects: [
      ...(module
        ? [commitRound(module.name), { type: "close_sandbox", module: module.name } as const]
        : []),
      render,
      notify({ kind: "request_closed" }),
    ],
  };
}

function reviewReplies(module: ModuleProgress, outcome: "revised" | "failed"): RunEffect[] {
  if (module.review.length === 0) return [];
  return [{ type: "answer_review", module: module.name, notes: module.review, outcome }];
}

/**
 * A review asked for changes: the modules it concerns get a new round of attempts with the
 * review as their failure to fix, one revision for the whole review.
 */
export function requestRevision(
  state: Extract<RunState, { phase: "completed" }>,
  event: Extract<RunEvent, { type: "revision_requested" }>,
): Transition {
  const { generation } = state;
  const known = event.modules.filter(({ module }) =>
    generation.modules.some((m) => m.name === module),
  );
  if (known.length === 0) {
    return {
      state,
      effects: [
        notifyOnChangeRequest({
          kind: "which_module",
          modules: generation.modules.map((m) => m.name),
        }),
      ],
    };
  }
  let next = generation;
  for (const { module, notes } of known) {
    next = updateModule(next, module, (m) => ({
      ...m,
      status: "queued",
      roundStart: m.attempts,
      review: [...notes, ...event.unassigned],
    }));
  }
  const first = next.modules.findIndex((m) => m.status === "queued");
  const { ...rest } = state;
  return {
    state: {
      ...rest,
      phase: "generating",
      generation: { ...next, current: first },
      version: state.version + 1,
    },
    effects: [
      notifyOnChangeRequest({
        kind: "revision_started",
        modules: known.map(({ module }) => module),
      }),
      render,
      { type: "continue" },
    ],
  };
}

/** A module's result was shown: a re-run asked on it, and links, now point there. */
export function moduleReported(
  state: RunState,
  event: Extract<RunEvent, { type: "module_reported" }>,
): RunState {
  if (!("generation" in state) || state.generation === null) return state;
  const generation = updateModule(state.generation, event.module, (m) => ({
    ...m,
    resultId: event.resultId,
    resultSha: event.sha,
  }));
  return { ...state, generation } as RunState;
}

/**
 * The module's draft is on the branch now: its attempts name that commit, and the next round
 * starts from the branch.
 */
export function roundCommitted(
  state: RunState,
  event: Extract<RunEvent, { type: "round_committed" }>,
): RunState {
  if (!("generation" in state) || state.generation === null) return state;
  const generation = updateModule(state.generation, event.module, (m) => ({
    ...m,
    draft: [],
    lastCommit: event.commit ?? m.lastCommit,
    history: (m.history ?? []).map((record) =>
      record.commit === null && event.commit !== null
        ? { ...record, commit: event.commit }
        : record,
    ),
  }));
  return { ...state, generation } as RunState;
}
