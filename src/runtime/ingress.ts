import type { ApplicationFunction, Context } from "probot";
import { eventKey } from "../forges/github/event-key.ts";
import { isHandledEvent } from "../forges/github/event-table.ts";
import { unblockedByRetry } from "../forges/github/retry-unblock.ts";
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
