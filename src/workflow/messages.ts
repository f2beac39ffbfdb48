import type { CommandName, RunState } from "./types.ts";

/** User-facing texts the workflow posts. Pure functions of state, so tests read them. */

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
  return `${reply.trim()}\n\n${HOW_TO_ASK}`;
}

export function clarifyReply(questions: readonly string[]): string {
  const numbered = questions.map((question, index) => `${index + 1}. ${question.trim()}`);
  return [
    "Before I plan this, a few questions:",
    "",
    ...numbered,
    "",
    "Reply in a comment (or edit the issue) and I'll take it from there.",
  ].join("\n");
}

export function analysisFailedReply(error: string): string {
  return `😕 I could not work out a plan: ${error}\n\nComment \`/retry\` to try again, or edit the issue to add detail.`;
}

export function refusal(login: string): string {
  return `Sorry @${login}, only people with write access to this repository can steer me. A maintainer can run the command for you.`;
}

export function unknownCommandReply(text: string, suggestion: CommandName | null): string {
  const hint = suggestion ? ` Did you mean \`/${suggestion}\`?` : "";
  return `I don't know the command \`${text}\`.${hint}\n\n${helpText()}`;
}

export function checklistProblemsReply(problems: readonly string[]): string {
  return [
    "I kept the previous plan, because the edited checklist can't be used:",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Edit the plan comment again.",
  ].join("\n");
}

export const STALE_EDIT_REPLY =
  "The plan changed while you were editing it, so I restored the current plan. Please make your change again.";

export const FROZEN_PLAN_REPLY =
  "Generation has started, so the selection is frozen; I restored the plan comment. Use `/abort` to stop the run.";

export const NON_WRITER_EDIT_REPLY =
  "Only people with write access can change the plan; I restored it.";

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
      return `😕 Analysis failed: ${state.error} Comment \`/retry\` to try again.`;
    case "awaiting_selection": {
      const ticked = state.plan.modules.filter((module) => module.selected).length;
      return `📋 Plan ready: ${ticked} of ${state.plan.modules.length} modules ticked. Tick **Start generation** or comment \`/start\`.`;
    }
    case "generating":
      return `🔨 Generating ${state.plan.modules.filter((module) => module.selected).length} modules.`;
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
