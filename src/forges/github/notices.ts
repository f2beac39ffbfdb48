import type { ChecklistProblem, CommandName, Notice, RunState } from "../../core/types.ts";
import { codeBlock, inertLine, inertText, inlineCode } from "./inert.ts";

/**
 * The run's notices as GitHub comments: every word, emoji and Markdown choice is made here.
 * Pure functions of the notice and the state it is said in, so tests read them.
 */
export function renderNotice(notice: Notice, state: RunState): string {
  switch (notice.kind) {
    case "said":
      return notice.text;
    case "small_talk":
      return smallTalkReply(notice.reply);
    case "questions":
      return clarifyReply(notice.questions);
    case "analysis_failed":
      return analysisFailedReply(notice.error);
    case "analysis_limit":
      return analysisLimitReply(notice.perHour, notice.nextAt);
    case "not_allowed":
      return refusal(notice.login);
    case "unknown_command":
      return unknownCommandReply(notice.text, notice.suggestion);
    case "help":
      return helpText();
    case "status":
      return statusText(state);
    case "nothing_to_do":
      return nothingToDo(notice.command, state);
    case "checklist_unusable":
      return checklistProblemsReply(notice.problems.map(checklistProblem));
    case "modules_over_cap":
      return overCapNotice(notice.ignored, notice.max);
    case "plan_restored":
      return PLAN_RESTORED[notice.why];
    case "aborted":
      return ABORTED_REPLY;
    case "request_closed":
      return ISSUE_CLOSED_REPLY;
    case "decision_needed":
      return decisionNeeded(notice, state);
    case "module_skipped":
      return skippedReply(notice.module);
    case "run_finished":
      return state.phase === "completed" ? finalSummaryReply(state) : statusText(state);
    case "revise_elsewhere":
      return REVISE_ON_PR_REPLY;
    case "revise_not_now":
      return REVISE_NOT_NOW_REPLY;
    case "which_module":
      return whichModuleReply(notice.modules);
    case "revision_started":
      return revisionStartedReply(notice.modules);
    case "branch_exists":
      return `ℹ️ The branch \`${notice.branch}\` already exists; I'll commit on top of it and keep what is there.`;
    case "branch_recreated":
      return `ℹ️ The branch \`${notice.branch}\` was deleted, so I recreated it from the default branch. Modules committed before are no longer on it.`;
  }
}

function decisionNeeded(
  notice: Extract<Notice, { kind: "decision_needed" }>,
  state: RunState,
): string {
  switch (notice.reason) {
    case "attempts":
      return state.phase === "awaiting_decision" ? decisionReply(state) : statusText(state);
    case "budget": {
      const budget = "generation" in state ? state.generation?.tokenBudget : null;
      return budgetReply(notice.detail, budget ?? 0);
    }
    case "unavailable":
      return unavailableReply(notice.module, notice.detail);
    case "unsupported":
      return unsupportedReply(notice.module, notice.detail);
  }
}

function checklistProblem(problem: ChecklistProblem): string {
  switch (problem.kind) {
    case "unreadable_line":
      return `I could not read ${inlineCode(problem.line)}; write a module as ${inlineCode("- [x] `name` — description")}.`;
    case "bad_name":
      return `${inlineCode(problem.name)} is not a usable module name (letters, digits, \`-\` and \`_\`, starting with a letter).`;
    case "duplicate":
      return `The module \`${problem.name}\` appears twice; module names must be unique.`;
    case "no_modules":
      return "The checklist has no modules left.";
    case "none_ticked":
      return "No module is ticked; tick at least one module to generate.";
    case "no_description":
      return `The new module \`${problem.name}\` needs a description after its name.`;
  }
}

function overCapNotice(ignored: number, max: number): string {
  const lines = ignored === 1 ? "1 module line" : `${ignored} module lines`;
  return `A plan holds at most ${max} modules, so I kept the first ${max} lines of the checklist and ignored ${lines} after them.`;
}

