import { createHash } from "node:crypto";
import { z } from "zod";
import { checkGeneratedPath } from "../../core/paths.ts";
import {
  BranchConflictError,
  type CommitResult,
  createFromDefaultBranch,
  type FileContent,
  readHead,
} from "./branch.ts";
import { readTreeEntries } from "./tree-reader.ts";
import type { GitHubClient, RepoRef } from "./types.ts";

const ATTEMPTS = 3;

const MUTATION = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;
const mutationResponse = z.object({
  createCommitOnBranch: z.object({ commit: z.object({ oid: z.string() }) }),
});

/**
 * One commit of `files` on the branch's head through GraphQL's `createCommitOnBranch`: one
 * write where the Git Data API takes three (tree, commit, ref), and GitHub signs the commit
 * (shown verified). Files the head holds already, byte for byte, are left out; when none is
 * left there is no commit (`changed` false), so a step retried after a crash finds its commit
 * and makes no second one. `expectedHeadOid` makes it move the branch only from the head read:
 * when a person pushed meanwhile it is redone on their head; when the branch was deleted it is
 * made again from the default branch. See docs/architecture.md for the choice.
 */
export async function commitOnBranch(
  octokit: GitHubClient,
  repo: RepoRef,
  change: { branch: string; files: FileContent[]; message: string },
): Promise<CommitResult> {
  if (change.files.length === 0) throw new Error("commitOnBranch needs at least one file.");
  for (const file of change.files) {
    const valid = checkGeneratedPath(file.path);
    if (!valid.ok)
      throw new Error(`Refusing to commit the path ${JSON.stringify(file.path)}: ${valid.reason}.`);
  }
  let parentSha = await readHead(octokit, repo, change.branch);
  let recreated = parentSha === null;
  let headMoved = false;
  parentSha ??= (await createFromDefaultBranch(octokit, repo, change.branch)).headSha;
  for (let attempt = 1; ; attempt++) {
    const files = await changedFiles(octokit, repo, parentSha, change.files);
    if (files.length === 0)
      return { sha: parentSha, parentSha, headMoved, recreated, changed: false };
    const [headline = "", ...rest] = change.message.split("\n");
    try {
      const data = await octokit.graphql(MUTATION, {
        input: {
          branch: {
            repositoryNameWithOwner: `${repo.owner}/${repo.repo}`,
            branchName: change.branch,
          },
          expectedHeadOid: parentSha,
          message: { headline, body: rest.join("\n").trim() },
          fileChanges: {
            additions: files.map((file) => ({
              path: file.path,
              contents: Buffer.from(file.content).toString("base64"),
            })),
          },
        },
      });
      const sha = mutationResponse.parse(data).createCommitOnBranch.commit.oid;
      return { sha, parentSha, headMoved, recreated, changed: true };
    } catch (error) {
      // The head moved (STALE_DATA) or the branch went: look, and go on from what is there.
      const head = await readHead(octokit, repo, change.branch);
      if (head === parentSha) throw error;
      if (attempt === ATTEMPTS) throw new BranchConflictError(change.branch, ATTEMPTS);
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

/** Those of `files` whose content differs from `commitSha`'s, compared by git blob id. */
async function changedFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  commitSha: string,
  files: readonly FileContent[],
): Promise<FileContent[]> {
  const entries = await readTreeEntries(
    octokit,
    repo,
    commitSha,
    files.map((file) => file.path),
  );
  const held = new Map(
    entries.filter((entry) => entry.type === "blob").map((entry) => [entry.path, entry.sha]),
  );
  return files.filter((file) => held.get(file.path) !== blobId(file.content));
}

function blobId(content: string): string {
  const body = Buffer.from(content);
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest("hex");
}
