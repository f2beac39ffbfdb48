import type { Logger } from "probot";
import type { OperatorPolicy } from "../../config/operator-policy.ts";
import type { RepoConfig } from "../../config/repo-config.ts";
import type { RunEvent, RunState } from "../../core/types.ts";
import type { Llm } from "../../llm/client.ts";
import type { McpRouter } from "../../mcp/index.ts";
import { type RunStore, runKey } from "../../persistence/run-store/run-store.ts";
import type { Preflight } from "../../preflight/index.ts";
import { type Continuation, continuationOf } from "../../run/continuation.ts";
import { dispatch, LostRaceError } from "../../run/dispatch.ts";
import { currentJobSignal } from "../../run/job-signal.ts";
import { createEffectRunner } from "./effects.ts";
import { commentBody } from "./fit-body.ts";
import { createGenerationEffects } from "./generation-effects.ts";
import { loadRepoConfig } from "./repo-config-loader.ts";
import type { SandboxSessions } from "./sandbox-sessions.ts";
import { APP_MARKER, type GitHubClient, type IssueRef } from "./types.ts";

export type RunDeps = {
  /** The GitHub App's ID, to tell the app's own comments from pasted markers. */
  appId: number;
  store: RunStore;
  llm: Llm;
  router: McpRouter;
  sessions: SandboxSessions;
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

export type Decide = (state: RunState) => RunEvent | null | Promise<RunEvent | null>;

/**
 * Runs one step of an issue's run, serialized with the issue's other steps. Steps that yield
 * (`continue`) queue a `resume` step behind whatever arrived meanwhile, so `/abort` and
 * `/status` are served between module attempts.
 */
export function createRunStep(deps: RunDeps) {
  const step = (given: RunTarget, decide: Decide): Promise<RunState> => {
    const target = { ...given, retry: given.retry ?? deps.isRetry?.(given.stepId) ?? false };
    // The job's signal (queue stopping, job timed out or taken over) ends the step's model,
    // MCP and sandbox calls; its GitHub requests end through abortableOctokit.
    const signal = currentJobSignal();
    const { issue, octokit, log } = target;
    const key = runKey(issue.owner, issue.repo, issue.issue_number);
    let config: Promise<RepoConfig> | undefined = target.config && Promise.resolve(target.config);
    const readConfig = () => {
      config ??= loadRepoConfig(
        octokit,
        { owner: issue.owner, repo: issue.repo },
        deps.policy,
      ).then((result) => result.config);
      return config;
    };
    const comment = async (body: string) => {
      await octokit.rest.issues.createComment({
        ...issue,
        body: commentBody(body, `\n\n${APP_MARKER}`),
      });
    };
    const runEffect = createEffectRunner({
      octokit,
      issue,
      repoUrl: target.repoUrl,
      appId: deps.appId,
      llm: deps.llm,
      config: readConfig,
      policy: deps.policy,
      log,
      unavailable: deps.preflight?.unavailable,
      signal,
      generation: createGenerationEffects({
        octokit,
        issue,
        repoUrl: target.repoUrl,
        issueTitle: target.issueTitle,
        config: readConfig,
        router: deps.router,
        sessions: deps.sessions,
        unavailable: deps.preflight?.unavailable,
        recheck: deps.preflight?.check,
        signal,
        policy: deps.policy,
        comment,
        schedule: async (state) => {
          const continuation = continuationOf(target, state.version);
          if (deps.defer) await deps.defer(continuation);
          else {
            const resumed = { ...target, stepId: continuation.id, retry: false };
            void step(resumed, () => ({ type: "resume" })).catch(() => undefined);
          }
        },
      }),
    });
    return deps.serialize(key, () =>
      dispatch(
        deps.store,
        key,
        { id: target.stepId, retry: target.retry, log },
        decide,
        runEffect,
        deps.observe,
      ).catch(async (error: unknown) => {
        // Two processes on one run: the retry goes on from the other's state; nothing to show.
        if (error instanceof LostRaceError) {
          log.warn({ err: error, run: key }, "run step lost a race");
          throw error;
        }
        log.error({ err: error, run: key }, "run step failed");
        // Best effort: the author sees something went wrong even if comments cannot be written.
        await octokit.rest.reactions
          .createForIssue({ ...issue, content: "confused" })
          .catch(() => undefined);
        throw error;
      }),
    );
  };
  return step;
}

export type RunStep = ReturnType<typeof createRunStep>;