export const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  start: "freeze the ticked modules and start generating them",
  retry: "`/retry [hint]`: try the failed step again, passing the hint to the fixer",
  continue: "skip the failed module and go on with the next",
  abort: "stop the run (the branch and comments stay)",
  status: "show where the run is",
  help: "show this list",
  revise: "`/revise <instructions>` (on the pull request): regenerate modules from review",
};

export function helpText(): string {
  const lines = Object.entries(COMMAND_HELP).map(([name, text]) =>
    text.startsWith("`") ? `- ${text}` : `- \`/${name}\`: ${text}`,
  );
  return [
    "**Commands** (a line starting with `/`, from someone with write access):",
    ...lines,
  ].join("\n");
}

export const HOW_TO_ASK =
  "Open an issue (or reply here) describing what to build: what it does, inputs and outputs, and the language if you have one in mind. I'll ask about anything missing, propose a plan of modules you can edit, then generate, build and test each one and open a pull request.";

export function smallTalkReply(reply: string): string {
  return `${inertText(reply.trim())}\n\n${HOW_TO_ASK}`;
}

export function clarifyReply(questions: readonly string[]): string {
  const numbered = questions.map((question, index) => `${index + 1}. ${inertLine(question)}`);
  return [
    "Before I plan this, a few questions:",
    "",
    ...numbered,
    "",
    "Reply in a comment (or edit the issue) and I'll take it from there.",
  ].join("\n");
}

export function analysisFailedReply(error: string): string {
  return `😕 I could not work out a plan: ${inertText(error)}\n\nComment \`/retry\` to try again, or edit the issue to add detail.`;
}

export function analysisLimitReply(perHour: number, nextAt: string): string {
  const time = `${nextAt.slice(11, 16)} UTC`;
  return `⏳ This issue has been re-read ${perHour} times in the last hour, the most this app allows. I'll read the next comment or edit made after ${time}; a maintainer can comment \`/retry\` if the analysis failed.`;
}

/** A job failed for good; `reason` is an error message, so it may carry anyone's text. */
export function stuckJobReply(tries: number, reason: string): string {
  return `⚠️ I could not process an event for this issue after ${tries} tries (${inertLine(reason)}). Later events wait until it goes through: comment \`/retry\` to try again.`;
}

export function refusal(login: string): string {
  return `Sorry @${login}, only people with write access to this repository can steer me. A maintainer can run the command for you.`;
}

export function unknownCommandReply(text: string, suggestion: CommandName | null): string {
  const hint = suggestion ? ` Did you mean \`/${suggestion}\`?` : "";
  return `I don't know the command ${inlineCode(text)}.${hint}\n\n${helpText()}`;
}

export function checklistProblemsReply(problems: readonly string[]): string {
  return [
    "I kept the previous plan, because the edited checklist can't be used:",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Edit the plan comment again.",
  ].join("\n");
}

const PLAN_RESTORED: Readonly<Record<"stale" | "frozen" | "not_writer", string>> = {
  stale:
    "The plan changed while you were editing it, so I restored the current plan. Please make your change again.",
  frozen:
    "Generation has started, so the selection is frozen; I restored the plan comment. Use `/abort` to stop the run.",
  not_writer: "Only people with write access can change the plan; I restored it.",
};

export function statusText(state: RunState): string {
  switch (state.phase) {
    case "new":
      return "No run yet for this issue.";
    case "analyzing":
      return "🔎 Reading the request.";
    case "awaiting_reply":
      return state.reason === "clarify"
        ? "💬 Waiting for answers to my questions."
        : "💬 Waiting for a request to work on.";
    case "analysis_failed":
      return `😕 Analysis failed: ${inertText(state.error)} Comment \`/retry\` to try again.`;
    case "awaiting_selection": {
      const ticked = state.plan.modules.filter((module) => module.selected).length;
      return `📋 Plan ready: ${ticked} of ${state.plan.modules.length} modules ticked. Tick **Start generation** or comment \`/start\`.`;
    }
    case "generating":
    case "awaiting_decision":
    case "completed": {
      const generation = state.generation;
      if (!generation) return "🔨 Preparing the branch.";
      const lines = generation.modules.map(
        (module) => `- \`${module.name}\`: ${moduleStatusLine(module, generation.maxAttempts)}`,
      );
      const head =
        state.phase === "awaiting_decision"
          ? `⏸ Waiting for a decision: ${decisionDetail(state)}`
          : state.phase === "completed"
            ? "🏁 Generation finished."
            : `🔨 Generating on \`${generation.branch}\`.`;
      return [head, ...lines].join("\n");
    }
    case "aborted":
      return "⏹ The run was aborted.";
  }
}

