import type { CommandName, DecisionReason } from "./types.ts";

/**
 * What the run has to tell people, as meaning, never as text: each forge words and formats
 * it (Markdown and emoji on GitHub, plain lines in a terminal). Notices whose wording needs
 * the run's state (status, a decision, the summary) are rendered from the state at the
 * moment they are said.
 */
export type Notice =
  /** Text a forge worded itself (how it read the request); said as it is. */
  | { kind: "said"; text: string }
  | { kind: "small_talk"; reply: string }
  | { kind: "questions"; questions: string[] }
  | { kind: "analysis_failed"; error: string }
  | { kind: "analysis_limit"; perHour: number; nextAt: string }
  /** Someone without write access tried to steer the run. */
  | { kind: "not_allowed"; login: string }
  | { kind: "unknown_command"; text: string; suggestion: CommandName | null }
  | { kind: "help" }
  | { kind: "status" }
  | { kind: "nothing_to_do"; command: CommandName }
  | { kind: "checklist_unusable"; problems: ChecklistProblem[] }
  | { kind: "modules_over_cap"; ignored: number; max: number }
  /** A plan edit was undone: made on an older plan, after generation started, or by a non-writer. */
  | { kind: "plan_restored"; why: "stale" | "frozen" | "not_writer" }
  | { kind: "aborted" }
  | { kind: "request_closed" }
  /** A module needs a human: `detail` is the reason in plain words (an error for `unsupported`). */
  | { kind: "decision_needed"; module: string; reason: DecisionReason; detail: string }
  | { kind: "module_skipped"; module: string }
  | { kind: "run_finished" }
  /** `/revise` outside the change request. */
  | { kind: "revise_elsewhere" }
  | { kind: "revise_not_now" }
  | { kind: "which_module"; modules: string[] }
  | { kind: "revision_started"; modules: string[] }
  /** The run's branch was there already; the run commits on top of it. */
  | { kind: "branch_exists"; branch: string }
  /** The run's branch had been deleted and was made again from the default branch. */
  | { kind: "branch_recreated"; branch: string };

/** Why a human's edit of the checklist cannot be used. */
export type ChecklistProblem =
  | { kind: "unreadable_line"; line: string }
  | { kind: "bad_name"; name: string }
  | { kind: "duplicate"; name: string }
  | { kind: "no_modules" }
  | { kind: "none_ticked" }
  | { kind: "no_description"; name: string };

/** How a message the run answers is marked: seen at once, then done or refused. */
export type Acknowledgement = "seen" | "done" | "refused";
