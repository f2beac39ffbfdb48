import { z } from "zod";
import type { RunState } from "../../core/types.ts";
import type { Exactly } from "./exactly.ts";

/**
 * The stored run state, schema version 2. It mirrors `RunState` exactly (checked at compile
 * time below): a change to the state's type does not compile until this schema says how the
 * stored rows look, and a change stored rows cannot meet needs a migration and a new version
 * (see run-state-migrations.ts). Unknown keys are dropped on reading.
 */
export const RUN_STATE_SCHEMA_VERSION = 2;

const tokenUsage = z.object({ promptTokens: z.number(), completionTokens: z.number() });
const planCommentRef = z.object({
  id: z.number(),
  version: z.number(),
  hash: z.string(),
  shows: z.string().optional(),
  at: z.number().optional(),
});
const fileContent = z.object({ path: z.string(), content: z.string() });

const plannedModule = z.object({
  name: z.string(),
  description: z.string(),
  language: z.string(),
  files: z.array(z.string()),
  dependsOn: z.array(z.string()),
  acceptanceCriteria: z.array(z.string()),
  selected: z.boolean(),
});
const plan = z.object({
  summary: z.string(),
  language: z.string(),
  modules: z.array(plannedModule),
});

const testCounts = z.object({ passed: z.number(), failed: z.number(), skipped: z.number() });
const phaseName = z.enum(["install", "build", "test"]);
const buildSummary = z.object({
  ok: z.boolean(),
  failure: z.enum(["install", "build", "test", "timeout", "oom"]).nullable(),
  tests: testCounts.nullable(),
  earlierTests: testCounts.nullable().optional(),
  phases: z.array(z.object({ phase: phaseName, status: z.string(), durationMs: z.number() })),
  logTail: z.string(),
  errors: z.array(
    z.object({
      file: z.string(),
      line: z.number().nullable(),
      message: z.string(),
      test: z.string().optional(),
    }),
  ),
  durationMs: z.number(),
});

const reviewNote = z.object({
  commentId: z.number().nullable(),
  path: z.string().nullable(),
  line: z.number().nullable(),
  body: z.string(),
});

const attemptRecord = z.object({
  attempt: z.number(),
  commit: z.string().nullable(),
  outcome: z.enum(["passed", "failed", "error"]),
  detail: z.string(),
});

const moduleProgress = z.object({
  name: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "skipped"]),
  attempts: z.number(),
  roundStart: z.number(),
  hint: z.string().nullable(),
  steps: z.array(z.string()),
  files: z.array(z.string()),
  refused: z.array(z.string()),
  lastCommit: z.string().nullable(),
  draft: z.array(fileContent).optional(),
  resultId: z.number().nullable(),
  resultSha: z.string().nullable().optional(),
  history: z.array(attemptRecord).optional(),
  build: buildSummary.nullable(),
  error: z.string().nullable(),
  tokens: tokenUsage,
  durationMs: z.number(),
  review: z.array(reviewNote),
});

const changeRequestRef = z.object({
  number: z.number(),
  id: z.string(),
  url: z.string(),
  draft: z.boolean(),
});

const generation = z.object({
  branch: z.string(),
  maxAttempts: z.number(),
  tokenBudget: z.number().nullable(),
  modules: z.array(moduleProgress),
  current: z.number(),
  changeRequest: changeRequestRef.nullable(),
});

const actor = z.object({ login: z.string(), canWrite: z.boolean() });
const commandName = z.enum(["start", "retry", "continue", "abort", "status", "help", "revise"]);
const checklist = z.object({
  markerVersion: z.number().nullable(),
  modules: z.array(z.object({ name: z.string(), description: z.string(), checked: z.boolean() })),
  startTicked: z.boolean(),
  unreadable: z.array(z.string()),
  overCap: z.object({ ignored: z.number(), max: z.number() }).optional(),
  bodyHash: z.string(),
});
const analysisVerdict = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("small_talk"), reply: z.string() }),
  z.object({ kind: z.literal("clarify"), questions: z.array(z.string()) }),
  z.object({ kind: z.literal("plan"), plan }),
]);
const attemptMode = z.enum(["generate", "fix"]);
const generatedCode = {
  module: z.string(),
  mode: attemptMode,
  files: z.array(fileContent),
  steps: z.array(z.string()),
  usage: tokenUsage,
  durationMs: z.number(),
};
const reanalysisRequest = z.object({ at: z.string(), limit: z.object({ perHour: z.number() }) });

const runEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("issue_opened"), author: z.string() }),
  z.object({
    type: z.enum(["issue_edited", "comment_added"]),
    author: z.string(),
    byIssueAuthor: z.boolean(),
    canWrite: z.boolean().optional(),
    reanalysis: reanalysisRequest.optional(),
  }),
  z.object({
    type: z.literal("analysis_completed"),
    verdict: analysisVerdict,
    usage: tokenUsage,
    inputNote: z.string().nullable(),
  }),
  z.object({
    type: z.literal("analysis_failed"),
    error: z.string(),
    usage: tokenUsage,
    inputNote: z.string().nullable(),
  }),
  z.object({ type: z.literal("plan_rendered"), comment: planCommentRef }),
  z.object({ type: z.literal("plan_edited"), actor, checklist }),
  z.object({
    type: z.literal("command"),
    actor,
    command: commandName,
    args: z.string(),
    commentId: z.number(),
    checklist: checklist.nullable(),
  }),
  z.object({
    type: z.literal("unknown_command"),
    actor,
    text: z.string(),
    suggestion: commandName.nullable(),
    commentId: z.number(),
  }),
  z.object({ type: z.literal("resume") }),
  z.object({
    type: z.literal("generation_prepared"),
    branch: z.string(),
    maxAttempts: z.number(),
    tokenBudget: z.number().nullable(),
  }),
  z.object({
    type: z.literal("attempt_finished"),
    module: z.string(),
    commit: z.string().nullable().optional(),
    files: z.array(z.string()),
    written: z.array(fileContent).optional(),
    refused: z.array(z.string()),
    steps: z.array(z.string()),
    build: buildSummary,
    usage: tokenUsage,
    durationMs: z.number(),
  }),
  z.object({ type: z.literal("code_generated"), ...generatedCode }),
  z.object({
    type: z.literal("attempt_failed"),
    module: z.string(),
    commit: z.string().nullable().optional(),
    files: z.array(z.string()),
    written: z.array(fileContent).optional(),
    refused: z.array(z.string()),
    error: z.string(),
    retryable: z.boolean(),
    usage: tokenUsage,
    durationMs: z.number(),
  }),
  z.object({ type: z.literal("attempt_blocked"), module: z.string(), reason: z.string() }),
  z.object({
    type: z.literal("round_committed"),
    module: z.string(),
    commit: z.string().nullable(),
  }),
  z.object({ type: z.literal("change_request_updated"), changeRequest: changeRequestRef }),
  z.object({
    type: z.literal("module_reported"),
    module: z.string(),
    resultId: z.number(),
    sha: z.string(),
  }),
  z.object({ type: z.literal("issue_closed") }),
  z.object({ type: z.literal("rerun_requested"), actor, resultId: z.number() }),
  z.object({
    type: z.literal("revision_requested"),
    actor,
    modules: z.array(z.object({ module: z.string(), notes: z.array(reviewNote) })),
    unassigned: z.array(reviewNote),
  }),
]);

