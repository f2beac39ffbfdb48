import type { Logger } from "probot";
import type { OperatorPolicy } from "../../config/operator-policy.ts";
import type { RepoConfig } from "../../config/repo-config.ts";
import type { Acknowledgement } from "../../core/types.ts";
import { type EffectMeta, FilesUnreadableError, type Forge } from "../../run/ports.ts";
import { ensureBranch, RefNotFoundError, readFiles, readHead } from "./branch.ts";
import { findCheckRun, reportCheckRun } from "./check-runs.ts";
import { commitOnBranch } from "./commit-on-branch.ts";
import { commentBody, fitBody, MAX_COMMENT_BODY } from "./fit-body.ts";
import { inertQuote } from "./inert.ts";
import { renderNotice, reviewThreadReply } from "./notices.ts";
import { bodyHash, renderPlanComment, shownProgress } from "./plan-comment.ts";
import { markReadyForReview, requestReview, upsertPullRequest } from "./pull-request.ts";
import { loadRepoConfig } from "./repo-config-loader.ts";
import { runBranch } from "./run-branch.ts";
import { checkRunReport, renderPullRequestBody } from "./run-report.ts";
import { readIssueThread, readRepoLanguages, writtenByApp } from "./thread.ts";
import { TreeTooLargeError } from "./tree-reader.ts";
import { APP_MARKER, type GitHubClient, type IssueRef } from "./types.ts";

export type GitHubForgeOptions = {
  octokit: GitHubClient;
  issue: IssueRef;
  /** e.g. https://github.com/owner/repo, for links in comments and the PR body. */
  repoUrl: string;
  issueTitle: string;
  /** The GitHub App's ID, to tell the app's own comments from pasted markers. */
  appId: number;
  policy: OperatorPolicy;
  log: Pick<Logger, "info">;
  /** The repository config, when the webhook handler already read it. */
  config?: RepoConfig | undefined;
};

/**
 * A run on GitHub: the issue is its conversation, a branch its code, check runs its module
 * results and a pull request its change request. Every Markdown choice is made here.
 */
