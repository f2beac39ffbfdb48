import { checkAnalysisLimit } from "./analysis-limit.ts";
import { applyChecklist } from "./apply-checklist.ts";
import {
  attemptBlocked,
  attemptFailed,
  attemptFinished,
  closeIssue,
  codeGenerated,
  moduleReported,
  nextStep,
  requestRevision,
  retryModule,
  roundCommitted,
  skipModule,
  startGeneration,
} from "./generation.ts";
import { notify, notifyOnChangeRequest } from "./notify.ts";
import type {
  Checklist,
  Notice,
  RunEffect,
  RunEvent,
  RunState,
  TokenUsage,
  Transition,
} from "./types.ts";

export const initialState: RunState = {
  phase: "new",
  version: 0,
  tokens: { promptTokens: 0, completionTokens: 0 },
  planComment: null,
};

const stay = (state: RunState, effects: RunEffect[] = []): Transition => ({ state, effects });

function addTokens(total: TokenUsage, usage: TokenUsage): TokenUsage {
  return {
    promptTokens: total.promptTokens + usage.promptTokens,
    completionTokens: total.completionTokens + usage.completionTokens,
  };
}

function noteEffects(note: string | null): RunEffect[] {
  return note ? [notify({ kind: "said", text: note })] : [];
}

function planOf(state: RunState) {
  return "plan" in state ? state.plan : null;
}

/** The workflow: no I/O, every outcome is a new state plus effects for the shell to run. */
export function transition(state: RunState, event: RunEvent): Transition {
  switch (event.type) {
    case "issue_opened":
      if (state.phase === "analyzing") return stay(state, [{ type: "analyze" }]);
      return state.phase === "new"
        ? stay({ ...state, phase: "analyzing" }, [
            { type: "acknowledge", messageId: null, ack: "seen" },
            { type: "analyze" },
          ])
        : stay(state);

    case "issue_edited":
    case "comment_added": {
      const waiting = state.phase === "awaiting_reply" || state.phase === "analysis_failed";
      if (!waiting || !(event.byIssueAuthor || event.canWrite)) return stay(state);
      if (!event.reanalysis) return stay({ ...state, phase: "analyzing" }, [{ type: "analyze" }]);
      const limit = checkAnalysisLimit(state, event.reanalysis);
      if (limit.allowed) {
        return stay({ ...state, phase: "analyzing", analyses: limit.analyses }, [
          { type: "analyze" },
        ]);
      }
      if (!limit.notify) return stay(state);
      return stay({ ...state, analysisLimitNoticed: limit.windowStart }, [
        notify({
          kind: "analysis_limit",
          perHour: event.reanalysis.limit.perHour,
          nextAt: limit.nextAt,
        }),
      ]);
    }

    case "analysis_completed": {
      if (state.phase !== "analyzing") return stay(state);
      const tokens = addTokens(state.tokens, event.usage);
      const notes = noteEffects(event.inputNote);
      const { verdict } = event;
      switch (verdict.kind) {
        case "small_talk":
          return stay(
            { ...state, tokens, phase: "awaiting_reply", reason: "small_talk", questions: [] },
            [...notes, notify({ kind: "small_talk", reply: verdict.reply })],
          );
        case "clarify":
          return stay(
            {
              ...state,
              tokens,
              phase: "awaiting_reply",
              reason: "clarify",
              questions: verdict.questions,
            },
            [...notes, notify({ kind: "questions", questions: verdict.questions })],
          );
        case "plan":
          return stay(
            {
              ...state,
              tokens,
              phase: "awaiting_selection",
              plan: verdict.plan,
              version: state.version + 1,
            },
            [...notes, { type: "render_plan", basedOnHash: null }],
          );
      }
      return stay(state);
    }

    case "analysis_failed":
      if (state.phase !== "analyzing") return stay(state);
      return stay(
        {
          ...state,
          tokens: addTokens(state.tokens, event.usage),
          phase: "analysis_failed",
          error: event.error,
        },
        [...noteEffects(event.inputNote), notify({ kind: "analysis_failed", error: event.error })],
      );

    case "plan_rendered":
      return stay({ ...state, planComment: event.comment });

    case "resume":
      if (state.phase === "analyzing") return stay(state, [{ type: "analyze" }]);
      return state.phase === "generating" ? nextStep(state) : stay(state);

    case "generation_prepared":
      if (state.phase !== "generating" || state.generation !== null) return stay(state);
      return stay(
        {
          ...state,
          generation: startGeneration(
            state.plan,
            event.branch,
            event.maxAttempts,
            event.tokenBudget,
          ),
        },
        [{ type: "continue" }],
      );

    case "code_generated":
      return state.phase === "generating" ? codeGenerated(state, event) : stay(state);

    case "attempt_finished":
      return state.phase === "generating" ? attemptFinished(state, event) : stay(state);

    case "attempt_failed":
      return state.phase === "generating" ? attemptFailed(state, event) : stay(state);

    case "attempt_blocked":
      return state.phase === "generating" ? attemptBlocked(state, event) : stay(state);

    case "change_request_updated":
      if (!("generation" in state) || state.generation === null) return stay(state);
      return stay({
        ...state,
        generation: { ...state.generation, changeRequest: event.changeRequest },
      } as RunState);

    case "module_reported":
      return stay(moduleReported(state, event));

    case "round_committed":
      return stay(roundCommitted(state, event));

    case "issue_closed":
      return closeIssue(state);

    case "revision_requested":
      if (!event.actor.canWrite) {
        return stay(state, [
          notifyOnChangeRequest({ kind: "not_allowed", login: event.actor.login }),
        ]);
      }
      return state.phase === "completed"
        ? requestRevision(state, event)
        : stay(state, [notifyOnChangeRequest({ kind: "revise_not_now" })]);

    case "rerun_requested": {
      if (state.phase !== "awaiting_decision" || state.reason !== "attempts") return stay(state);
      const module = state.generation.modules[state.generation.current];
      if (module?.resultId !== event.resultId) return stay(state);
      if (!event.actor.canWrite) {
        return stay(state, [notify({ kind: "not_allowed", login: event.actor.login })]);
      }
      return retryModule(state, "");
    }

    case "plan_edited":
      return planEdited(state, event.actor.canWrite, event.checklist);

    case "unknown_command":
      if (!event.actor.canWrite) {
        return stay(state, [notify({ kind: "not_allowed", login: event.actor.login })]);
      }
      return stay(state, [
        { type: "acknowledge", messageId: event.commentId, ack: "refused" },
        notify({ kind: "unknown_command", text: event.text, suggestion: event.suggestion }),
      ]);

    case "command":
      if (!event.actor.canWrite) {
        return stay(state, [notify({ kind: "not_allowed", login: event.actor.login })]);
      }
      return acknowledged(event.commentId, command(state, event));
  }
}

