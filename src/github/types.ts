import type { ProbotOctokit } from "probot";

export type GitHubClient = InstanceType<typeof ProbotOctokit>;
export type RepoRef = { owner: string; repo: string };
export type IssueRef = RepoRef & { issue_number: number };

/** Hidden marker on every comment the app writes, so its own words are recognised. */
export const APP_MARKER = "<!-- codegen:app -->";
