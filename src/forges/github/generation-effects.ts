import { type OperatorPolicy, pathProtection } from "../../config/operator-policy.ts";
import type { RepoConfig } from "../../config/repo-config.ts";
import { reviewThreadReply } from "../../core/messages.ts";
import { judgePath } from "../../core/protected-paths.ts";
import type {
  Generation,
  ModuleProgress,
  PlannedModule,
  RunEffect,
  RunEvent,
  RunState,
} from "../../core/types.ts";
import { findProfile, type Toolchain } from "../../languages/index.ts";
import {
  type Failure,
  type McpRouter,
  McpServerUnreachableError,
  McpToolError,
  type SourceFile,
  UnsupportedLanguageError,
} from "../../mcp/index.ts";
import type { Preflight } from "../../preflight/index.ts";
import { SandboxError } from "../../sandbox/index.ts";
import { commitFiles, ensureBranch, RefNotFoundError, readFiles, readHead } from "./branch.ts";
import { summarizeBuild } from "./build-summary.ts";
import { findCheckRun, reportCheckRun } from "./check-runs.ts";
import { commentBody } from "./fit-body.ts";
import { inertQuote } from "./inert.ts";
import { markReadyForReview, requestReview, upsertPullRequest } from "./pull-request.ts";
import { runBranch } from "./run-branch.ts";
import { checkRunReport, renderPullRequestBody } from "./run-report.ts";
import type { SandboxSessions } from "./sandbox-sessions.ts";
import { TreeTooLargeError } from "./tree-reader.ts";
import { APP_MARKER, type GitHubClient, type IssueRef } from "./types.ts";

export type GenerationDeps = {
  octokit: GitHubClient;
  issue: IssueRef;
  repoUrl: string;
  issueTitle: string;
  config: () => Promise<RepoConfig>;
  router: McpRouter;
  sessions: SandboxSessions;
  policy: OperatorPolicy;
  /** Queues a `resume` for this run: the yield point between steps. */
  schedule: (state: RunState) => Promise<void>;
  /** Comments the run's effects need to post besides the machine's replies. */
  comment: (body: string) => Promise<void>;
  /** Parts the preflight found down: an attempt needing one waits instead of failing. */
  unavailable?: Preflight["unavailable"] | undefined;
  /** Runs the preflight checks now (a part was found down mid-attempt). */
  recheck?: Preflight["check"] | undefined;
  /** The step's signal: aborting it ends its MCP calls and sandbox commands. */
  signal?: AbortSignal | undefined;
};

type Effect<T extends RunEffect["type"]> = Extract<RunEffect, { type: T }>;
type WithGeneration = Extract<RunState, { generation: Generation | null }> & {
  generation: Generation;
};

function hasGeneration(state: RunState): state is WithGeneration {
  return "generation" in state && state.generation !== null;
}

function repoOf(issue: IssueRef) {
  return { owner: issue.owner, repo: issue.repo };
}

function sessionKey(issue: IssueRef, module: string): string {
  return `${issue.owner}/${issue.repo}#${issue.issue_number}:${module}`;
}

