import { runKey } from "../core/run-key.ts";

/** Everything a queued `resume` needs to pick a run up in any process. */
export type Continuation = {
  /** Unique per point in the run, so a replayed step does not queue its continuation twice. */
  id: string;
  key: string;
  installationId: number;
  owner: string;
  repo: string;
  issueNumber: number;
  repoUrl: string;
  issueTitle: string;
};

export function continuationOf(
  target: {
    installationId: number;
    issue: { owner: string; repo: string; issue_number: number };
    repoUrl: string;
    issueTitle: string;
  },
  version: number,
): Continuation {
  const { owner, repo, issue_number } = target.issue;
  const key = runKey(owner, repo, issue_number);
  return {
    id: `resume:${key}:v${version}`,
    key,
    installationId: target.installationId,
    owner,
    repo,
    issueNumber: issue_number,
    repoUrl: target.repoUrl,
    issueTitle: target.issueTitle,
  };
}