export function createGitHubForge(options: GitHubForgeOptions): Forge {
  const { octokit, issue } = options;
  const repo = { owner: issue.owner, repo: issue.repo };
  let config: Promise<RepoConfig> | undefined = options.config && Promise.resolve(options.config);
  const readConfig = () => {
    config ??= loadRepoConfig(octokit, repo, options.policy).then((result) => result.config);
    return config;
  };
  const comment = async (issueNumber: number, body: string) => {
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issueNumber,
      body: commentBody(body, `\n\n${APP_MARKER}`),
    });
  };

  return {
    reference: `Issue #${issue.issue_number}`,
    config: readConfig,
    readRequest: () => readIssueThread(octokit, issue, options.appId),
    repositoryLanguages: () => readRepoLanguages(octokit, repo),

    async notify(notice, state, where = {}) {
      const text = renderNotice(notice, state);
      if (where.place === "change_request") {
        const change = "generation" in state ? state.generation?.changeRequest : null;
        await comment(change?.number ?? issue.issue_number, text);
      } else if (where.meta) await postOnce(options, text, where.meta);
      else await comment(issue.issue_number, text);
    },

    async acknowledge(messageId: number | null, ack: Acknowledgement) {
      const content = REACTIONS[ack];
      if (messageId === null) {
        await octokit.rest.reactions.createForIssue({ ...issue, content });
      } else {
        await octokit.rest.reactions.createForIssueComment({
          ...repo,
          comment_id: messageId,
          content,
        });
      }
    },

    /**
     * Re-reads the plan comment before writing (Renovate's approach): if it holds neither the
     * app's last render nor the human edit this render answers, a newer human edit is queued
     * behind us, so writing now would erase their ticks. Its own webhook will re-render.
     */
    async showPlan(state, basedOnHash, { progress = false } = {}) {
      const written = state.planComment;
      const shows = shownProgress(state);
      if (progress && written) {
        // Coalesced: one edit per change of the module statuses, at most one per interval.
        const sinceLast = Date.now() - (written.at ?? 0);
        if (written.shows === shows || sinceLast < options.policy.planEditIntervalSec * 1000)
          return null;
      }
      const body = fitBody(renderPlanComment(state, options.repoUrl), MAX_COMMENT_BODY);
      const rendered = { version: state.version, hash: bodyHash(body), shows, at: Date.now() };
      if (written) {
        const live = await readComment(octokit, repo, written.id);
        if (live !== null) {
          const liveHash = bodyHash(live);
          if (liveHash !== written.hash && liveHash !== basedOnHash) {
            options.log.info(
              { issue: issue.issue_number },
              "plan comment changed meanwhile; leaving it for its own edit event",
            );
            return null;
          }
          await octokit.rest.issues.updateComment({ ...repo, comment_id: written.id, body });
          return { id: written.id, ...rendered };
        }
      }
      const { data } = await octokit.rest.issues.createComment({ ...issue, body });
      return { id: data.id, ...rendered };
    },

    branchName: (repoConfig) => runBranch(repoConfig, issue.issue_number),

    async prepareBranch(branch) {
      const { created } = await ensureBranch(octokit, repo, branch);
      return { created };
    },

    async readFiles(branch, paths) {
      try {
        return await readFiles(octokit, repo, branch, [...paths]);
      } catch (error) {
        // A deleted branch reads as empty; committing recreates it.
        if (error instanceof RefNotFoundError) return [];
        if (error instanceof TreeTooLargeError) throw new FilesUnreadableError(error.message);
        throw error;
      }
    },

    async commit(branch, files, message) {
      const { sha, changed, recreated } = await commitOnBranch(octokit, repo, {
        branch,
        files: [...files],
        message,
      });
      return { sha, changed, recreated };
    },

    head: (branch) => readHead(octokit, repo, branch),

    async reportModule(module, generation, sha, replay) {
      const name = `codegen / ${module.name}`;
      return (
        (replay ? await findCheckRun(octokit, repo, sha, name) : null) ??
        (await reportCheckRun(octokit, repo, {
          name,
          headSha: sha,
          outcome: checkRunReport(module, generation),
        }))
      );
    },

    async publishChangeRequest(state, allowedThrough) {
      const { generation } = state;
      const { data: repository } = await octokit.rest.repos.get(repo);
      const body = renderPullRequestBody(
        state,
        issue.issue_number,
        options.repoUrl,
        allowedThrough,
      );
      const pr = await upsertPullRequest(octokit, repo, {
        number: generation.changeRequest?.number ?? null,
        head: generation.branch,
        base: repository.default_branch,
        title: `Generated: ${options.issueTitle}`.slice(0, 250),
        body,
      });
      if (pr.event === "reopened")
        await comment(
          issue.issue_number,
          `ℹ️ The pull request #${pr.number} was closed; I reopened it to keep its results current.`,
        );
      if (pr.event === "recreated")
        await comment(
          issue.issue_number,
          `ℹ️ The previous pull request could not be reopened, so I opened #${pr.number}.`,
        );
      return {
        changeRequest: { number: pr.number, id: pr.nodeId, url: pr.url, draft: pr.draft },
        event: pr.event,
      };
    },

    async finishChangeRequest(pullRequest) {
      // After a revision the PR is ready already; GitHub refuses to mark it twice.
      if (pullRequest.draft) await markReadyForReview(octokit, pullRequest.id);
      const { data } = await octokit.rest.issues.get(issue);
      if (data.user?.login) await requestReview(octokit, repo, pullRequest.number, data.user.login);
    },

    /** Answers each review thread; PR-level instructions get one answer on the PR. */
    async answerReview(pullRequest, module, notes, outcome, commit) {
      const commitUrl = commit ? `${options.repoUrl}/commit/${commit}` : null;
      const body = reviewThreadReply(outcome, commitUrl);
      for (const note of notes.filter((n) => n.commentId !== null)) {
        await octokit.rest.pulls.createReplyForReviewComment({
          ...repo,
          pull_number: pullRequest.number,
          comment_id: note.commentId ?? 0,
          body: commentBody(body),
        });
      }
      const general = notes.filter((n) => n.commentId === null);
      if (general.length > 0) {
        const quoted = general.map((n) => inertQuote(n.body)).join("\n\n");
        await comment(pullRequest.number, `${quoted}\n\n\`${module}\`: ${body}`);
      }
    },
  };
}

/** How GitHub shows an acknowledgement: 👀 seen, 🚀 done, 😕 refused. */
const REACTIONS = { seen: "eyes", done: "rocket", refused: "confused" } as const;

/**
 * Posts a comment carrying its effect id; when the step is a retry, first looks for that id
 * among the latest comments, so a comment posted just before a crash is not posted twice.
 */
async function postOnce(
  options: Pick<GitHubForgeOptions, "octokit" | "issue" | "appId">,
  body: string,
  meta: EffectMeta,
): Promise<void> {
  const { octokit, issue } = options;
  const marker = `<!-- codegen:effect=${meta.id} -->`;
  if (meta.replay) {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.issue_number,
      per_page: 100,
    });
    // Only the app's own comment counts: a pasted marker must not silence a reply.
    const posted = comments.some(
      (comment) => writtenByApp(comment, options.appId) && comment.body?.includes(marker),
    );
    if (posted) return;
  }
  await octokit.rest.issues.createComment({
    ...issue,
    body: commentBody(body, `\n\n${APP_MARKER}${marker}`),
  });
}

/** The comment's body, or null when it was deleted. */
async function readComment(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  commentId: number,
): Promise<string | null> {
  try {
    const { data } = await octokit.rest.issues.getComment({ ...repo, comment_id: commentId });
    return data.body ?? "";
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
