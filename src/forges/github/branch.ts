import { z } from "zod";
import { httpStatus, isGitHubError } from "./github-errors.ts";
import { readTreeEntries } from "./tree-reader.ts";
import type { GitHubClient, RepoRef } from "./types.ts";

export type FileContent = { path: string; content: string };
export type CommitResult = {
  /** The new commit, or the parent when the files were already as asked (`changed` false). */
  sha: string;
  parentSha: string;
  /** Someone else moved the branch; the commit went on top of their head instead. */
  headMoved: boolean;
  /** The branch was gone and was made again from the default branch. */
  recreated: boolean;
  changed: boolean;
};

/** The repository has no commit yet, so there is nothing to branch from. */
export class EmptyRepositoryError extends Error {
  constructor(repo: RepoRef) {
    super(
      `${repo.owner}/${repo.repo} is empty: push a first commit (a README is enough) so a branch can start from it.`,
    );
    this.name = "EmptyRepositoryError";
  }
}

/** The branch kept moving under every attempt to commit on top of it. */
export class BranchConflictError extends Error {
  readonly branch: string;
  constructor(branch: string, attempts: number) {
    super(`The branch ${branch} moved during each of ${attempts} attempts to commit to it.`);
    this.name = "BranchConflictError";
    this.branch = branch;
  }
}

export class RefNotFoundError extends Error {
  constructor(ref: string) {
    super(`No branch or commit named ${ref}.`);
    this.name = "RefNotFoundError";
  }
}

const refResponse = z.object({ object: z.object({ sha: z.string() }) });
const repoResponse = z.object({ default_branch: z.string() });
const blobResponse = z.object({ content: z.string(), encoding: z.literal("base64") });

const MAX_READ_BYTES = 1024 * 1024;
const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** The branch's head, creating the branch from the default branch's head when missing. */
export async function ensureBranch(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<{ headSha: string; created: boolean }> {
  const headSha = await readHead(octokit, repo, branch);
  if (headSha) return { headSha, created: false };
  return createFromDefaultBranch(octokit, repo, branch);
}

/** The wanted files that exist at `ref` (a branch or commit sha); larger than 1 MB skipped. */
export async function readFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  ref: string,
  paths: string[],
): Promise<FileContent[]> {
  const wanted = new Set(paths);
  const blobs = (await readTree(octokit, repo, ref, paths)).filter(
    (entry) =>
      entry.type === "blob" && wanted.has(entry.path) && (entry.size ?? 0) <= MAX_READ_BYTES,
  );
  return Promise.all(
    blobs.map(async (entry) => {
      const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: entry.sha });
      const blob = blobResponse.parse(data);
      return { path: entry.path, content: Buffer.from(blob.content, "base64").toString("utf8") };
    }),
  );
}

/** Every file path at `ref` (a branch or commit sha), however large the tree. */
export async function listFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  ref: string,
): Promise<string[]> {
  const entries = await readTree(octokit, repo, ref, null);
  return entries.filter((entry) => entry.type === "blob").map((entry) => entry.path);
}

/** The tree entries at `ref` that `scope` covers (see readTreeEntries), never a partial list. */
async function readTree(
  octokit: GitHubClient,
  repo: RepoRef,
  ref: string,
  scope: readonly string[] | null,
) {
  const commitSha = COMMIT_SHA.test(ref) ? ref : await readHead(octokit, repo, ref);
  if (!commitSha) throw new RefNotFoundError(ref);
  return readTreeEntries(octokit, repo, commitSha, scope);
}

/** The commit the branch points at, or null when there is no such branch. */
export async function readHead(octokit: GitHubClient, repo: RepoRef, branch: string) {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return refResponse.parse(data).object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    if (httpStatus(error) === 409) throw new EmptyRepositoryError(repo);
    throw error;
  }
}

/** Makes the branch at the default branch's head (or takes the one someone made meanwhile). */
export async function createFromDefaultBranch(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<{ headSha: string; created: boolean }> {
  const { data } = await octokit.rest.repos.get(repo);
  const baseSha = await readHead(octokit, repo, repoResponse.parse(data).default_branch);
  if (!baseSha) throw new EmptyRepositoryError(repo);
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: baseSha });
    return { headSha: baseSha, created: true };
  } catch (error) {
    // Created by someone else between our read and this write: use theirs.
    const theirs = isGitHubError(error, 422, /already exists/i)
      ? await readHead(octokit, repo, branch)
      : null;
    if (theirs) return { headSha: theirs, created: false };
    throw error;
  }
}
