import type { RepoConfig } from "../../config/repo-config.ts";

/** The branch a run commits to: `<branchPrefix>issue-<n>`. */
export function runBranch(config: RepoConfig, issueNumber: number): string {
  return `${config.branchPrefix}issue-${issueNumber}`;
}

/** The issue a run's branch belongs to, or null for any other branch. */
export function issueOfBranch(config: RepoConfig, branch: string): number | null {
  if (!branch.startsWith(config.branchPrefix)) return null;
  const match = /^issue-(\d+)$/.exec(branch.slice(config.branchPrefix.length));
  return match ? Number(match[1]) : null;
}