const checklistProblem = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("unreadable_line"), line: z.string() }),
  z.object({ kind: z.literal("bad_name"), name: z.string() }),
  z.object({ kind: z.literal("duplicate"), name: z.string() }),
  z.object({ kind: z.literal("no_modules") }),
  z.object({ kind: z.literal("none_ticked") }),
  z.object({ kind: z.literal("no_description"), name: z.string() }),
]);
const decisionReason = z.enum(["attempts", "budget", "unsupported", "unavailable"]);
const notice = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("said"), text: z.string() }),
  z.object({ kind: z.literal("small_talk"), reply: z.string() }),
  z.object({ kind: z.literal("questions"), questions: z.array(z.string()) }),
  z.object({ kind: z.literal("analysis_failed"), error: z.string() }),
  z.object({ kind: z.literal("analysis_limit"), perHour: z.number(), nextAt: z.string() }),
  z.object({ kind: z.literal("not_allowed"), login: z.string() }),
  z.object({
    kind: z.literal("unknown_command"),
    text: z.string(),
    suggestion: commandName.nullable(),
  }),
  z.object({ kind: z.literal("help") }),
  z.object({ kind: z.literal("status") }),
  z.object({ kind: z.literal("nothing_to_do"), command: commandName }),
  z.object({ kind: z.literal("checklist_unusable"), problems: z.array(checklistProblem) }),
  z.object({ kind: z.literal("modules_over_cap"), ignored: z.number(), max: z.number() }),
  z.object({ kind: z.literal("plan_restored"), why: z.enum(["stale", "frozen", "not_writer"]) }),
  z.object({ kind: z.literal("aborted") }),
  z.object({ kind: z.literal("request_closed") }),
  z.object({
    kind: z.literal("decision_needed"),
    module: z.string(),
    reason: decisionReason,
    detail: z.string(),
  }),
  z.object({ kind: z.literal("module_skipped"), module: z.string() }),
  z.object({ kind: z.literal("run_finished") }),
  z.object({ kind: z.literal("revise_elsewhere") }),
  z.object({ kind: z.literal("revise_not_now") }),
  z.object({ kind: z.literal("which_module"), modules: z.array(z.string()) }),
  z.object({ kind: z.literal("revision_started"), modules: z.array(z.string()) }),
  z.object({ kind: z.literal("branch_exists"), branch: z.string() }),
  z.object({ kind: z.literal("branch_recreated"), branch: z.string() }),
]);

const runEffect = z.discriminatedUnion("type", [
  z.object({ type: z.literal("analyze") }),
  z.object({
    type: z.literal("notify"),
    notice,
    place: z.literal("change_request").optional(),
  }),
  z.object({
    type: z.literal("answer_review"),
    module: z.string(),
    notes: z.array(reviewNote),
    outcome: z.enum(["revised", "failed"]),
  }),
  z.object({
    type: z.literal("render_plan"),
    basedOnHash: z.string().nullable(),
    progress: z.literal(true).optional(),
  }),
  z.object({
    type: z.literal("acknowledge"),
    messageId: z.number().nullable(),
    ack: z.enum(["seen", "done", "refused"]),
  }),
  z.object({ type: z.literal("prepare_generation") }),
  z.object({ type: z.literal("generate_code"), module: z.string(), mode: attemptMode }),
  z.object({ type: z.literal("build_attempt"), ...generatedCode }),
  z.object({ type: z.literal("continue") }),
  z.object({ type: z.literal("commit_round"), module: z.string() }),
  z.object({ type: z.literal("report_module"), module: z.string() }),
  z.object({ type: z.literal("publish_results") }),
  z.object({ type: z.literal("update_change_request") }),
  z.object({ type: z.literal("finish_change_request") }),
  z.object({ type: z.literal("close_sandbox"), module: z.string() }),
]);

const pendingWork = z.union([
  runEvent,
  z.object({ type: z.literal("deferred_effects"), effects: z.array(runEffect) }),
]);

const common = {
  version: z.number().int(),
  tokens: tokenUsage,
  planComment: planCommentRef.nullable(),
  analyses: z.array(z.string()).optional(),
  analysisLimitNoticed: z.string().optional(),
  checkpoint: z
    .object({ step: z.string(), pending: z.array(pendingWork), transitions: z.number() })
    .optional(),
};

export const runStateSchema = z.discriminatedUnion("phase", [
  z.object({ ...common, phase: z.literal("new") }),
  z.object({ ...common, phase: z.literal("analyzing") }),
  z.object({
    ...common,
    phase: z.literal("awaiting_reply"),
    reason: z.enum(["small_talk", "clarify"]),
    questions: z.array(z.string()),
  }),
  z.object({ ...common, phase: z.literal("analysis_failed"), error: z.string() }),
  z.object({ ...common, phase: z.literal("awaiting_selection"), plan }),
  z.object({ ...common, phase: z.literal("generating"), plan, generation: generation.nullable() }),
  z.object({
    ...common,
    phase: z.literal("awaiting_decision"),
    plan,
    generation,
    reason: decisionReason,
    detail: z.string(),
  }),
  z.object({ ...common, phase: z.literal("completed"), plan, generation }),
  z.object({
    ...common,
    phase: z.literal("aborted"),
    plan: plan.nullable(),
    generation: generation.nullable(),
  }),
]);

// The schema reads exactly what the machine writes: no field more, none less, same types.
const mirrorsRunState: Exactly<z.infer<typeof runStateSchema>, RunState> = true;
void mirrorsRunState;