type Outcome = Transition & { accepted: boolean };

/** Seen first, then done when the command did something or refused when it could not. */
function acknowledged(messageId: number, outcome: Outcome): Transition {
  return stay(outcome.state, [
    { type: "acknowledge", messageId, ack: "seen" },
    ...outcome.effects,
    { type: "acknowledge", messageId, ack: outcome.accepted ? "done" : "refused" },
  ]);
}

function refused(state: RunState, notice: Notice): Outcome {
  return { state, effects: [notify(notice)], accepted: false };
}

function command(state: RunState, event: Extract<RunEvent, { type: "command" }>): Outcome {
  switch (event.command) {
    case "help":
      return { state, effects: [notify({ kind: "help" })], accepted: true };
    case "status":
      return { state, effects: [notify({ kind: "status" })], accepted: true };
    case "start":
      return start(state, event.checklist);
    case "abort": {
      if (state.phase === "new" || state.phase === "aborted" || state.phase === "completed") {
        return refused(state, { kind: "nothing_to_do", command: "abort" });
      }
      const plan = planOf(state);
      const generation = "generation" in state ? state.generation : null;
      const current = generation?.modules[generation.current];
      return {
        state: {
          phase: "aborted",
          plan,
          generation,
          version: state.version + 1,
          tokens: state.tokens,
          planComment: state.planComment,
        },
        effects: [
          ...(current
            ? [
                // What the module's round wrote so far stays on the branch for people to see.
                { type: "commit_round", module: current.name } as const,
                { type: "close_sandbox", module: current.name } as const,
              ]
            : []),
          notify({ kind: "aborted" }),
          ...(plan ? [{ type: "render_plan", basedOnHash: null } as const] : []),
        ],
        accepted: true,
      };
    }
    case "retry":
      if (state.phase === "analysis_failed") {
        return {
          state: { ...state, phase: "analyzing" },
          effects: [{ type: "analyze" }],
          accepted: true,
        };
      }
      if (state.phase === "awaiting_decision" && state.reason !== "unsupported") {
        return { ...retryModule(state, event.args), accepted: true };
      }
      return refused(state, { kind: "nothing_to_do", command: "retry" });
    case "continue":
      if (state.phase === "awaiting_decision") return { ...skipModule(state), accepted: true };
      return refused(state, { kind: "nothing_to_do", command: "continue" });
    case "revise":
      return refused(state, { kind: "revise_elsewhere" });
  }
}

function start(state: RunState, checklist: Checklist | null): Outcome {
  if (state.phase !== "awaiting_selection")
    return refused(state, { kind: "nothing_to_do", command: "start" });
  let plan = state.plan;
  let notices: Notice[] = [];
  if (checklist) {
    const applied = applyChecklist(plan, checklist);
    if (!applied.ok)
      return refused(state, { kind: "checklist_unusable", problems: applied.problems });
    ({ plan, notices } = applied);
  }
  return {
    state: { ...state, phase: "generating", plan, generation: null, version: state.version + 1 },
    effects: [
      ...notices.map(notify),
      { type: "render_plan", basedOnHash: checklist?.bodyHash ?? null },
      { type: "prepare_generation" },
    ],
    accepted: true,
  };
}

function planEdited(state: RunState, canWrite: boolean, checklist: Checklist): Transition {
  // Every render here answers the human's edit, so it may overwrite that body.
  const restore: RunEffect = { type: "render_plan", basedOnHash: checklist.bodyHash };
  if (
    state.phase === "generating" ||
    state.phase === "awaiting_decision" ||
    state.phase === "completed" ||
    state.phase === "aborted"
  ) {
    return stay(state, [notify({ kind: "plan_restored", why: "frozen" }), restore]);
  }
  if (state.phase !== "awaiting_selection") return stay(state);
  if (!canWrite)
    return stay(state, [notify({ kind: "plan_restored", why: "not_writer" }), restore]);
  const written = state.planComment?.version ?? 0;
  if (checklist.markerVersion !== null && checklist.markerVersion < written) {
    return stay(state, [notify({ kind: "plan_restored", why: "stale" }), restore]);
  }
  const applied = applyChecklist(state.plan, checklist);
  if (!applied.ok) {
    return stay(state, [
      notify({ kind: "checklist_unusable", problems: applied.problems }),
      restore,
    ]);
  }
  const next = { ...state, plan: applied.plan, version: state.version + 1 };
  const notices = applied.notices.map(notify);
  if (checklist.startTicked) {
    return stay({ ...next, phase: "generating", generation: null }, [
      ...notices,
      restore,
      { type: "prepare_generation" },
    ]);
  }
  return stay(next, [...notices, restore]);
}
