import type { ChecklistProblem, ModuleProgress, Notice, RunState } from "../../core/types.ts";
import { testsText } from "../../markdown/tests-text.ts";
import { tail, terminalLine, terminalSafe } from "./terminal-text.ts";

/**
 * The run's notices as a terminal says them: plain lines, no Markdown, and every text from
 * outside made safe for a terminal. Commands are the prompt's choices, not slash commands.
 */
export function noticeText(notice: Notice, state: RunState): string {
  switch (notice.kind) {
    case "said":
      return terminalSafe(notice.text);
    case "small_talk":
      return terminalSafe(notice.reply);
    case "questions":
      return [
        "Before planning, the analysis asks:",
        ...notice.questions.map((question, index) => `  ${index + 1}. ${terminalLine(question)}`),
      ].join("\n");
    case "analysis_failed":
      return `The analysis failed: ${terminalLine(notice.error)}`;
    case "analysis_limit":
      return `The request was analysed ${notice.perHour} times this hour; try again after ${notice.nextAt}.`;
    case "not_allowed":
      return `${terminalLine(notice.login)} may not steer this run.`;
    case "unknown_command":
    case "help":
    case "revise_elsewhere":
    case "revise_not_now":
    case "which_module":
    case "revision_started":
      return "This is for runs on GitHub; the prompt's choices are what a local run takes.";
    case "status":
      return statusText(state);
    case "nothing_to_do":
      return `Nothing to ${notice.command} now (${state.phase.replace("_", " ")}).`;
    case "checklist_unusable":
      return [
        "The plan cannot be used as edited:",
        ...notice.problems.map((problem) => `  - ${checklistProblem(problem)}`),
      ].join("\n");
    case "modules_over_cap":
      return `A plan holds at most ${notice.max} modules; ${notice.ignored} lines after them were ignored.`;
    case "plan_restored":
      return "The plan was restored: it can no longer be edited.";
    case "aborted":
      return "Run aborted. The branch keeps what was committed.";
    case "request_closed":
      return "The request was closed; the run stopped.";
    case "decision_needed":
      return decisionText(notice, state);
    case "module_skipped":
      return `Skipped ${notice.module}; its files stay on the branch.`;
    case "run_finished":
      return finishedText(state);
    case "branch_exists":
      return `The branch ${notice.branch} exists already; committing on top of it.`;
    case "branch_recreated":
      return `The branch ${notice.branch} was deleted, so it was made again from HEAD.`;
  }
}

function checklistProblem(problem: ChecklistProblem): string {
  switch (problem.kind) {
    case "unreadable_line":
      return `cannot read "${terminalLine(problem.line)}"; write a module as - [x] \`name\` — description`;
    case "bad_name":
      return `"${terminalLine(problem.name)}" is not a module name (letters, digits, - and _, starting with a letter)`;
    case "duplicate":
      return `${problem.name} appears twice`;
    case "no_modules":
      return "no modules are left";
    case "none_ticked":
      return "no module is ticked";
    case "no_description":
      return `the new module ${problem.name} needs a description after its name`;
  }
}

const ERRORS_SHOWN = 10;
const LOG_TAIL = 2_000;

function decisionText(notice: Extract<Notice, { kind: "decision_needed" }>, state: RunState) {
  const why = {
    attempts: `${notice.module} failed every attempt of its round.`,
    budget: `The token budget would run out before ${notice.module}: ${terminalLine(notice.detail)}`,
    unavailable: `${notice.module} waits: ${terminalLine(notice.detail)}`,
    unsupported: `${notice.module} cannot be generated: ${terminalLine(notice.detail)}`,
  }[notice.reason];
  const module =
    "generation" in state ? state.generation?.modules.find((m) => m.name === notice.module) : null;
  const build = notice.reason === "attempts" ? module?.build : null;
  if (!build) {
    return [why, ...(module?.error ? [`Last error: ${terminalLine(module.error)}`] : [])].join(
      "\n",
    );
  }
  const errors = build.errors
    .slice(0, ERRORS_SHOWN)
    .map(
      (error) =>
        `  ${terminalLine(error.file)}${error.line ? `:${error.line}` : ""}: ${terminalLine(error.message)}`,
    );
  return [
    why,
    `Failed at: ${build.failure ?? "the build"}${testsText(build) ? ` (tests: ${testsText(build)})` : ""}`,
    ...(errors.length > 0 ? ["Errors:", ...errors] : []),
    "Output (end):",
    terminalSafe(tail(build.logTail, LOG_TAIL)),
  ].join("\n");
}

export function moduleLine(module: ModuleProgress, maxAttempts: number): string {
  const round = module.attempts - module.roundStart;
  const tests = testsText(module.build);
  const status = {
    queued: "queued",
    running: `attempt ${Math.min(round + 1, maxAttempts)}/${maxAttempts}`,
    succeeded: `passed after ${module.attempts} attempt${module.attempts === 1 ? "" : "s"}`,
    failed: `failed after ${module.attempts} attempts`,
    skipped: "skipped",
  }[module.status];
  return `${module.name}: ${status}${tests ? ` · tests ${tests}` : ""}`;
}

function statusText(state: RunState): string {
  const generation = "generation" in state ? state.generation : null;
  if (!generation) return `The run is ${state.phase.replace("_", " ")}.`;
  return generation.modules
    .map((module) => `  ${moduleLine(module, generation.maxAttempts)}`)
    .join("\n");
}

function finishedText(state: RunState): string {
  const generation = "generation" in state ? state.generation : null;
  if (!generation) return "Generation finished.";
  const passed = generation.modules.filter((module) => module.status === "succeeded").length;
  return `Generation finished: ${passed} of ${generation.modules.length} modules passed.`;
}
