import { checkbox, confirm, editor, input, select } from "@inquirer/prompts";
import type { Actor, Checklist, CommandName, RunEvent, RunState } from "../../core/types.ts";
import type { Conversation } from "./conversation.ts";
import { pickedChecklist, readPlanFile, renderPlanFile } from "./plan-file.ts";

/** What a person (or a script) does when the run waits: an event, or the end of the command. */
export type Turn = RunEvent | { exit: number };
export type Turns = (state: RunState) => Promise<Turn>;

export const EXIT = { passed: 0, unfinished: 1, usage: 2, questions: 3, interrupted: 130 } as const;

/** A run that has ended: 0 when every selected module passed, 1 otherwise. */
export function finalExit(state: RunState): number | null {
  if (state.phase === "completed")
    return state.generation.modules.every((module) => module.status === "succeeded")
      ? EXIT.passed
      : EXIT.unfinished;
  if (state.phase === "aborted") return EXIT.unfinished;
  return null;
}

let commentIds = 0;
function command(
  actor: Actor,
  name: CommandName,
  args = "",
  checklist: Checklist | null = null,
): RunEvent {
  return { type: "command", actor, command: name, args, commentId: ++commentIds, checklist };
}

export type ScriptOptions = {
  actor: Actor;
  /** `--yes`: the plan as proposed. */
  yes: boolean;
  /** `--modules a,b`: these modules, in this order. */
  modules: readonly string[] | null;
  /** `--on-failure`: what to do when a module's attempts run out (abort by default). */
  onFailure: "continue" | "abort";
  say: (line: string) => void;
};

/** Decisions made up front, for scripts and CI: nothing is asked. */
export function scriptedTurns(options: ScriptOptions): Turns {
  let started = false;
  return async (state) => {
    const ended = finalExit(state);
    if (ended !== null) return { exit: ended };
    switch (state.phase) {
      case "awaiting_reply":
        options.say(
          state.reason === "clarify"
            ? "Answer these in the request (or run codegen run without --yes in a terminal) and run again."
            : "No plan was made: describe what to build and run again.",
        );
        return { exit: EXIT.questions };
      case "analysis_failed":
        return { exit: EXIT.unfinished };
      case "awaiting_selection": {
        if (started) {
          options.say("The selection was refused (see above).");
          return { exit: EXIT.usage };
        }
        started = true;
        if (options.modules) {
          const known = state.plan.modules.map((module) => module.name);
          const unknown = options.modules.filter((name) => !known.includes(name));
          if (unknown.length > 0) {
            options.say(
              `--modules names ${unknown.join(", ")}, which the plan does not have; it has ${known.join(", ")}.`,
            );
            return { exit: EXIT.usage };
          }
          return command(options.actor, "start", "", pickedChecklist(state.plan, options.modules));
        }
        if (!options.yes) {
          options.say("The plan waits for a choice: pass --yes (as proposed) or --modules a,b.");
          return { exit: EXIT.usage };
        }
        return command(options.actor, "start");
      }
      case "awaiting_decision":
        return command(options.actor, options.onFailure);
      default:
        return { type: "resume" };
    }
  };
}

export type PromptOptions = {
  actor: Actor;
  conversation: Conversation;
  maxModules: number;
  /** Awaited before each prompt, so no live line redraws over it. */
  settle: () => Promise<void>;
};

/** A person at the terminal answers each question, picks the plan and decides. */
export function promptedTurns(options: PromptOptions): Turns {
  const { actor } = options;
  return async (state) => {
    const ended = finalExit(state);
    if (ended !== null) return { exit: ended };
    await options.settle();
    switch (state.phase) {
      case "awaiting_reply":
        return state.reason === "clarify"
          ? answerQuestions(options, state.questions)
          : replyToSmallTalk(options);
      case "analysis_failed":
        return (await confirm({ message: "Try the analysis again?", default: true }))
          ? command(actor, "retry")
          : { exit: EXIT.unfinished };
      case "awaiting_selection":
        return choosePlan(options, state);
      case "awaiting_decision":
        return decide(options, state);
      default:
        return { type: "resume" };
    }
  };
}

async function answerQuestions(options: PromptOptions, questions: readonly string[]) {
  const answers: string[] = [];
  for (const [index, question] of questions.entries()) {
    const answer = await input({ message: `${index + 1}. ${question}` });
    answers.push(`${index + 1}. ${question}\n   ${answer.trim() || "(no answer)"}`);
  }
  await options.conversation.add({
    author: options.actor.login,
    fromApp: false,
    body: `Answers to the questions:\n${answers.join("\n")}`,
  });
  return reanalyse(options.actor);
}

async function replyToSmallTalk(options: PromptOptions): Promise<Turn> {
  const reply = await input({ message: "Your reply (what to build; empty to stop):" });
  if (reply.trim() === "") return { exit: EXIT.questions };
  await options.conversation.add({ author: options.actor.login, fromApp: false, body: reply });
  return reanalyse(options.actor);
}

function reanalyse(actor: Actor): RunEvent {
  return { type: "comment_added", author: actor.login, byIssueAuthor: true, canWrite: true };
}

async function choosePlan(
  options: PromptOptions,
  state: Extract<RunState, { phase: "awaiting_selection" }>,
): Promise<Turn> {
  const choice = await select({
    message: "The plan:",
    choices: [
      { name: "Start with the ticked modules", value: "start" },
      { name: "Edit the plan in $EDITOR (Markdown checklist)", value: "edit" },
      { name: "Pick the modules here", value: "pick" },
      { name: "Abort", value: "abort" },
    ] as const,
  });
  switch (choice) {
    case "start":
      return command(options.actor, "start");
    case "abort":
      return command(options.actor, "abort");
    case "pick": {
      const picked = await checkbox({
        message: "Modules to generate, in the plan's order:",
        choices: state.plan.modules.map((module) => ({
          name: `${module.name} — ${module.description}`,
          value: module.name,
          checked: module.selected,
        })),
      });
      return command(options.actor, "start", "", pickedChecklist(state.plan, picked));
    }
    case "edit": {
      const text = await editor({
        message: "Edit the plan: save and close the editor when done.",
        default: renderPlanFile(state.plan, options.maxModules),
        postfix: ".md",
        waitForUserInput: false,
      });
      return {
        type: "plan_edited",
        actor: options.actor,
        checklist: readPlanFile(text, options.maxModules),
      };
    }
  }
}

async function decide(
  options: PromptOptions,
  state: Extract<RunState, { phase: "awaiting_decision" }>,
): Promise<Turn> {
  const module = state.generation.modules[state.generation.current]?.name ?? "the module";
  const canRetry = state.reason !== "unsupported";
  const choice = await select({
    message: `${module} needs your decision:`,
    choices: [
      ...(canRetry
        ? [
            { name: "Retry with a hint for the fixer", value: "hint" as const },
            { name: "Retry", value: "retry" as const },
          ]
        : []),
      {
        name: "Continue with the next module (this one stays as it is)",
        value: "continue" as const,
      },
      { name: "Abort", value: "abort" as const },
    ],
  });
  if (choice === "hint") {
    const hint = await input({ message: "Hint for the fixer:" });
    return command(options.actor, "retry", hint.trim());
  }
  return command(options.actor, choice);
}