/** Carries out the generation loop's effects: branch, MCP, sandbox, commits, PR, check runs. */
export function createGenerationEffects(deps: GenerationDeps) {
  const { octokit, issue } = deps;
  const repo = repoOf(issue);

  /** What an attempt at the current module works with; null when it is not current. */
  async function attemptContext(state: RunState, name: string, elapsedMs = 0) {
    if (!hasGeneration(state) || !("plan" in state) || state.plan === null) return null;
    const started = Date.now() - elapsedMs;
    const generation = state.generation;
    const progress = generation.modules[generation.current];
    const spec = state.plan.modules.find((module) => module.name === name);
    if (!progress || progress.name !== name || !spec) return null;
    const config = await deps.config();
    const failed = (
      error: string,
      retryable: boolean,
      usage = { promptTokens: 0, completionTokens: 0 },
      wrote: { commit: string | null; files: string[]; refused: string[] } = {
        commit: null,
        files: [],
        refused: [],
      },
    ): RunEvent[] => [
      {
        type: "attempt_failed",
        module: spec.name,
        ...wrote,
        error,
        retryable,
        usage,
        durationMs: Date.now() - started,
      },
    ];
    const paths = modulePaths(state.plan.modules, generation, spec);
    return { started, generation, progress, spec, config, paths, failed };
  }

  /** The files the attempt builds with, its own, and its dependencies' (read-only). */
  async function readModuleFiles(attempt: NonNullable<Awaited<ReturnType<typeof attemptContext>>>) {
    let onBranch: SourceFile[];
    try {
      onBranch = await readFiles(octokit, repo, attempt.generation.branch, attempt.paths.build);
    } catch (error) {
      // A deleted branch reads as empty; committing recreates it.
      if (error instanceof RefNotFoundError) onBranch = [];
      // Generating against part of the module's files would be worse than stopping.
      else if (error instanceof TreeTooLargeError)
        return { ok: false as const, tooLarge: error.message };
      else throw error;
    }
    return {
      ok: true as const,
      onBranch,
      own: onBranch.filter((file) => attempt.paths.own.has(file.path)),
      context: onBranch.filter((file) => attempt.paths.dependencies.has(file.path)),
    };
  }

  async function report(
    module: ModuleProgress,
    headSha: string,
    generation: Generation,
    replay: boolean,
  ): Promise<RunEvent> {
    const name = `codegen / ${module.name}`;
    const checkRunId =
      (replay ? await findCheckRun(octokit, repo, headSha, name) : null) ??
      (await reportCheckRun(octokit, repo, {
        name,
        headSha,
        outcome: checkRunReport(module, generation),
      }));
    return { type: "check_run_reported", module: module.name, checkRunId, sha: headSha };
  }

  return {
    async prepare(): Promise<RunEvent[]> {
      const config = await deps.config();
      const branch = runBranch(config, issue.issue_number);
      const { created } = await ensureBranch(octokit, repo, branch);
      if (!created) {
        await deps.comment(
          `ℹ️ The branch \`${branch}\` already exists; I'll commit on top of it and keep what is there.`,
        );
      }
      return [
        {
          type: "generation_prepared",
          branch,
          maxAttempts: config.maxAttempts,
          tokenBudget: config.tokenBudget,
        },
      ];
    },

    /** Asks the module's generator for this attempt's code; nothing is written yet. */
    async generateCode(effect: Effect<"generate_code">, state: RunState): Promise<RunEvent[]> {
      const attempt = await attemptContext(state, effect.module);
      if (!attempt) return [];
      const { spec, progress, config, failed } = attempt;
      const down = deps.unavailable?.(["sandbox", "llm"]);
      if (down) return [{ type: "attempt_blocked", module: spec.name, reason: down.summary }];
      const branch = await readModuleFiles(attempt);
      if (!branch.ok) return failed(branch.tooLarge, false);
      const { own, context } = branch;
      const hint = fixerHint(progress);
      try {
        const output =
          effect.mode === "generate"
            ? await deps.router.generateModule(
                spec.language,
                {
                  module: moduleSpec(spec),
                  steps: planSteps(spec),
                  files: own,
                  context,
                  ...(progress.error ? { previousFailure: progress.error } : {}),
                  ...(hint ? { hint } : {}),
                },
                { model: config.models.code, signal: deps.signal },
              )
            : {
                ...(await deps.router.fixModule(
                  spec.language,
                  {
                    module: moduleSpec(spec),
                    files: own,
                    context,
                    failure: failureOf(progress),
                    ...(hint ? { hint } : {}),
                  },
                  { model: config.models.code, signal: deps.signal },
                )),
                steps: [],
              };
        return [
          {
            type: "code_generated",
            module: spec.name,
            mode: effect.mode,
            files: output.files,
            steps: output.steps,
            usage: output.usage,
            durationMs: Date.now() - attempt.started,
          },
        ];
      } catch (error) {
        // An aborted step stops; the attempt did not fail.
        deps.signal?.throwIfAborted();
        if (error instanceof UnsupportedLanguageError) return failed(error.message, false);
        if (error instanceof McpToolError) return failed(error.message, true, error.usage);
        if (error instanceof McpServerUnreachableError) return failed(error.message, true);
        throw error;
      }
    },

    /**
     * Commits the generated code, then builds and tests it. `replay`: this step ran before
     * and may have committed already; the unchanged commit then stands for this attempt.
     */
    async buildAttempt(
      effect: Effect<"build_attempt">,
      state: RunState,
      replay: boolean,
    ): Promise<RunEvent[]> {
      const attempt = await attemptContext(state, effect.module, effect.durationMs);
      if (!attempt) return [];
      const { spec, progress, config, generation, paths, failed } = attempt;
      const branch = await readModuleFiles(attempt);
      if (!branch.ok) return failed(branch.tooLarge, false, effect.usage);

      // Protected paths, and other modules' files: a fix must not rewrite a module that passed.
      const protection = pathProtection(config, deps.policy);
      const refused = effect.files
        .filter((file) => !judgePath(file.path, protection).writable || paths.others.has(file.path))
        .map((f) => f.path);
      const written = effect.files.filter((file) => !refused.includes(file.path));
      let commit: string | null = null;
      if (written.length > 0) {
        const verb = effect.mode === "generate" ? "generate" : "fix";
        const committed = await commitFiles(octokit, repo, {
          branch: generation.branch,
          files: written,
          message: `codegen(${spec.name}): ${verb}, attempt ${progress.attempts + 1}\n\nIssue #${issue.issue_number}`,
        });
        if (committed.recreated) {
          await deps.comment(
            `ℹ️ The branch \`${generation.branch}\` was deleted, so I recreated it from the default branch. Modules committed before are no longer on it.`,
          );
        }
        commit = committed.changed || replay ? committed.sha : null;
      }
      const wrote = { commit, files: written.map((file) => file.path), refused };

      const files = mergeFiles(branch.onBranch, written);
      let result: Awaited<ReturnType<Awaited<ReturnType<SandboxSessions["get"]>>["run"]>>;
      try {
        const session = await deps.sessions.get(sessionKey(issue, spec.name), {
          toolchain: await toolchainFor(deps.router, spec.language),
          labels: { run: `${issue.owner}/${issue.repo}#${issue.issue_number}`, module: spec.name },
          limits: sandboxLimits(config),
          allowInstallNetwork: config.sandbox.allowInstallNetwork,
        });
        result = await session.run(files, { signal: deps.signal });
      } catch (error) {
        deps.signal?.throwIfAborted();
        // Whatever the sandbox could not do with this module is this module's failure.
        await deps.sessions.close(sessionKey(issue, spec.name));
        // The engine went away since the last check: look now, so the next attempt waits
        // for it with one comment instead of failing too.
        if (error instanceof SandboxError && error.kind === "docker-unavailable") {
          await deps.recheck?.();
        }
        const reason = error instanceof SandboxError ? error.message : errorText(error);
        return failed(
          `the sandbox could not build the module: ${reason}`,
          true,
          effect.usage,
          wrote,
        );
      }
      return [
        {
          type: "attempt_finished",
          module: spec.name,
          ...wrote,
          steps: effect.steps,
          build: summarizeBuild(result, [
            ...progress.files,
            ...spec.files,
            ...written.map((file) => file.path),
          ]),
          usage: effect.usage,
          durationMs: Date.now() - attempt.started,
        },
      ];
    },

    /** The round's result, completed at once on the module's last commit. */
    async reportCheckRun(
      effect: Effect<"report_check_run">,
      state: RunState,
      replay: boolean,
    ): Promise<RunEvent[]> {
      if (!hasGeneration(state)) return [];
      const module = state.generation.modules.find((m) => m.name === effect.module);
      if (!module?.lastCommit) return [];
      return [await report(module, module.lastCommit, state.generation, replay)];
    },

    /**
     * GitHub shows a pull request the check runs of its head commit: each finished module's
     * result goes there, unless its check run is on the head already.
     */
    async publishResults(state: RunState, replay: boolean): Promise<RunEvent[]> {
      if (!hasGeneration(state)) return [];
      const { generation } = state;
      const head = await readHead(octokit, repo, generation.branch);
      if (!head) return [];
      const events: RunEvent[] = [];
      for (const module of generation.modules) {
        if (module.status === "queued" || module.status === "running") continue;
        if (module.checkRunSha === head) continue;
        if (module.lastCommit === null && module.status !== "skipped") continue;
        events.push(await report(module, head, generation, replay));
      }
      return events;
    },

    async updatePullRequest(state: RunState): Promise<RunEvent[]> {
      if (!hasGeneration(state) || !("plan" in state) || state.plan === null) return [];
      const { generation } = state;
      const { data: repository } = await octokit.rest.repos.get(repo);
      const protection = pathProtection(await deps.config(), deps.policy);
      const allowedThrough = generation.modules
        .flatMap((module) => module.files)
        .filter((path) => {
          const verdict = judgePath(path, protection);
          return verdict.writable && verdict.protectedByDefault;
        });
      const body = renderPullRequestBody(
        { ...state, plan: state.plan },
        issue.issue_number,
        deps.repoUrl,
        allowedThrough,
      );
      const pr = await upsertPullRequest(octokit, repo, {
        number: generation.pullRequest?.number ?? null,
        head: generation.branch,
        base: repository.default_branch,
        title: `Generated: ${deps.issueTitle}`.slice(0, 250),
        body,
      });
      if (pr.event === "reopened")
        await deps.comment(
          `ℹ️ The pull request #${pr.number} was closed; I reopened it to keep its results current.`,
        );
      if (pr.event === "recreated")
        await deps.comment(
          `ℹ️ The previous pull request could not be reopened, so I opened #${pr.number}.`,
        );
      return [
        {
          type: "pull_request_updated",
          pullRequest: { number: pr.number, nodeId: pr.nodeId, url: pr.url, draft: pr.draft },
        },
      ];
    },

    async finishPullRequest(state: RunState): Promise<RunEvent[]> {
      const pr = hasGeneration(state) ? state.generation.pullRequest : null;
      if (!pr) return [];
      // After a revision the PR is ready already; GitHub refuses to mark it twice.
      if (pr.draft) await markReadyForReview(octokit, pr.nodeId);
      const { data } = await octokit.rest.issues.get(issue);
      if (data.user?.login) await requestReview(octokit, repo, pr.number, data.user.login);
      return pr.draft
        ? [{ type: "pull_request_updated", pullRequest: { ...pr, draft: false } }]
        : [];
    },

    async replyOnPullRequest(body: string, state: RunState): Promise<RunEvent[]> {
      const number = hasGeneration(state) ? state.generation.pullRequest?.number : undefined;
      await octokit.rest.issues.createComment({
        ...repo,
        issue_number: number ?? issue.issue_number,
        body: commentBody(body, `\n\n${APP_MARKER}`),
      });
      return [];
    },

    /** Answers each review thread; PR-level instructions get one answer on the PR. */
    async replyReview(effect: Effect<"reply_review">, state: RunState): Promise<RunEvent[]> {
      const number = hasGeneration(state) ? state.generation.pullRequest?.number : undefined;
      if (number === undefined) return [];
      const commitUrl = effect.commit ? `${deps.repoUrl}/commit/${effect.commit}` : null;
      const body = reviewThreadReply(effect.outcome, commitUrl);
      for (const note of effect.notes.filter((n) => n.commentId !== null)) {
        await octokit.rest.pulls.createReplyForReviewComment({
          ...repo,
          pull_number: number,
          comment_id: note.commentId ?? 0,
          body: commentBody(body),
        });
      }
      const general = effect.notes.filter((n) => n.commentId === null);
      if (general.length > 0) {
        const quoted = general.map((n) => inertQuote(n.body)).join("\n\n");
        await octokit.rest.issues.createComment({
          ...repo,
          issue_number: number,
          body: commentBody(`${quoted}\n\n\`${effect.module}\`: ${body}`, `\n\n${APP_MARKER}`),
        });
      }
      return [];
    },

    async continueLater(state: RunState): Promise<RunEvent[]> {
      await deps.schedule(state);
      return [];
    },

    async closeSandbox(effect: Effect<"close_sandbox">): Promise<RunEvent[]> {
      await deps.sessions.close(sessionKey(issue, effect.module));
      return [];
    },
  };
}

