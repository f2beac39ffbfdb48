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

/** How often comments and edits may re-analyse one issue (an operator setting). */
export type AnalysisLimit = { perHour: number };

/** A comment or edit that would re-analyse the issue; checked in analysis-limit.ts. */
export type ReanalysisRequest = {
  /** When the comment or edit was made, from the webhook (so a replayed step decides alike). */
  at: string;
  limit: AnalysisLimit;
};

/**
 * The plan comment as the app last wrote it: what a human's edit is compared against.
 * `shows`: the module statuses it shows, and `at`: when it was written (ms since the epoch),
 * so a progress render that would change nothing, or come too soon after the last, is left out.
 */
export type PlanCommentRef = {
  id: number;
  version: number;
  hash: string;
  shows?: string;
  at?: number;
};

/** A file as generated code writes it. */
export type FileContent = { path: string; content: string };

type Common = {
  /** Bumped on every change the plan comment shows; written into its marker. */
  version: number;
  tokens: TokenUsage;
  planComment: PlanCommentRef | null;
  /** When comments or edits re-analysed the issue in the last hour (see analysis-limit). */
  analyses?: string[];
  /** The window whose limit the issue was told about, so it is told once. */
  analysisLimitNoticed?: string;
  /**
   * Written by the dispatcher, never read by the machine: a step that stopped midway (a
   * crash) and the events it still had to apply, so its retry resumes instead of redoing.
   */
  checkpoint?: Checkpoint;
};

export type Checkpoint = { step: string; pending: PendingWork[]; transitions: number };

/**
 * What a step still has to do: events to apply, and effects of an earlier transition that
 * wait until an effect before them has had its result events applied.
 */
export type PendingWork = RunEvent | DeferredEffects;
export type DeferredEffects = { type: "deferred_effects"; effects: RunEffect[] };

export type TestCounts = { passed: number; failed: number; skipped: number };

/** What one sandbox run of a module showed, kept small enough for the run state. */
export type BuildSummary = {
  ok: boolean;
  failure: "install" | "build" | "test" | "timeout" | "oom" | null;
  /** The module's own tests (the whole suite's when only the console counted them). */
  tests: TestCounts | null;
  /** The other tests of the run (earlier modules'), when the runner's report tells files apart. */
  earlierTests?: TestCounts | null;
  phases: { phase: "install" | "build" | "test"; status: string; durationMs: number }[];
  /** Tail of the failing phase's output (or the test output on success), bounded. */
  logTail: string;
  /** `test`: the failing test, when the runner's report named it. */
  errors: { file: string; line: number | null; message: string; test?: string }[];
  durationMs: number;
};

export type ModuleStatus = "queued" | "running" | "succeeded" | "failed" | "skipped";

export type ModuleProgress = {
  name: string;
  status: ModuleStatus;
  /** Attempts made so far, over every round. */
  attempts: number;
  /** `attempts` when the current round began; a round has `maxAttempts` attempts. */
  roundStart: number;
  /** A human's `/retry` hint, passed to the fixer in the next round. */
  hint: string | null;
  /** Steps the generator reported following. */
  steps: string[];
  /** Paths this module wrote on the branch. */
  files: string[];
  /** Paths the generator tried to write but the repository protects. */
  refused: string[];
  lastCommit: string | null;
  /**
   * What the round's attempts wrote and no commit holds yet: attempts build in the warm
   * sandbox, and the round's result is committed once when the round ends (commit_round).
   */
  draft?: FileContent[];
  /** Where the forge shows the module's latest result (its round's, or its final one on the head). */
  resultId: number | null;
  /** The commit that result is on. */
  resultSha?: string | null;
  /** One line per attempt, for the module's result: each attempt's errors stay visible. */
  history?: AttemptRecord[];
  build: BuildSummary | null;
  /** The last attempt's error when no build happened (e.g. unusable generator output). */
  error: string | null;
  tokens: TokenUsage;
  durationMs: number;
  /** Review comments this module is being revised for; empty outside a revision. */
  review: ReviewNote[];
};

export type AttemptRecord = {
  attempt: number;
  /** The commit holding this attempt's files; null until its round is committed. */
  commit: string | null;
  outcome: "passed" | "failed" | "error";
  /** The first error, or the test counts; one line. */
  detail: string;
};

/** A reviewer's request: a line comment (path, line, thread id) or change-level instructions. */
export type ReviewNote = {
  commentId: number | null;
  path: string | null;
  line: number | null;
  body: string;
};

/** The change request the run opened (a pull request on GitHub); `id` is the forge's own. */
export type ChangeRequestRef = { number: number; id: string; url: string; draft: boolean };

export type Generation = {
  branch: string;
  maxAttempts: number;
  tokenBudget: number | null;
  /** Selected modules, in checklist order. */
  modules: ModuleProgress[];
  /** Index of the module being worked on; `modules.length` once all are done. */
  current: number;
  changeRequest: ChangeRequestRef | null;
};

/** `unavailable`: a part the run needs (the sandbox, the LLM) is down; `/retry` when it is back. */
export type DecisionReason = "attempts" | "budget" | "unsupported" | "unavailable";

export type RunState = Common &
  (
    | { phase: "new" }
    | { phase: "analyzing" }
    /** Small talk or clarifying questions asked; the author's next comment or edit re-analyzes. */
    | { phase: "awaiting_reply"; reason: "small_talk" | "clarify"; questions: string[] }
    | { phase: "analysis_failed"; error: string }
    | { phase: "awaiting_selection"; plan: Plan }
    /** Selection frozen; `generation` is null until the branch is prepared. */
    | { phase: "generating"; plan: Plan; generation: Generation | null }
    /** A module failed every attempt of its round (or the budget ran out): a human decides. */
    | {
        phase: "awaiting_decision";
        plan: Plan;
        generation: Generation;
        reason: DecisionReason;
        detail: string;
      }
    | { phase: "completed"; plan: Plan; generation: Generation }
    | { phase: "aborted"; plan: Plan | null; generation: Generation | null }
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
  /** Module lines past the operator's cap on modules, left out of `modules`. */
  overCap?: { ignored: number; max: number };
  /** Hash of the body this checklist was read from. */
  bodyHash: string;
};

