import { z } from "zod";
import { checkGeneratedPath } from "../../core/paths.ts";
import { httpStatus, isGitHubError } from "./github-errors.ts";
import { readTreeEntries } from "./tree-reader.ts";
import type { GitHubClient, RepoRef } from "./types.ts";

export type FileContent = { path: string; content: string };
export type CommitChange = {
  branch: string;
  files: FileContent[];
  /** Files (or folders) to remove; paths the parent does not hold are ignored. */
  deletions?: string[];
  message: string;
  /**
   * The head the caller last saw; the commit goes on top of it when the branch agrees.
   * Without it the branch's current head is read first.
   */
  parentSha?: string;
};
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
const commitResponse = z.object({ sha: z.string(), tree: z.object({ sha: z.string() }) });
const createdResponse = z.object({ sha: z.string() });
const blobResponse = z.object({ content: z.string(), encoding: z.literal("base64") });

const ATTEMPTS = 3;
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

/**
 * One commit with `files` written and `deletions` removed, on top of `parentSha`, moving the
 * branch without force. When the branch moved meanwhile (a person pushed, or force-pushed)
 * the commit is redone on the new head; when it was deleted it is recreated from the default
 * branch, so earlier commits that only lived on it are not carried over.
 */
export async function commitFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  change: CommitChange,
): Promise<CommitResult> {
  if (change.files.length === 0 && (change.deletions ?? []).length === 0) {
    throw new Error("commitFiles needs at least one file to write or delete.");
  }
  for (const path of [...change.files.map((file) => file.path), ...(change.deletions ?? [])]) {
    const valid = checkGeneratedPath(path);
    if (!valid.ok)
      throw new Error(`Refusing to commit the path ${JSON.stringify(path)}: ${valid.reason}.`);
  }
  let parentSha = change.parentSha ?? (await readHead(octokit, repo, change.branch));
  let headMoved = false;
  let recreated = parentSha === null;
  parentSha ??= (await createFromDefaultBranch(octokit, repo, change.branch)).headSha;
  for (let attempt = 1; ; attempt++) {
    const sha = await writeCommit(octokit, repo, change, parentSha);
    if (sha === null) return { sha: parentSha, parentSha, headMoved, recreated, changed: false };
    try {
      await octokit.rest.git.updateRef({
        ...repo,
        ref: `heads/${change.branch}`,
        sha,
        force: false,
      });
      return { sha, parentSha, headMoved, recreated, changed: true };
    } catch (error) {
      const deleted = isGitHubError(error, 422, /Reference does not exist/i);
      if (!deleted && !isGitHubError(error, 422, /not a fast.forward/i)) throw error;
      if (attempt === ATTEMPTS) throw new BranchConflictError(change.branch, ATTEMPTS);
      const head = deleted ? null : await readHead(octokit, repo, change.branch);
      if (head) {
        parentSha = head;
        headMoved = true;
      } else {
        parentSha = (await createFromDefaultBranch(octokit, repo, change.branch)).headSha;
        recreated = true;
      }
    }
  }
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

/** The new commit's sha, or null when the parent already holds exactly these files. */
async function writeCommit(
  octokit: GitHubClient,
  repo: RepoRef,
  change: CommitChange,
  parentSha: string,
): Promise<string | null> {
  const { data: parent } = await octokit.rest.git.getCommit({ ...repo, commit_sha: parentSha });
  const baseTree = commitResponse.parse(parent).tree.sha;
  const written = new Set(change.files.map((file) => file.path));
  const deletions = change.deletions?.length
    ? await existingPaths(octokit, repo, parentSha, change.deletions, written)
    : [];
  if (change.files.length === 0 && deletions.length === 0) return null;
  const { data: tree } = await octokit.rest.git.createTree({
    ...repo,
    base_tree: baseTree,
    tree: [
      ...change.files.map((file) => ({
        path: file.path,
        mode: "100644" as const,
        type: "blob" as const,
        content: file.content,
      })),
      ...deletions.map((path) => ({
        path,
        mode: "100644" as const,
        type: "blob" as const,
        sha: null,
      })),
    ],
  });
  const treeSha = createdResponse.parse(tree).sha;
  if (treeSha === baseTree) return null;
  const { data: commit } = await octokit.rest.git.createCommit({
    ...repo,
    message: change.message,
    tree: treeSha,
    parents: [parentSha],
  });
  return createdResponse.parse(commit).sha;
}

/** GitHub rejects a tree that deletes a path its base lacks, so only existing files go. */
async function existingPaths(
  octokit: GitHubClient,
  repo: RepoRef,
  commitSha: string,
  deletions: string[],
  written: Set<string>,
): Promise<string[]> {
  const files = (await readTree(octokit, repo, commitSha, deletions))
    .filter((entry) => entry.type === "blob" && !written.has(entry.path))
    .map((entry) => entry.path);
  return files.filter((file) =>
    deletions.some((deleted) => file === deleted || file.startsWith(`${deleted}/`)),
  );
}
