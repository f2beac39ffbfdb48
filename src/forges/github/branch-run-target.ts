import type { Context } from "probot";
import type { OperatorPolicy } from "../../config/operator-policy.ts";
import type { Actor } from "../../core/types.ts";
import { hasWriteAccess } from "./permissions.ts";
import { loadRepoConfig } from "./repo-config-loader.ts";
import { issueOfBranch } from "./run-branch.ts";
import type { RunTarget } from "./run-step.ts";
import { installationOf } from "./types.ts";

type RepoEventContext = Context<
  | "check_run.rerequested"
  | "pull_request_review.submitted"
  | "pull_request_review_comment.created"
  | "issue_comment.created"
>;

/**
 * For events on a run's branch (its PR, its check runs): the run they belong to and who
 * sent them, or null when the branch is not a run's.
 */
export async function branchRunTarget(
  context: RepoEventContext,
  branch: string,
  policy: OperatorPolicy,
): Promise<{ target: RunTarget; actor: Actor } | null> {
  const repo = context.repo();
  const { config } = await loadRepoConfig(context.octokit, repo, policy);
  const issueNumber = issueOfBranch(config, branch);
  if (issueNumber === null) return null;
  const { login } = context.payload.sender;
  const actor = { login, canWrite: await hasWriteAccess(context.octokit, repo, login) };
  const { data: issue } = await context.octokit.rest.issues.get({
    ...repo,
    issue_number: issueNumber,
  });
  return {
    actor,
    target: {
      octokit: context.octokit,
      installationId: installationOf(context),
      stepId: context.id,
      issue: { ...repo, issue_number: issueNumber },
      repoUrl: context.payload.repository.html_url,
      issueTitle: issue.title,
      log: context.log,
      config,
    },
  };
}
