import type { Logger } from "probot";
import type { OperatorPolicy } from "../../config/operator-policy.ts";
import type { RepoConfig } from "../../config/repo-config.ts";
import { finalSummaryReply } from "../../core/messages.ts";
import type { RunEffect, RunEvent, RunState } from "../../core/types.ts";
import { analyzeRequest } from "../../llm/analyze.ts";
import { type Llm, LlmError } from "../../llm/client.ts";
import type { Preflight } from "../../preflight/index.ts";
import { commentBody, fitBody, MAX_COMMENT_BODY } from "./fit-body.ts";
import type { createGenerationEffects } from "./generation-effects.ts";
import { bodyHash, renderPlanComment } from "./plan-comment.ts";
import { readIssueThread, readRepoLanguages, writtenByApp } from "./thread.ts";
import { APP_MARKER, type GitHubClient, type IssueRef } from "./types.ts";

export type EffectDeps = {
  octokit: GitHubClient;
  issue: IssueRef;
  /** e.g. https://github.com/owner/repo, for links in the plan comment. */
  repoUrl: string;
  appId: number;
  llm: Llm;
  config: () => Promise<RepoConfig>;
  policy: OperatorPolicy;
  log: Logger;
  generation: GenerationEffects;
  /** Parts the preflight found down (see src/preflight). */
  unavailable?: Preflight["unavailable"] | undefined;
  /** The step's signal: aborting it ends the model call. */
  signal?: AbortSignal | undefined;
};

type GenerationEffects = ReturnType<typeof createGenerationEffects>;

const NO_TOKENS = { promptTokens: 0, completionTokens: 0 };

/** `id` names this effect within its step; `replay`: the step may have done it already. */
export type EffectMeta = { id: string; replay: boolean };

export type EffectRunner = (
  effect: RunEffect,
  state: RunState,
  meta: EffectMeta,
) => Promise<RunEvent[]>;

/** The imperative shell: carries out one effect against GitHub or the LLM. */
export function createEffectRunner(deps: EffectDeps): EffectRunner {
  const { octokit, issue } = deps;
  return async (effect, state, meta) => {
    switch (effect.type) {
      case "analyze":
        return [await analyze(deps)];
      case "reply":
        await postOnce(deps, issue.issue_number, effect.body, meta);
        return [];
      case "react":
        if (effect.commentId === null) {
          await octokit.rest.reactions.createForIssue({ ...issue, content: effect.content });
        } else {
          await octokit.rest.reactions.createForIssueComment({
            owner: issue.owner,
            repo: issue.repo,
            comment_id: effect.commentId,
            content: effect.content,
          });
        }
        return [];
      case "render_plan":
        return renderPlan(deps, state, effect.basedOnHash);
      case "prepare_generation":
        return deps.generation.prepare();
      case "generate_code":
        return deps.generation.generateCode(effect, state);
      case "build_attempt":
        return deps.generation.buildAttempt(effect, state, meta.replay);
      case "continue":
        return deps.generation.continueLater(state);
      case "report_check_run":
        return deps.generation.reportCheckRun(effect, state, meta.replay);
      case "publish_results":
        return deps.generation.publishResults(state, meta.replay);
      case "update_pull_request":
        return deps.generation.updatePullRequest(state);
      case "finish_pull_request":
        return deps.generation.finishPullRequest(state);
      case "reply_summary":
        if (state.phase === "completed") {
          await postOnce(deps, issue.issue_number, finalSummaryReply(state), meta);
        }
        return [];
      case "reply_on_pull_request":
        return deps.generation.replyOnPullRequest(effect.body, state);
      case "reply_review":
        return deps.generation.replyReview(effect, state);
      case "close_sandbox":
        return deps.generation.closeSandbox(effect);
    }
  };
}

/**
 * Posts a comment carrying its effect id; when the step is a retry, first looks for that id
 * among the latest comments, so a comment posted just before a crash is not posted twice.
 */
