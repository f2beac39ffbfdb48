import type { ThreadEntry } from "../../llm/analyze.ts";
import { capText, formatSize, stripHiddenContent } from "../../llm/untrusted-text.ts";
import { detectLanguages } from "../../stacks/builtin.ts";
import { isPlanComment } from "./plan-comment.ts";
import { readRootNames } from "./tree-reader.ts";
import type { GitHubClient, IssueRef } from "./types.ts";

export const MAX_ISSUE_CHARS = 20_000;
export const MAX_COMMENT_CHARS = 4_000;
export const MAX_COMMENTS = 40;
const CONTENTS_LIST_LIMIT = 1000;

export type IssueThread = { title: string; thread: ThreadEntry[]; note: string | null };

/**
 * The conversation as the model sees it: hidden content stripped, each text capped, the
 * app's own plan comment left out, other bots ignored. A turn is the app's when GitHub says
 * the app wrote it, never because of a marker in the text, which anyone can paste. `note` tells the author when their
 * text was cut.
 */
export async function readIssueThread(
  octokit: GitHubClient,
  issue: IssueRef,
  appId: number,
): Promise<IssueThread> {
  const { data } = await octokit.rest.issues.get(issue);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...issue,
    per_page: 100,
  });
  const body = capText(stripHiddenContent(data.body ?? ""), MAX_ISSUE_CHARS);
  const thread: ThreadEntry[] = [
    { author: data.user?.login ?? "author", fromApp: false, body: body.text },
  ];
  for (const comment of comments.slice(-MAX_COMMENTS)) {
    const text = comment.body ?? "";
    const fromApp = writtenByApp(comment, appId);
    if (fromApp && isPlanComment(text)) continue;
    if (!fromApp && comment.user?.type === "Bot") continue;
    thread.push({
      author: comment.user?.login ?? "someone",
      fromApp,
      body: capText(stripHiddenContent(text), MAX_COMMENT_CHARS).text,
    });
  }
  const note = body.truncated
    ? `📏 This issue is ${formatSize(body.originalLength)} long; I read the first ${formatSize(MAX_ISSUE_CHARS)}. Put the essentials near the top, or split the request into several issues.`
    : null;
  return { title: stripHiddenContent(data.title).slice(0, 300), thread, note };
}

type CommentAuthor = {
  user?: { type?: string } | null;
  performed_via_github_app?: { id?: number } | null;
};

/** GitHub names the App behind a comment an installation wrote; the author is its bot. */
export function writtenByApp(comment: CommentAuthor, appId: number): boolean {
  return comment.user?.type === "Bot" && comment.performed_via_github_app?.id === appId;
}

/** Languages the repository already uses, from the files at its root. */
export async function readRepoLanguages(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<string[]> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: "" });
    if (!Array.isArray(data)) return [];
    // The contents API lists at most 1,000 entries of a folder; a larger root needs the trees API.
    const names =
      data.length < CONTENTS_LIST_LIMIT
        ? data.map((entry) => entry.name)
        : await readRootNames(octokit, repo);
    return detectLanguages(names);
  } catch (error) {
    // An empty repository has no contents yet.
    if ((error as { status?: number }).status === 404) return [];
    throw error;
  }
}