export type RunEvent =
  | { type: "issue_opened"; author: string }
  /**
   * A comment or an edit that may re-analyse a waiting issue: only the issue's author or a
   * writer does, within the operator's rate limit (absent in events stored before it existed).
   */
  | ({ type: "issue_edited" | "comment_added"; author: string; byIssueAuthor: boolean } & {
      canWrite?: boolean;
      reanalysis?: ReanalysisRequest;
    })
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
    }
  /** Carry on with whatever the state says is next (the queue's continuation, or a retry). */
  | { type: "resume" }
  | { type: "generation_prepared"; branch: string; maxAttempts: number; tokenBudget: number | null }
  | {
      type: "attempt_finished";
      module: string;
      /** Only in rows stored when every attempt committed its files. */
      commit?: string | null;
      /** Paths the attempt wrote. */
      files: string[];
      /** What it wrote, kept in the module's draft until the round is committed. */
      written?: FileContent[];
      refused: string[];
      steps: string[];
      build: BuildSummary;
      usage: TokenUsage;
      durationMs: number;
    }
  | ({ type: "code_generated" } & GeneratedCode)
  /**
   * No build result: the generator failed (`retryable`), cannot serve the module, or the
   * sandbox could not run what was committed (`commit` and `files` say what was).
   */
  | {
      type: "attempt_failed";
      module: string;
      /** Only in rows stored when every attempt committed its files. */
      commit?: string | null;
      /** Paths the attempt wrote. */
      files: string[];
      /** What it wrote, kept in the module's draft until the round is committed. */
      written?: FileContent[];
      refused: string[];
      error: string;
      retryable: boolean;
      usage: TokenUsage;
      durationMs: number;
    }
  /** Nothing was tried: a part the attempt needs is down (`reason` says which, in plain words). */
  | { type: "attempt_blocked"; module: string; reason: string }
  /** The module's draft was committed (`commit` null: the branch held those files already). */
  | { type: "round_committed"; module: string; commit: string | null }
  | { type: "change_request_updated"; changeRequest: ChangeRequestRef }
  /** A module's result was shown, finished, on commit `sha`. */
  | { type: "module_reported"; module: string; resultId: number; sha: string }
  | { type: "issue_closed" }
  /** A human asked to run a module's failed result again (GitHub's "Re-run"). */
  | { type: "rerun_requested"; actor: Actor; resultId: number }
  /**
   * A review asked for changes (or `/revise` on the change request). `modules`: the notes mapped to the
   * modules owning their files; `unassigned`: instructions that named no module.
   */
  | {
      type: "revision_requested";
      actor: Actor;
      modules: { module: string; notes: ReviewNote[] }[];
      unassigned: ReviewNote[];
    };

export type RunEffect =
  | { type: "analyze" }
  /** Tell people something: in the run's conversation, or on its change request (`place`). */
  | { type: "notify"; notice: Notice; place?: "change_request" }
  /** Answer each review thread of a revision: what changed (with the module's last commit) or why not. */
  | {
      type: "answer_review";
      module: string;
      notes: ReviewNote[];
      outcome: "revised" | "failed";
    }
  /**
   * Create or edit the plan comment from the state after this transition. The shell re-reads
   * the comment first and writes only if it still holds the app's last render or the human
   * body this render answers (`basedOnHash`); otherwise a newer human edit is on its way.
   */
  | {
      type: "render_plan";
      basedOnHash: string | null;
      /**
       * Progress only (a module started): shown when the module statuses changed since the
       * last render and the forge's interval between edits has passed; the next one catches up.
       */
      progress?: true;
    }
  /** Mark a message (`null`: the request itself) as seen, done or refused. */
  | { type: "acknowledge"; messageId: number | null; ack: Acknowledgement }
  /** Create (or reuse) the run's branch and read the repository's generation settings. */
  | { type: "prepare_generation" }
  /** Ask the module's generator for its code (a first generation, or a fix). */
  | { type: "generate_code"; module: string; mode: AttemptMode }
  /** Build and test the generated code in the module's sandbox; nothing is committed. */
  | ({ type: "build_attempt" } & GeneratedCode)
  /** Yield: queue a `resume`, so commands that arrived meanwhile run between steps. */
  | { type: "continue" }
  /**
   * The module's round is over (or the run stops in it): its draft committed once, the
   * message listing the round's attempts.
   */
  | { type: "commit_round"; module: string }
  /** The module's round is over: its result, finished, on its last commit. */
  | { type: "report_module"; module: string }
  /** The run finished: every module's result shown on the branch head, where reviewers look. */
  | { type: "publish_results" }
  | { type: "update_change_request" }
  /** All modules done: the change request is ready, and its requester asked to review. */
  | { type: "finish_change_request" }
  | { type: "close_sandbox"; module: string };

export type AttemptMode = "generate" | "fix";

/**
 * A generator's answer for one attempt. Applied as an event, it is checkpointed before the
 * build starts: a step retried after a crash builds this answer, never asking the model again.
 */
export type GeneratedCode = {
  module: string;
  mode: AttemptMode;
  files: FileContent[];
  steps: string[];
  usage: TokenUsage;
  durationMs: number;
};

export type Transition = { state: RunState; effects: RunEffect[] };

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