/**
 * Which paths a module may change and which it sees. `own`: its planned and written files.
 * `dependencies`: the files of the modules it depends on, given as read-only context.
 * `build`: what it is built with, its own files and those of every module that succeeded (a
 * skipped module's files stay on the branch for people to see, but its failing tests must
 * not fail every module after it). `others`: every other module's files, never written.
 */
function modulePaths(plan: readonly PlannedModule[], generation: Generation, spec: PlannedModule) {
  const filesOf = (name: string) => [
    ...(plan.find((module) => module.name === name)?.files ?? []),
    ...(generation.modules.find((module) => module.name === name)?.files ?? []),
  ];
  const own = new Set(filesOf(spec.name));
  const notOwn = (path: string) => !own.has(path);
  const accepted = generation.modules.filter((module) => module.status === "succeeded");
  return {
    own,
    dependencies: new Set(spec.dependsOn.flatMap(filesOf).filter(notOwn)),
    build: [...new Set([...accepted.flatMap((module) => filesOf(module.name)), ...own])],
    others: new Set(
      plan
        .filter((module) => module.name !== spec.name)
        .flatMap((module) => filesOf(module.name))
        .filter(notOwn),
    ),
  };
}

function mergeFiles(base: readonly SourceFile[], changes: readonly SourceFile[]): SourceFile[] {
  const merged = new Map(base.map((file) => [file.path, file]));
  for (const file of changes) merged.set(file.path, file);
  return [...merged.values()];
}

