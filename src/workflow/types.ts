/** The run of one issue, as a pure state machine: (state, event) → (state, effects). */

export type PlannedModule = {
  /** Unique within the plan; lower case, used in markers, branch paths and commands. */
  name: string;
  description: string;
  /** A language or framework the router understands ("python", "typescript", "go"…). */
  language: string;
  /** Files the module owns; empty for modules a human added (the generator decides). */
  files: string[];
  dependsOn: string[];
  acceptanceCriteria: string[];
  selected: boolean;
};

export type Plan = {
  summary: string;
  language: string;
  modules: PlannedModule[];
};

export type TokenUsage = { promptTokens: number; completionTokens: number };

/** The plan comment as the app last wrote it: what a human's edit is compared against. */
export type PlanCommentRef = { id: number; version: number; hash: string };

type Common = {
  /** Bumped on every change the plan comment shows; written into its marker. */
  version: number;
  tokens: TokenUsage;
  planComment: PlanCommentRef | null;
};

export type RunState = Common &
  (
    | { phase: "new" }
    | { phase: "analyzing" }
    /** Small talk or clarifying questions asked; the author's next comment or edit re-analyzes. */
    | { phase: "awaiting_reply"; reason: "small_talk" | "clarify"; questions: string[] }
    | { phase: "analysis_failed"; error: string }
    | { phase: "awaiting_selection"; plan: Plan }
    /** Selection frozen; generation (the next issue's loop) works through the selected modules. */
    | { phase: "generating"; plan: Plan }
    | { phase: "aborted"; plan: Plan | null }
  );

export type Phase = RunState["phase"];

export type AnalysisVerdict =
  | { kind: "small_talk"; reply: string }
  | { kind: "clarify"; questions: string[] }
  | { kind: "plan"; plan: Plan };

export type CommandName = "start" | "retry" | "continue" | "abort" | "status" | "help" | "revise";

export type Actor = { login: string; canWrite: boolean };

/** One checklist line of the plan comment as a human left it. */
export type ChecklistLine = { name: string; description: string; checked: boolean };

/** The plan comment's checklist, parsed from its body. */
export type Checklist = {
  /** The state version written in the comment's marker, if the marker survived. */
  markerVersion: number | null;
  modules: ChecklistLine[];
  /** True only when this edit ticked "Start generation" (unticked before it). */
  startTicked: boolean;
  /** Lines that looked like checklist items but could not be read. */
  unreadable: string[];
  /** Hash of the body this checklist was read from. */
  bodyHash: string;
};

export type RunEvent =
  | { type: "issue_opened"; author: string }
  | { type: "issue_edited"; author: string; byIssueAuthor: boolean }
  | { type: "comment_added"; author: string; byIssueAuthor: boolean }
  /** `inputNote`: what the author should know about how their text was read (e.g. truncated). */
  | {
      type: "analysis_completed";
      verdict: AnalysisVerdict;
      usage: TokenUsage;
      inputNote: string | null;
    }
  | { type: "analysis_failed"; error: string; usage: TokenUsage; inputNote: string | null }
  | { type: "plan_rendered"; comment: PlanCommentRef }
  | { type: "plan_edited"; actor: Actor; checklist: Checklist }
  /** `checklist`: the plan comment as it is now, re-read for /start so a late tick counts. */
  | {
      type: "command";
      actor: Actor;
      command: CommandName;
      args: string;
      commentId: number;
      checklist: Checklist | null;
    }
  | {
      type: "unknown_command";
      actor: Actor;
      text: string;
      suggestion: CommandName | null;
      commentId: number;
    };

export type Reaction = "eyes" | "rocket" | "confused";

export type RunEffect =
  | { type: "analyze" }
  | { type: "reply"; body: string }
  /**
   * Create or edit the plan comment from the state after this transition. The shell re-reads
   * the comment first and writes only if it still holds the app's last render or the human
   * body this render answers (`basedOnHash`); otherwise a newer human edit is on its way.
   */
  | { type: "render_plan"; basedOnHash: string | null }
  | { type: "react"; commentId: number | null; content: Reaction }
  | { type: "start_generation" };

export type Transition = { state: RunState; effects: RunEffect[] };
