import type { Context } from "probot";
import type { JobQueue } from "../../persistence/queue/queue.ts";
import { parseCommand } from "./commands.ts";
import { hasWriteAccess } from "./permissions.ts";

/**
 * `/retry` on an issue whose key is blocked (a job failed for good) gives that job another
 * try, if its author may write to the repository; a rocket on the comment says it did. It
 * must happen in the ingress: the comment's own job would wait behind the blocked key.
 */
export async function unblockedByRetry(
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
