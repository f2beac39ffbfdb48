import type { Logger } from "probot";
import { parseRunKey } from "../../core/run-key.ts";
import type { Job } from "../../persistence/queue/queue.ts";
import { commentBody } from "./fit-body.ts";
import { stuckJobReply } from "./notices.ts";
import { APP_MARKER, type GitHubClient } from "./types.ts";

export type StuckJobDeps = {
  /** An installation's client (Probot's `auth`). */
  auth: (installationId: number) => Promise<GitHubClient>;
  log: Logger;
};

/**
 * The job failed for good and its issue's later events wait: say so on the issue, where
 * people look. The job's key names the issue; its data (a webhook or a continuation) names
 * the installation. A job that names neither is only logged by the worker.
 */
export async function reportStuckJob(deps: StuckJobDeps, job: Job, error: unknown): Promise<void> {
  const issue = parseRunKey(job.key);
  const installationId =
    (job.data as { installationId?: number }).installationId ??
    (job.data as { payload?: { installation?: { id?: number } } }).payload?.installation?.id;
  if (!issue || typeof installationId !== "number") return;
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  try {
    const octokit = await deps.auth(installationId);
    await octokit.rest.issues.createComment({
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.number,
      body: commentBody(stuckJobReply(job.attempt, reason ?? ""), `\n\n${APP_MARKER}`),
    });
  } catch (commentError) {
    deps.log.error({ err: commentError, key: job.key }, "could not report a stuck job");
  }
}