export function nothingToDo(command: CommandName, state: RunState): string {
  return `Nothing to ${command} right now. ${statusText(state)}`;
}

export const REVISE_ON_PR_REPLY =
  "`/revise` works on the pull request I open: comment it there with what to change.";

export const ABORTED_REPLY =
  "⏹ Aborted. Nothing more will run for this issue; anything already committed stays.";

type WithGeneration = Extract<RunState, { generation: unknown }>;

/**
 * The decision's reason as Markdown. An unsupported module's detail is the generator's error
 * text, so it is made inert; the other details are the app's own words.
 */
function decisionDetail(state: Extract<RunState, { phase: "awaiting_decision" }>): string {
  return state.reason === "unsupported" ? inertText(state.detail) : state.detail;
}

export function truncateTail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `[… ${text.length - max} earlier characters cut]\n${text.slice(-max)}`;
}

export function decisionReply(state: Extract<RunState, { phase: "awaiting_decision" }>): string {
  const { generation } = state;
  const module = generation.modules[generation.current];
  if (!module) return statusText(state);
  const build = module.build;
  const errors = (build?.errors ?? []).slice(0, 10).map(errorItem);
  const output = build
    ? [
        `<details><summary>Last build output (${build.failure ?? "build"} failed)</summary>`,
        "",
        codeBlock(truncateTail(build.logTail, 3_000)),
        "",
        "</details>",
      ]
    : [`Last error: ${inertText(module.error ?? "unknown")}`];
  return [
    `❌ ${decisionDetail(state)}`,
    ...roundLines(module, generation.maxAttempts),
    "",
    ...(errors.length > 0 ? ["Errors:", ...errors, ""] : []),
    ...output,
    "",
    "What next? Comment one of:",
    `- \`/retry [hint]\`: ${generation.maxAttempts} more attempts; the hint goes to the fixer, e.g. ${inlineCode(exampleHint(module))}`,
    `- \`/continue\`: skip \`${module.name}\` and go on with the next module. Its failing code and tests stay on the branch and in the pull request; remove or fix them before merging.`,
    `- \`/abort\`: stop the run; the branch \`${generation.branch}\` stays`,
  ].join("\n");
}

/** From the second round on: which round this was, and the hint it was given. */
function roundLines(
  module: { attempts: number; roundStart: number; hint: string | null },
  maxAttempts: number,
): string[] {
  if (module.roundStart === 0) return [];
  const round = Math.floor(module.roundStart / maxAttempts) + 1;
  const attempts = `Round ${round}: attempts ${module.roundStart + 1} to ${module.attempts}.`;
  const hint = module.hint
    ? ` The fixer had your hint ${inlineCode(module.hint)} in this round, and the tests still fail.`
    : "";
  return ["", `${attempts}${hint}`];
}

/** An example hint about this module: its first failing test or file, never a canned one. */
function exampleHint(module: {
  build: { errors: { file: string; test?: string | null }[] } | null;
}): string {
  const first = module.build?.errors[0];
  const where = first ? (first.test ?? first.file.split("/").at(-1)) : null;
  return where ? `/retry ${where} should <what you expect>` : "/retry <what the code should do>";
}

