import { checkAnalysisLimit } from "./analysis-limit.ts";
import { applyChecklist } from "./apply-checklist.ts";
import {
  attemptBlocked,
  attemptFailed,
  attemptFinished,
  checkRunReported,
  closeIssue,
  codeGenerated,
  nextStep,
  requestRevision,
  retryModule,
  skipModule,
  startGeneration,
} from "./generation.ts";
import {
  ABORTED_REPLY,
  analysisFailedReply,
  analysisLimitReply,
  checklistProblemsReply,
  clarifyReply,
  FROZEN_PLAN_REPLY,
  helpText,
  NON_WRITER_EDIT_REPLY,
  nothingToDo,
  REVISE_NOT_NOW_REPLY,
  REVISE_ON_PR_REPLY,
  refusal,
  STALE_EDIT_REPLY,
  smallTalkReply,
  statusText,
  unknownCommandReply,
} from "./messages.ts";
import type { Checklist, RunEffect, RunEvent, RunState, TokenUsage, Transition } from "./types.ts";

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
  return note ? [{ type: "reply", body: note }] : [];
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
            { type: "react", commentId: null, content: "eyes" },
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
        {
          type: "reply",
          body: analysisLimitReply(event.reanalysis.limit.perHour, limit.nextAt),
        },
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
            [...notes, { type: "reply", body: smallTalkReply(verdict.reply) }],
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
            [...notes, { type: "reply", body: clarifyReply(verdict.questions) }],
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
        [
          ...noteEffects(event.inputNote),
          { type: "reply", body: analysisFailedReply(event.error) },
        ],
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

    case "pull_request_updated":
      if (!("generation" in state) || state.generation === null) return stay(state);
      return stay({
        ...state,
        generation: { ...state.generation, pullRequest: event.pullRequest },
      } as RunState);

    case "check_run_reported":
      return stay(checkRunReported(state, event));

    case "issue_closed":
      return closeIssue(state);

    case "revision_requested":
      if (!event.actor.canWrite) {
        return stay(state, [{ type: "reply_on_pull_request", body: refusal(event.actor.login) }]);
      }
      return state.phase === "completed"
        ? requestRevision(state, event)
        : stay(state, [{ type: "reply_on_pull_request", body: REVISE_NOT_NOW_REPLY }]);

    case "check_run_rerequested": {
      if (state.phase !== "awaiting_decision" || state.reason !== "attempts") return stay(state);
      const module = state.generation.modules[state.generation.current];
      if (module?.checkRunId !== event.checkRunId) return stay(state);
      if (!event.actor.canWrite) {
        return stay(state, [{ type: "reply", body: refusal(event.actor.login) }]);
      }
      return retryModule(state, "");
    }

    case "plan_edited":
      return planEdited(state, event.actor.canWrite, event.checklist);

    case "unknown_command":
      if (!event.actor.canWrite) {
        return stay(state, [{ type: "reply", body: refusal(event.actor.login) }]);
      }
      return stay(state, [
        { type: "react", commentId: event.commentId, content: "confused" },
        { type: "reply", body: unknownCommandReply(event.text, event.suggestion) },
      ]);

    case "command":
      if (!event.actor.canWrite) {
        return stay(state, [{ type: "reply", body: refusal(event.actor.login) }]);
      }
      return acknowledged(event.commentId, command(state, event));
  }
}

type Outcome = Transition & { accepted: boolean };

/** 👀 first, then 🚀 when the command did something or 😕 when it could not. */
function acknowledged(commentId: number, outcome: Outcome): Transition {
  return stay(outcome.state, [
    { type: "react", commentId, content: "eyes" },
    ...outcome.effects,
    { type: "react", commentId, content: outcome.accepted ? "rocket" : "confused" },
  ]);
}

function refused(state: RunState, body: string): Outcome {
  return { state, effects: [{ type: "reply", body }], accepted: false };
}

function command(state: RunState, event: Extract<RunEvent, { type: "command" }>): Outcome {
  switch (event.command) {
    case "help":
      return { state, effects: [{ type: "reply", body: helpText() }], accepted: true };
    case "status":
      return { state, effects: [{ type: "reply", body: statusText(state) }], accepted: true };
    case "start":
      return start(state, event.checklist);
    case "abort": {
      if (state.phase === "new" || state.phase === "aborted" || state.phase === "completed") {
        return refused(state, nothingToDo("abort", state));
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
          ...(current ? [{ type: "close_sandbox", module: current.name } as const] : []),
          { type: "reply", body: ABORTED_REPLY },
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
      return refused(state, nothingToDo("retry", state));
    case "continue":
      if (state.phase === "awaiting_decision") return { ...skipModule(state), accepted: true };
      return refused(state, nothingToDo("continue", state));
    case "revise":
      return refused(state, REVISE_ON_PR_REPLY);
  }
}

function start(state: RunState, checklist: Checklist | null): Outcome {
  if (state.phase !== "awaiting_selection") return refused(state, nothingToDo("start", state));
  let plan = state.plan;
  let notices: string[] = [];
  if (checklist) {
    const applied = applyChecklist(plan, checklist);
    if (!applied.ok) return refused(state, checklistProblemsReply(applied.problems));
    ({ plan, notices } = applied);
  }
  return {
    state: { ...state, phase: "generating", plan, generation: null, version: state.version + 1 },
    effects: [
      ...notices.map((body) => ({ type: "reply", body }) as const),
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
    return stay(state, [{ type: "reply", body: FROZEN_PLAN_REPLY }, restore]);
  }
  if (state.phase !== "awaiting_selection") return stay(state);
  if (!canWrite) return stay(state, [{ type: "reply", body: NON_WRITER_EDIT_REPLY }, restore]);
  const written = state.planComment?.version ?? 0;
  if (checklist.markerVersion !== null && checklist.markerVersion < written) {
    return stay(state, [{ type: "reply", body: STALE_EDIT_REPLY }, restore]);
  }
  const applied = applyChecklist(state.plan, checklist);
  if (!applied.ok) {
    return stay(state, [
      { type: "reply", body: checklistProblemsReply(applied.problems) },
      restore,
    ]);
  }
  const next = { ...state, plan: applied.plan, version: state.version + 1 };
  const notices = applied.notices.map((body) => ({ type: "reply", body }) as const);
  if (checklist.startTicked) {
    return stay({ ...next, phase: "generating", generation: null }, [
      ...notices,
      restore,
      { type: "prepare_generation" },
    ]);
  }
  return stay(next, [...notices, restore]);
}
