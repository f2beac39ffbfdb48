import { z } from "zod";
import type { GitHubClient, RepoRef } from "./types.ts";

export type TreeEntry = { path: string; type: string; sha: string; size?: number };

/** Tree requests one read may make once GitHub has truncated the recursive listing. */
export const MAX_TREE_REQUESTS = 200;

/** The part of the tree a read needs could not be listed in full within the request cap. */
export class TreeTooLargeError extends Error {
  constructor(repo: RepoRef, commitSha: string, reason: string) {
    super(
      `${repo.owner}/${repo.repo} at ${commitSha.slice(0, 7)} is too large to read: GitHub truncated its file list, and ${reason}. Move the modules' files out of the largest folders, or split the repository.`,
    );
    this.name = "TreeTooLargeError";
  }
}

const treeResponse = z.object({
  sha: z.string(),
  truncated: z.boolean(),
  tree: z.array(
    z.object({ path: z.string(), type: z.string(), sha: z.string(), size: z.number().optional() }),
  ),
});

/**
 * The entries of a commit's tree that `scope` covers: each scope path names a file, or a folder
 * with everything beneath it; null covers the whole tree.
 *
 * One recursive request answers when GitHub lists the whole tree. Past 100,000 entries or 7 MB
 * GitHub truncates that listing; then the read walks down only the folders on the way to the
 * scope (one request each) and lists a covered folder recursively (walking it as well when that
 * listing is truncated too). Folders off the way, vendored or not, are never read, so the cost
 * follows the scope, not the repository's size. The answer is complete or an error: more than
 * MAX_TREE_REQUESTS requests, or a single folder GitHub cannot list, throws TreeTooLargeError.
 */
export async function readTreeEntries(
  octokit: GitHubClient,
  repo: RepoRef,
  commitSha: string,
  scope: readonly string[] | null,
): Promise<TreeEntry[]> {
  const covers = (path: string) =>
    scope === null || scope.some((wanted) => path === wanted || path.startsWith(`${wanted}/`));
  const leadsTo = (folder: string) =>
    scope?.some((wanted) => wanted.startsWith(`${folder}/`)) ?? false;

  // The trees endpoint takes a commit sha too, and answers with that commit's tree.
  const whole = await getTree(octokit, repo, commitSha, true);
  if (!whole.truncated) return whole.tree.filter((entry) => covers(entry.path));
  octokit.log.info(
    `GitHub truncated the tree of ${repo.owner}/${repo.repo} at ${commitSha.slice(0, 7)}; reading the folders this step needs one by one`,
  );

  let requests = 1;
  const fail = (reason: string): never => {
    const error = new TreeTooLargeError(repo, commitSha, reason);
    octokit.log.warn(error.message);
    throw error;
  };
  const list = (sha: string, recursive: boolean) => {
    requests += 1;
    if (requests > MAX_TREE_REQUESTS) {
      fail(`the folders this step needs take more than ${MAX_TREE_REQUESTS} requests to list`);
    }
    return getTree(octokit, repo, sha, recursive);
  };
  const readFolder = async (sha: string, prefix: string): Promise<TreeEntry[]> => {
    const listing = await list(sha, true);
    if (listing.truncated) return walkFolder(sha, prefix, true);
    return listing.tree.map((entry) => ({ ...entry, path: `${prefix}${entry.path}` }));
  };
  const walkFolder = async (sha: string, prefix: string, all: boolean): Promise<TreeEntry[]> => {
    const listing = await list(sha, false);
    if (listing.truncated) fail(`the folder /${prefix} alone holds more than GitHub lists`);
    const found: TreeEntry[] = [];
    // One request at a time, as GitHub asks of integrations (secondary rate limits).
    for (const entry of listing.tree) {
      const path = `${prefix}${entry.path}`;
      const inside = all || covers(path);
      if (inside) found.push({ ...entry, path });
      if (entry.type !== "tree") continue;
      if (inside) found.push(...(await readFolder(entry.sha, `${path}/`)));
      else if (leadsTo(path)) found.push(...(await walkFolder(entry.sha, `${path}/`, false)));
    }
    return found;
  };
  return walkFolder(whole.sha, "", scope === null);
}

/** The names at the root of the default branch, however many (one non-recursive listing). */
export async function readRootNames(octokit: GitHubClient, repo: RepoRef): Promise<string[]> {
  const { data } = await octokit.rest.repos.get(repo);
  // The trees endpoint takes a branch name too.
  const root = await getTree(octokit, repo, data.default_branch, false);
  return root.tree.map((entry) => entry.path);
}

async function getTree(octokit: GitHubClient, repo: RepoRef, sha: string, recursive: boolean) {
  const { data } = await octokit.rest.git.getTree({
    ...repo,
    tree_sha: sha,
    ...(recursive ? { recursive: "1" } : {}),
  });
  return treeResponse.parse(data);
}
