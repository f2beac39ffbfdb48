import type { ApplicationFunction, Context } from "probot";
import { parseCommand } from "../forges/github/commands.ts";
import { eventKey } from "../forges/github/event-key.ts";
import { isHandledEvent } from "../forges/github/event-table.ts";
import { hasWriteAccess } from "../forges/github/permissions.ts";
import type { GitHubClient } from "../forges/github/types.ts";
import type { JobQueue } from "../persistence/queue/queue.ts";

export type WebhookJob = { name: string; payload: unknown };

/**
 * The webhook endpoint's only work: validate, decide, enqueue. GitHub gives a delivery 10 s;
 * everything slow (LLM, sandbox) happens in the worker. The delivery id is the job id, so a
 * redelivery is a duplicate; the issue is the key, so an issue's events never race. Which
 * events count and how each finds its issue is the event table's (src/forges/github/event-table.ts).
 */
export function createIngress(
  queue: Pick<JobQueue, "enqueue" | "blockedKeys" | "unblock">,
): ApplicationFunction {
  return (app) => {
    app.onAny(async (event) => {
      const context = event as unknown as Context;
      const payload = context.payload as { action?: string };
      const name = `${context.name}.${payload.action}`;
      if (!isHandledEvent(name) || context.isBot) return;
      const key = await eventKey(name, context.payload, context.octokit as GitHubClient);
      if (key === null) return;
      if (await unblockedByRetry(context, queue, key)) return;
      const data: WebhookJob = { name: context.name, payload: context.payload };
      const result = await queue.enqueue({ id: context.id, key, name: "webhook", data });
      context.log.info({ delivery: context.id, key, result }, `webhook ${context.name} ${result}`);
    });
  };
}
/**
 * `/retry` on an issue whose key is blocked (a job failed for good) gives that job another
 * try. It must happen here: the comment's own job would wait behind the blocked key.
 */
async function unblockedByRetry(
  context: Context,
  queue: Pick<JobQueue, "blockedKeys" | "unblock">,
  key: string,
): Promise<boolean> {
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
