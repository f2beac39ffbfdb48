import type { ProbotOctokit } from "probot";

export type GitHubClient = InstanceType<typeof ProbotOctokit>;
export type RepoRef = { owner: string; repo: string };
export type IssueRef = RepoRef & { issue_number: number };

/** Hidden marker on every comment the app writes, so its own words are recognised. */
export const APP_MARKER = "<!-- codegen:app -->";

/** The installation a webhook came through: every App delivery names one. */
export function installationOf(context: { payload: unknown }): number {
  const id = (context.payload as { installation?: { id?: unknown } }).installation?.id;
  if (typeof id !== "number")
    throw new Error("webhook without an installation: is this a GitHub App delivery?");
  return id;
}
