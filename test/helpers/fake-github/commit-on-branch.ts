import type { FakeResponse } from "./router.ts";
import type { FakeState } from "./state.ts";

type Input = {
  branch?: { repositoryNameWithOwner?: string; branchName?: string };
  expectedHeadOid?: string;
  message?: { headline?: string; body?: string };
  fileChanges?: {
    additions?: { path: string; contents: string }[];
    deletions?: { path: string }[];
  };
};

const failed = (type: string, message: string): FakeResponse => ({
  status: 200,
  body: {
    data: { createCommitOnBranch: null },
    errors: [{ type, path: ["createCommitOnBranch"], message }],
  },
});

/**
 * GraphQL's createCommitOnBranch as GitHub answers it: the commit goes on the branch only when
 * its head is `expectedHeadOid` (else STALE_DATA), with the additions (base64) and deletions.
 */
export function createCommitOnBranch(state: FakeState, variables: unknown): FakeResponse {
  const input = ((variables ?? {}) as { input?: Input }).input ?? {};
  const name = input.branch?.branchName ?? "";
  if (input.branch?.repositoryNameWithOwner !== `${state.owner}/${state.repo}`)
    return failed("NOT_FOUND", "Could not resolve to a Repository.");
  const head = state.git.refs.get(`heads/${name}`);
  if (!head) return failed("NOT_FOUND", `A ref named "refs/heads/${name}" does not exist.`);
  if (head !== input.expectedHeadOid)
    return failed(
      "STALE_DATA",
      `Expected branch to point to "${input.expectedHeadOid}" but it did not.  Pull and try again.`,
    );
  const files: Record<string, string | null> = {};
  for (const added of input.fileChanges?.additions ?? [])
    files[added.path] = Buffer.from(added.contents, "base64").toString("utf8");
  for (const deleted of input.fileChanges?.deletions ?? []) files[deleted.path] = null;
  const body = input.message?.body ?? "";
  const message = body
    ? `${input.message?.headline ?? ""}\n\n${body}`
    : (input.message?.headline ?? "");
  const commit = state.git.commitOnTop(head, files, message);
  state.git.refs.set(`heads/${name}`, commit.sha);
  return { status: 200, body: { data: { createCommitOnBranch: { commit: { oid: commit.sha } } } } };
}