/** A list item: the place and the message's first line; the rest of a long message fenced below. */
function errorItem(error: { file: string; line: number | null; message: string }): string {
  const [first = "", ...rest] = error.message.split("\n");
  const item = `- ${inlineCode(`${error.file}${error.line ? `:${error.line}` : ""}`)} ${inertLine(first)}`;
  if (rest.join("").trim() === "") return item;
  const block = codeBlock(rest.join("\n"))
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `${item}\n${block}`;
}

export function budgetReply(detail: string, budget: number): string {
  return `⏸ ${detail} I stopped before spending more.\n\nComment \`/retry\` to continue with another ${budget} tokens, or \`/abort\` to stop.`;
}

export function unavailableReply(module: string, reason: string): string {
  return `⏸ I paused before \`${module}\`: ${reason}; the operator has been told.\n\nNothing is lost: comment \`/retry\` once it is back to go on, or \`/abort\` to stop.`;
}

export function unsupportedReply(module: string, error: string): string {
  return `❌ I can't generate \`${module}\`: ${inertText(error)}\n\nComment \`/continue\` to skip it, or \`/abort\` to stop.`;
}

export const ISSUE_CLOSED_REPLY = "⏹ The issue was closed, so I stopped the run. The branch stays.";

export function finalSummaryReply(state: WithGeneration & { phase: "completed" }): string {
  const { generation } = state;
  const count = (status: string) => generation.modules.filter((m) => m.status === status).length;
  const attempts = generation.modules.reduce((sum, m) => sum + m.attempts, 0);
  const tokens = state.tokens.promptTokens + state.tokens.completionTokens;
  const pull = generation.changeRequest;
  const pr = pull ? ` The pull request is [#${pull.number}](${pull.url}).` : "";
  const unfinished = generation.modules.filter((m) => m.status !== "succeeded");
  return [
    `🏁 Done: ${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped, in ${attempts} attempts using ${tokens} tokens.${pr}`,
    ...(unfinished.length > 0 ? ["", leftInPullRequest(unfinished.map((m) => m.name))] : []),
  ].join("\n");
}

function leftInPullRequest(modules: readonly string[]): string {
  const names = modules.map((name) => `\`${name}\``).join(", ");
  return `⚠️ The code and tests written for ${names} stay in the pull request and fail: remove or fix them before merging.`;
}

/** The answer to `/continue`. */
export function skippedReply(module: string): string {
  return `⏭ Skipped \`${module}\`; going on with the next module. ${leftInPullRequest([module])}`;
}

export function moduleStatusLine(
  module: {
    status: string;
    attempts: number;
    roundStart: number;
  },
  maxAttempts: number,
): string {
  const round = module.attempts - module.roundStart;
  switch (module.status) {
    case "running":
      return `🔨 attempt ${round + 1}/${maxAttempts}`;
    case "succeeded":
      return `✅ passed (attempt ${module.attempts})`;
    case "failed":
      return `❌ failed after ${module.attempts} attempts`;
    case "skipped":
      return "⏭ skipped";
    default:
      return "⏳ queued";
  }
}

export function revisionStartedReply(modules: readonly string[]): string {
  const names = modules.map((name) => `\`${name}\``).join(", ");
  return `🔁 Revising ${names} from this review. I'll reply in each thread and update this pull request.`;
}

export function whichModuleReply(modules: readonly string[]): string {
  return [
    "Which module should I revise? Name it in the comment, e.g.:",
    "",
    `\`/revise ${modules[0] ?? "module"}: what to change\``,
    "",
    `Modules: ${modules.map((name) => `\`${name}\``).join(", ")}.`,
  ].join("\n");
}

export const REVISE_NOT_NOW_REPLY =
  "I can revise once generation has finished; comment `/status` on the issue to see where it is.";

export function reviewThreadReply(outcome: "revised" | "failed", commitUrl: string | null): string {
  if (outcome === "revised") {
    return commitUrl
      ? `✅ Revised in ${commitUrl}; the build and tests pass.`
      : "✅ Revised; the build and tests pass.";
  }
  return "❌ I could not make this change pass the build and tests; the issue has the failing output and the choices (`/retry`, `/continue`).";
}
