import { runKey } from "../store/run-store.ts";

type Payload = {
  repository?: { name: string; owner: { login: string } };
  issue?: { number: number; pull_request?: unknown };
  pull_request?: { number: number; head: { ref: string } };
  check_run?: { check_suite?: { head_branch: string | null } | null };
};

/** A run's branch ends in `issue-<n>` whatever the configured prefix. */
const RUN_BRANCH = /(?:^|\/)issue-(\d+)$/;

/**
 * The serialization key of a webhook: the issue its run belongs to. Pull request and check
 * events reach their issue through the run's branch, so a review never races the issue's
 * own events. `null` for events outside any run.
 */
export function jobKey(payload: Payload, pullRequestBranch?: string): string | null {
  const repo = payload.repository;
  if (!repo) return null;
  const key = (number: number) => runKey(repo.owner.login, repo.name, number);
  const branch =
    payload.pull_request?.head.ref ??
    payload.check_run?.check_suite?.head_branch ??
    pullRequestBranch;
  if (branch !== undefined && branch !== null) {
    const issue = RUN_BRANCH.exec(branch)?.[1];
    return issue ? key(Number(issue)) : null;
  }
  if (payload.issue && !payload.issue.pull_request) return key(payload.issue.number);
  return null;
}