export async function postOnce(
  deps: Pick<EffectDeps, "octokit" | "issue" | "appId">,
  issueNumber: number,
  body: string,
  meta: EffectMeta,
): Promise<void> {
  const { octokit, issue } = deps;
  const marker = `<!-- codegen:effect=${meta.id} -->`;
  if (meta.replay) {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    // Only the app's own comment counts: a pasted marker must not silence a reply.
    const posted = comments.some(
      (comment) => writtenByApp(comment, deps.appId) && comment.body?.includes(marker),
    );
    if (posted) return;
  }
  await octokit.rest.issues.createComment({
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issueNumber,
    body: commentBody(body, `\n\n${APP_MARKER}${marker}`),
  });
}

async function analyze(deps: EffectDeps): Promise<RunEvent> {
  const { octokit, issue } = deps;
  const down = deps.unavailable?.(["llm"]);
  if (down) {
    deps.log.warn({ issue: issue.issue_number, preflight: down.part }, "analysis waits: part down");
    const error = `${down.summary}; the operator has been told.`;
    return { type: "analysis_failed", error, usage: NO_TOKENS, inputNote: null };
  }
  const [{ title, thread, note }, repoLanguages, config] = await Promise.all([
    readIssueThread(octokit, issue, deps.appId),
    readRepoLanguages(octokit, { owner: issue.owner, repo: issue.repo }),
    deps.config(),
  ]);
  try {
    const { verdict, usage } = await analyzeRequest(deps.llm, {
      title,
      thread,
      allowedLanguages: config.languages,
      repoLanguages,
      model: config.models.analysis,
      signal: deps.signal,
      maxModules: deps.policy.maxModules,
    });
    return { type: "analysis_completed", verdict, usage, inputNote: note };
  } catch (error) {
    if (error instanceof LlmError) {
      deps.log.warn({ issue: issue.issue_number, err: error }, "analysis failed");
      return {
        type: "analysis_failed",
        error: `${error.message}.`,
        usage: error.usage,
        inputNote: note,
      };
    }
    throw error;
  }
}

/**
 * Re-reads the plan comment before writing (Renovate's approach): if it holds neither the
 * app's last render nor the human edit this render answers, a newer human edit is queued
 * behind us, so writing now would erase their ticks. Its own webhook will re-render.
 */
async function renderPlan(
  deps: EffectDeps,
  state: RunState,
  basedOnHash: string | null,
): Promise<RunEvent[]> {
  if (!("plan" in state)) return [];
  const { octokit, issue, log } = deps;
  const body = fitBody(renderPlanComment(state, deps.repoUrl), MAX_COMMENT_BODY);
  const written = state.planComment;
  if (written) {
    const live = await readComment(octokit, issue, written.id);
    if (live !== null) {
      const liveHash = bodyHash(live);
      if (liveHash !== written.hash && liveHash !== basedOnHash) {
        log.info(
          { issue: issue.issue_number },
          "plan comment changed meanwhile; leaving it for its own edit event",
        );
        return [];
      }
      await octokit.rest.issues.updateComment({
        owner: issue.owner,
        repo: issue.repo,
        comment_id: written.id,
        body,
      });
      return [
        {
          type: "plan_rendered",
          comment: { id: written.id, version: state.version, hash: bodyHash(body) },
        },
      ];
    }
  }
  const { data } = await octokit.rest.issues.createComment({ ...issue, body });
  return [
    {
      type: "plan_rendered",
      comment: { id: data.id, version: state.version, hash: bodyHash(body) },
    },
  ];
}

/** The comment's body, or null when it was deleted. */
async function readComment(
  octokit: GitHubClient,
  issue: IssueRef,
  commentId: number,
): Promise<string | null> {
  try {
    const { data } = await octokit.rest.issues.getComment({
      owner: issue.owner,
      repo: issue.repo,
      comment_id: commentId,
    });
    return data.body ?? "";
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