function moduleSpec(spec: PlannedModule) {
  return {
    name: spec.name,
    description: spec.description,
    acceptanceCriteria: spec.acceptanceCriteria,
  };
}

/** The plan's steps for a module: what to build, then one test per acceptance criterion. */
function planSteps(spec: PlannedModule): string[] {
  return [
    `Implement ${spec.name}: ${spec.description}`,
    ...(spec.files.length > 0 ? [`Keep to these files: ${spec.files.join(", ")}`] : []),
    ...(spec.dependsOn.length > 0
      ? [`Build on the existing modules ${spec.dependsOn.join(", ")}`]
      : []),
    ...spec.acceptanceCriteria.map((criterion) => `Test: ${criterion}`),
  ];
}

/** What the fixer is asked to fix: the last build's failure, or the reviewers' requests. */
function failureOf(progress: ModuleProgress): Failure {
  const build = progress.build;
  // The last attempt got no build (the sandbox could not run it): that is what to fix.
  if (progress.error) {
    return { phase: "build", output: progress.error, errors: [] };
  }
  if (progress.review.length > 0 && (build === null || build.ok)) {
    return {
      phase: "test",
      output: `The build and tests pass. Reviewers asked for these changes:\n${reviewText(progress)}`,
      errors: progress.review.map((note) => ({
        file: note.path ?? "(pull request)",
        ...(note.line ? { line: note.line } : {}),
        message: note.body,
      })),
    };
  }
  if (!build) {
    return {
      phase: "build",
      output: progress.error ?? "The previous attempt produced no usable files.",
      errors: [],
    };
  }
  const phase = build.failure === "install" || build.failure === "build" ? build.failure : "test";
  return {
    phase,
    output: build.logTail,
    errors: build.errors.map((error) => ({
      file: error.file,
      ...(error.line ? { line: error.line } : {}),
      message: error.message,
    })),
  };
}

function reviewText(progress: ModuleProgress): string {
  return progress.review
    .map(
      (note) =>
        `- ${note.path ? `${note.path}${note.line ? `:${note.line}` : ""}: ` : ""}${note.body.trim()}`,
    )
    .join("\n");
}

/** A human's `/retry` hint and, during a revision, the review it answers. */
function fixerHint(progress: ModuleProgress): string | undefined {
  const review = progress.review.length > 0 ? `Reviewers asked:\n${reviewText(progress)}` : "";
  const hint = [progress.hint ?? "", review].filter(Boolean).join("\n\n");
  return hint || undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function toolchainFor(router: McpRouter, language: string): Promise<Toolchain> {
  const builtin = findProfile(language);
  if (builtin) return builtin.toolchain;
  return (await router.toolchain(language)) as Toolchain;
}

function sandboxLimits(config: RepoConfig) {
  const { cpus, memoryMb, pids, timeoutSec } = config.sandbox;
  return {
    ...(cpus ? { cpus } : {}),
    ...(memoryMb ? { memoryMb } : {}),
    ...(pids ? { pids } : {}),
    ...(timeoutSec ? { phaseTimeoutSec: timeoutSec } : {}),
  };
}
