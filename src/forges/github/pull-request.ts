import { z } from "zod";
import { fitBody } from "./fit-body.ts";
import { githubMessage, httpStatus, isGitHubError } from "./github-errors.ts";
import type { GitHubClient, RepoRef } from "./types.ts";

export { fitBody } from "./fit-body.ts";

/** GitHub refuses pull request bodies longer than this. */
export const MAX_PR_BODY = 65_536;

export type PullRequestDraft = {
  /** The pull request the run opened before, or null for the first time. */
  number: number | null;
  head: string;
  base: string;
  title: string;
  body: string;
};
export type PullRequestEvent = "created" | "updated" | "reopened" | "recreated";
export type PullRequestResult = {
  number: number;
  nodeId: string;
  url: string;
  /** False where the repository's plan has no draft pull requests. */
  draft: boolean;
  event: PullRequestEvent;
};
export type ReviewRequest = { requested: true } | { requested: false; reason: string };

const pullResponse = z.object({
  number: z.number(),
  node_id: z.string(),
  html_url: z.string(),
  state: z.enum(["open", "closed"]),
  draft: z.boolean().optional(),
  merged: z.boolean().optional(),
  merged_at: z.string().nullable().optional(),
});
type Pull = z.infer<typeof pullResponse>;

const readyResponse = z.object({
  markPullRequestReadyForReview: z.object({ pullRequest: z.object({ isDraft: z.boolean() }) }),
});

/**
 * Opens the run's pull request as a draft, or brings the one it opened up to date: a closed
 * one is reopened; a merged one, or one GitHub will not reopen, is replaced by a new one.
 * A pull request that already exists for the head is adopted rather than duplicated.
 */
export async function upsertPullRequest(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: PullRequestDraft,
): Promise<PullRequestResult> {
  const body = fitBody(pr.body, MAX_PR_BODY);
  if (pr.number === null) return create(octokit, repo, { ...pr, body }, "created");
  const existing = await find(octokit, repo, pr.number);
  if (!existing || existing.merged || existing.merged_at) {
    return create(octokit, repo, { ...pr, body }, "recreated");
  }
  if (existing.state === "open") {
    return update(octokit, repo, pr.number, { title: pr.title, body }, "updated");
  }
  try {
    return await update(
      octokit,
      repo,
      pr.number,
      { title: pr.title, body, state: "open" },
      "reopened",
    );
  } catch (error) {
    // e.g. "state cannot be changed. The codegen/issue-1 branch has been deleted."
    if (httpStatus(error) !== 422) throw error;
    return create(octokit, repo, { ...pr, body }, "recreated");
  }
}

/** Takes the pull request out of draft (GraphQL only: REST cannot). */
export async function markReadyForReview(octokit: GitHubClient, nodeId: string): Promise<void> {
  const data = await octokit.graphql(
    `mutation ($pullRequestId: ID!) {
      markPullRequestReadyForReview(input: { pullRequestId: $pullRequestId }) {
        pullRequest { isDraft }
      }
    }`,
    { pullRequestId: nodeId },
  );
  readyResponse.parse(data);
}

/**
 * Asks `login` to review. GitHub refuses (422) the pull request's author and people who are
 * not collaborators; that is not worth failing a run for, so the reason is returned instead.
 */
export async function requestReview(
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  login: string,
): Promise<ReviewRequest> {
  try {
    await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: [login] });
    return { requested: true };
  } catch (error) {
    if (httpStatus(error) !== 422) throw error;
    return { requested: false, reason: githubMessage(error) };
  }
}

async function find(octokit: GitHubClient, repo: RepoRef, number: number): Promise<Pull | null> {
  try {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
    return pullResponse.parse(data);
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

async function create(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: PullRequestDraft,
  event: "created" | "recreated",
): Promise<PullRequestResult> {
  const request = { ...repo, head: pr.head, base: pr.base, title: pr.title, body: pr.body };
  try {
    const { data } = await octokit.rest.pulls.create({ ...request, draft: true });
    return result(pullResponse.parse(data), event);
  } catch (error) {
    if (isGitHubError(error, 422, /draft pull requests are not supported/i)) {
      const { data } = await octokit.rest.pulls.create(request);
      return result(pullResponse.parse(data), event);
    }
    if (!isGitHubError(error, 422, /already exists/i)) throw error;
    const open = await openFor(octokit, repo, pr.head);
    if (!open) throw error;
    return update(
      octokit,
      repo,
      open.number,
      { title: pr.title, body: pr.body },
      event === "created" ? "updated" : event,
    );
  }
}

async function openFor(octokit: GitHubClient, repo: RepoRef, head: string) {
  const { data } = await octokit.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${head}`,
    state: "open",
  });
  return z.array(pullResponse).parse(data)[0] ?? null;
}

async function update(
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  fields: { title: string; body: string; state?: "open" },
  event: PullRequestEvent,
): Promise<PullRequestResult> {
  const { data } = await octokit.rest.pulls.update({ ...repo, pull_number: number, ...fields });
  return result(pullResponse.parse(data), event);
}

function result(pull: Pull, event: PullRequestEvent): PullRequestResult {
  return {
    number: pull.number,
    nodeId: pull.node_id,
    url: pull.html_url,
    draft: pull.draft ?? false,
    event,
  };
}
