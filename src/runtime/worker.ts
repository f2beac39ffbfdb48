import type { Logger, Probot } from "probot";
import { z } from "zod";
import type { RunStep } from "../forges/github/run-step.ts";
import { reportStuckJob } from "../forges/github/stuck-job.ts";
import type { GitHubClient } from "../forges/github/types.ts";
import type { Job, JobQueue } from "../persistence/queue/queue.ts";
import type { Continuation } from "../run/continuation.ts";
import { withJobSignal } from "../run/job-signal.ts";
import type { WebhookJob } from "./ingress.ts";

const webhookJob = z.object({
  name: z.string(),
  payload: z.looseObject({ installation: z.object({ id: z.number() }).optional() }),
});

const continuationJob = z.object({
  id: z.string(),
  key: z.string(),
  installationId: z.number().int(),
  owner: z.string(),
  repo: z.string(),
  issueNumber: z.number().int().positive(),
  repoUrl: z.string(),
  issueTitle: z.string(),
}) satisfies z.ZodType<Continuation>;

export type WorkerDeps = {
  queue: JobQueue;
  /** A Probot instance with the processing app loaded (not the webhook ingress). */
  processor: Probot;
  runStep: RunStep;
  log: Logger;
  retryLimit: number;
  concurrency: number;
};

/** Job ids running again after a failed try: their effects are checked before being redone. */
export function createRetryRegistry() {
  const retrying = new Set<string>();
  return {
    isRetry: (id: string) => retrying.has(id),
    async during<T>(job: Job, task: () => Promise<T>): Promise<T> {
      if (job.attempt > 1) retrying.add(job.id);
      try {
        return await task();
      } finally {
        retrying.delete(job.id);
      }
    },
  };
}

/** Takes jobs: webhooks go through the processing app, continuations resume their run. */
export async function startWorker(
  deps: WorkerDeps,
  retries: ReturnType<typeof createRetryRegistry>,
) {
  const { processor, runStep, log } = deps;
  await deps.queue.work(
    (job, { signal }) =>
      // Everything the job does, webhook handlers included, ends when its signal is aborted.
      withJobSignal(signal, () =>
        retries.during(job, async () => {
          try {
            if (job.name === "webhook") {
              const { name, payload } = webhookJob.parse(job.data) satisfies WebhookJob;
              await processor.receive({ id: job.id, name, payload } as Parameters<
                Probot["receive"]
              >[0]);
            } else if (job.name === "resume") {
              const continuation = continuationJob.parse(job.data);
              const octokit = (await processor.auth(continuation.installationId)) as GitHubClient;
              await runStep(
                {
                  octokit,
                  installationId: continuation.installationId,
                  issue: {
                    owner: continuation.owner,
                    repo: continuation.repo,
                    issue_number: continuation.issueNumber,
                  },
                  repoUrl: continuation.repoUrl,
                  issueTitle: continuation.issueTitle,
                  log: log.child({ run: continuation.key }),
                  stepId: job.id,
                },
                () => ({ type: "resume" }),
              );
            } else {
              throw new Error(`unknown job ${job.name}`);
            }
          } catch (error) {
            log.error(
              { err: error, job: job.id, key: job.key, attempt: job.attempt },
              "job failed",
            );
            if (job.attempt > deps.retryLimit) {
              const auth = async (id: number) => (await processor.auth(id)) as GitHubClient;
              await reportStuckJob({ auth, log }, job, error);
            }
            throw error;
          }
        }),
      ),
    { concurrency: deps.concurrency },
  );
}
