import type { Logger } from "probot";
import type { OperatorPolicy } from "../../config/operator-policy.ts";
import type { RepoConfig } from "../../config/repo-config.ts";
import { runKey } from "../../core/run-key.ts";
import type { RunEvent, RunState } from "../../core/types.ts";
import { createAnalyzer } from "../../llm/analyzer.ts";
import type { Llm } from "../../llm/client.ts";
import type { McpRouter } from "../../mcp/index.ts";
import type { RunStore } from "../../persistence/run-store/run-store.ts";
import type { Preflight } from "../../preflight/index.ts";
import { type Continuation, continuationOf } from "../../run/continuation.ts";
import { createRunEngine, type Decide } from "../../run/engine.ts";
import type { SandboxPool } from "../../run/ports.ts";
import type { StackRegistry } from "../../stacks/registry.ts";
import { createGitHubForge } from "./forge.ts";
import type { GitHubClient, IssueRef } from "./types.ts";

export type { Decide } from "../../run/engine.ts";

export type RunDeps = {
  /** The GitHub App's ID, to tell the app's own comments from pasted markers. */
  appId: number;
  store: RunStore;
  llm: Llm;
  router: McpRouter;
  sessions: SandboxPool;
  /** The registered stacks (built-in and the operator's MCP servers). */
  stacks: StackRegistry;
  /** The operator's ceilings and allowances (environment). */
  policy: OperatorPolicy;
  /** Runs tasks one at a time per key, in order. */
  serialize: <T>(key: string, task: () => Promise<T>) => Promise<T>;
  /**
   * Where a run's continuation goes when a step yields. By default it runs at once (queued
   * behind the issue's other steps); the durable queue stores it as a job instead.
   */
  defer?: (continuation: Continuation) => Promise<void>;
  /** Whether a step id belongs to a job that is running again (see the job worker). */
  isRetry?: (stepId: string) => boolean;
  /** Sees every event a step applies (metrics). */
  observe?: (event: RunEvent) => void;
  /** What the background checks found down; runs needing it wait instead of failing. */
  preflight?: Pick<Preflight, "unavailable" | "check">;
};

/** Where a step runs: the installation's client and the issue the run belongs to. */
export type RunTarget = {
  octokit: GitHubClient;
  installationId: number;
  issue: IssueRef;
  repoUrl: string;
  issueTitle: string;
  log: Logger;
  /** The repository config, when the handler already read it. */
  config?: RepoConfig;
  /** The job or delivery this step belongs to (see dispatch). */
  stepId: string;
  /** The job ran before: effects it may have done are checked before being done again. */
  retry?: boolean;
};

/**
 * Runs one step of an issue's run on the engine, with the issue as its forge. A step that
 * yields queues its `resume` as a continuation (a job with the durable queue).
 */
export function createRunStep(deps: RunDeps) {
  const engine = createRunEngine({
    store: deps.store,
    analyzer: createAnalyzer(deps.llm),
    generator: deps.router,
    sandboxes: deps.sessions,
    stacks: deps.stacks,
    policy: deps.policy,
    serialize: deps.serialize,
    observe: deps.observe,
    preflight: deps.preflight,
  });
  const step = (given: RunTarget, decide: Decide): Promise<RunState> => {
    const target = { ...given, retry: given.retry ?? deps.isRetry?.(given.stepId) ?? false };
    const { issue } = target;
    return engine(
      {
        key: runKey(issue.owner, issue.repo, issue.issue_number),
        runId: `${issue.owner}/${issue.repo}#${issue.issue_number}`,
        forge: createGitHubForge({
          octokit: target.octokit,
          issue,
          repoUrl: target.repoUrl,
          issueTitle: target.issueTitle,
          appId: deps.appId,
          policy: deps.policy,
          log: target.log,
          config: target.config,
        }),
        stepId: target.stepId,
        retry: target.retry,
        log: target.log,
        schedule: async (state) => {
          const continuation = continuationOf(target, state.version);
          if (deps.defer) await deps.defer(continuation);
          else {
            const resumed = { ...target, stepId: continuation.id, retry: false };
            void step(resumed, () => ({ type: "resume" })).catch(() => undefined);
          }
        },
      },
      decide,
    );
  };
  return step;
}

export type RunStep = ReturnType<typeof createRunStep>;
