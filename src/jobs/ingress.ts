import type { ApplicationFunction, Context } from "probot";
import { parseCommand } from "../github/commands.ts";
import { hasWriteAccess } from "../github/permissions.ts";
import { jobKey } from "./job-key.ts";
import type { JobQueue } from "./queue.ts";

/** The webhooks the app acts on; anything else is acknowledged and dropped. */
export const HANDLED_EVENTS = [
  "issues.opened",
  "issues.labeled",
  "issues.edited",
  "issues.closed",
  "issue_comment.created",
  "issue_comment.edited",
  "pull_request_review.submitted",
  "pull_request_review_comment.created",
  "check_run.rerequested",
] as const;

export type WebhookJob = { name: string; payload: unknown };

/**
 * The webhook endpoint's only work: validate, decide, enqueue. GitHub gives a delivery 10 s;
 * everything slow (LLM, sandbox) happens in the worker. The delivery id is the job id, so a
 * redelivery is a duplicate; the issue is the key, so an issue's events never race.
 */
export function createIngress(queue: JobQueue): ApplicationFunction {
  const handled = new Set<string>(HANDLED_EVENTS);
  return (app) => {
    app.onAny(async (event) => {
      const context = event as unknown as Context;
      const payload = context.payload as { action?: string; sender?: { type?: string } };
      if (!handled.has(`${context.name}.${payload.action}`) || context.isBot) return;
      const key = jobKey(context.payload, await pullRequestBranch(context));
      if (key === null) return;
      if (await unblockedByRetry(context, queue, key)) return;
      const data: WebhookJob = { name: context.name, payload: context.payload };
      const result = await queue.enqueue({ id: context.id, key, name: "webhook", data });
      context.log.info({ delivery: context.id, key, result }, `webhook ${context.name} ${result}`);
    });
  };
}

/** A `/revise` comment on a PR names no branch: ask for it, so the job gets its issue's key. */
async function pullRequestBranch(context: Context): Promise<string | undefined> {
  const payload = context.payload as {
    issue?: { number: number; pull_request?: unknown };
    comment?: { body?: string };
  };
  if (context.name !== "issue_comment" || !payload.issue?.pull_request) return undefined;
  const command = parseCommand(payload.comment?.body ?? "");
  if (command.kind !== "command" || command.name !== "revise") return undefined;
  const { data } = await context.octokit.rest.pulls.get(
    context.repo({ pull_number: payload.issue.number }),
  );
  return data.head.ref;
}

/**
 * `/retry` on an issue whose key is blocked (a job failed for good) gives that job another
 * try. It must happen here: the comment's own job would wait behind the blocked key.
 */
async function unblockedByRetry(context: Context, queue: JobQueue, key: string): Promise<boolean> {
  const payload = context.payload as {
    action?: string;
    comment?: { id: number; body?: string };
    sender: { login: string };
  };
  if (context.name !== "issue_comment" || payload.action !== "created" || !payload.comment)
    return false;
  const command = parseCommand(payload.comment.body ?? "");
  if (command.kind !== "command" || command.name !== "retry") return false;
  if (!(await queue.blockedKeys()).includes(key)) return false;
  if (!(await hasWriteAccess(context.octokit, context.repo(), payload.sender.login))) return false;
  await queue.unblock(key);
  await context.octokit.rest.reactions.createForIssueComment(
    context.repo({ comment_id: payload.comment.id, content: "rocket" }),
  );
  return true;
}
