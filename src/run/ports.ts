import type { RepoConfig } from "../config/repo-config.ts";
import type {
  Acknowledgement,
  AnalysisVerdict,
  ChangeRequestRef,
  Generation,
  ModuleProgress,
  Notice,
  Plan,
  PlanCommentRef,
  ReviewNote,
  RunState,
  TokenUsage,
} from "../core/types.ts";
import type { AnalysisInput, ThreadEntry } from "../llm/analyze.ts";
import type { McpRouter } from "../mcp/index.ts";
import type { SandboxResult, SessionOptions } from "../sandbox/index.ts";

/**
 * What the engine needs from the world, and nothing about how it is provided. Adapters
 * implement these: the GitHub forge over Octokit, the MCP router, the Docker sandbox.
 */

export type SourceFile = { path: string; content: string };

/** `id` names an effect within its step; `replay`: the step may have done it already. */
export type EffectMeta = { id: string; replay: boolean };

/** The request as the analysis reads it; `note` tells the author how their text was read. */
export type Request = { title: string; thread: ThreadEntry[]; note: string | null };

/** Where the branch's files could not be read as a whole (too many to list). */
export class FilesUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FilesUnreadableError";
  }
}

export type CommitResult = {
  sha: string;
  /** False when the files were already as given (a retried step): no new commit. */
  changed: boolean;
  /** The branch had gone and was made again from the default branch. */
  recreated: boolean;
};

/** Whether the change request the run opened had to be reopened or replaced. */
export type ChangeRequestEvent = "created" | "updated" | "reopened" | "recreated";

/**
 * The place a run lives: its conversation, its repository and where its results show. The
 * GitHub forge is an issue, a branch, check runs and a pull request; a local forge is a
 * terminal and a git repository. Rendering (Markdown, emoji, limits) is the forge's.
 */
export type Forge = {
  /** The repository's settings (`.github/codegen.yml` within the operator's policy). */
  config(): Promise<RepoConfig>;
  readRequest(): Promise<Request>;
  /** Languages the repository already uses, for the analysis to prefer. */
  repositoryLanguages(): Promise<AnalysisInput["repoLanguages"]>;

  /** How commits and messages name the request (e.g. "Issue #12"). */
  readonly reference: string;
  /**
   * Tells people `notice`, worded from `state`: in the run's conversation, or where its
   * change request is discussed. With `meta`, a replayed step does not say it twice.
   */
  notify(
    notice: Notice,
    state: RunState,
    options?: { meta?: EffectMeta; place?: "change_request" },
  ): Promise<void>;
  /** Marks a message (or the request itself, `null`) as seen, done or refused. */
  acknowledge(messageId: number | null, ack: Acknowledgement): Promise<void>;
  /**
   * Shows the plan as it is in `state`, where a human can edit it. Returns where it was
   * written, or null when it was left alone: a newer human edit is on its way, or, for a
   * `progress` render, nothing it shows changed or the forge's interval between edits has not
   * passed (a later render catches up).
   */
  showPlan(
    state: Extract<RunState, { plan: Plan | null }>,
    basedOnHash: string | null,
    options?: { progress?: boolean },
  ): Promise<PlanCommentRef | null>;

  /** The branch a run commits to. */
  branchName(config: RepoConfig): string;
  /** Creates the branch when missing; `created: false` when it was there already. */
  prepareBranch(branch: string): Promise<{ created: boolean }>;
  /** Those of `paths` that exist on the branch; none when the branch is gone. */
  readFiles(branch: string, paths: readonly string[]): Promise<SourceFile[]>;
  commit(branch: string, files: readonly SourceFile[], message: string): Promise<CommitResult>;
  /** The branch's latest commit, or null when it is gone. */
  head(branch: string): Promise<string | null>;

  /** A module's result, shown on commit `sha`; returns its id. Replay: reuse one already there. */
  reportModule(
    module: ModuleProgress,
    generation: Generation,
    sha: string,
    replay: boolean,
  ): Promise<number>;
  /** Opens or updates the run's change request from the state; `allowedThrough` see PR body. */
  publishChangeRequest(
    state: RunState & { plan: Plan; generation: Generation },
    allowedThrough: readonly string[],
  ): Promise<{ changeRequest: ChangeRequestRef; event: ChangeRequestEvent }>;
  /** All modules done: the change request is ready and its requester asked to review it. */
  finishChangeRequest(changeRequest: ChangeRequestRef): Promise<void>;
  /** Answers a revision's review notes: what changed (with the commit), or why not. */
  answerReview(
    changeRequest: ChangeRequestRef,
    module: string,
    notes: readonly ReviewNote[],
    outcome: "revised" | "failed",
    commit: string | null,
  ): Promise<void>;
};

/** Writes a module's code through its stack's MCP server. */
export type CodeGenerator = Pick<McpRouter, "generateModule" | "fixModule" | "toolchain">;

/** A module's warm sandbox, kept across its attempts. */
export type SandboxSession = {
  run(files: SourceFile[], options: { signal?: AbortSignal | undefined }): Promise<SandboxResult>;
};

export type SandboxPool = {
  get(key: string, options: SessionOptions): Promise<SandboxSession>;
  close(key: string): Promise<void>;
};

/** Reads a request: small talk, questions, or a plan; a failure is said in plain words. */
export type Analyzer = (
  input: AnalysisInput,
) => Promise<
  | { ok: true; verdict: AnalysisVerdict; usage: TokenUsage }
  | { ok: false; error: string; usage: TokenUsage }
>;

/** Queues a `resume` of the run, so what arrived meanwhile is handled between its steps. */
export type Scheduler = (state: RunState) => Promise<void>;
