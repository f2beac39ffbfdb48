import { type Job as BossJob, PgBoss, type SendOptions } from "pg-boss";
import { z } from "zod";
import { nulFree } from "../nul-free-json.ts";
import { drainHandlers, type RunningHandler } from "./drain-handlers.ts";
import { jobUuid } from "./job-uuid.ts";
import { LeaseLostError } from "./lease-lost-error.ts";
import type {
  JobHandler,
  JobQueue,
  ResolvedQueueOptions,
  StopOptions,
  StopResult,
} from "./queue.ts";

const QUEUE = "codegen-jobs";
const MAX_RETRY_DELAY_SECONDS = 600;
/** Queued jobs must outlive any blocked key; pg-boss would otherwise drop them after 14 days. */
const QUEUED_RETENTION_SECONDS = 365 * 24 * 60 * 60;

const envelope = z.object({ id: z.string(), key: z.string(), name: z.string(), data: z.unknown() });
const countsRow = z.object({
  queued: z.coerce.number(),
  active: z.coerce.number(),
  blocked: z.coerce.number(),
  failed: z.coerce.number(),
});
const touched = z.object({ affected: z.number() });

/**
 * The scale-out queue: pg-boss 12 on PostgreSQL, any number of processes. The queue's
 * `key_strict_fifo` policy runs a key's jobs one at a time in order and holds the key behind a
 * permanently failed job (what `blockedKeys` lists). Job ids are the request ids as UUIDs, so
 * a second `send` of one id inserts nothing.
 */
export async function createPgQueue(url: string, options: ResolvedQueueOptions): Promise<JobQueue> {
  const report = options.onError ?? ((error) => console.error("[pg-queue]", error));
  // pg-boss only accepts heartbeats of 10 s or more. A lost one (or an expired job) is noticed
  // by the monitor pass, which by default runs once a minute: run it a few times per heartbeat.
  const heartbeatSeconds = Math.max(10, Math.ceil(options.leaseMs / 1000));
  const monitorSeconds = Math.max(1, Math.floor(heartbeatSeconds / 5));
  const boss = new PgBoss({
    connectionString: url,
    schema: options.pgSchema,
    superviseIntervalSeconds: monitorSeconds,
    monitorIntervalSeconds: monitorSeconds,
    schedule: false,
    useListenNotify: true,
    application_name: "issue-codegen",
  });
  boss.on("error", report);
  await boss.start();
  await boss.createQueue(QUEUE, { policy: "key_strict_fifo", notify: true });
  const retryDelay = Math.round(options.retryDelayMs / 1000);
  const jobOptions: SendOptions = {
    retryLimit: options.retryLimit,
    retryDelay,
    retryBackoff: retryDelay > 0,
    ...(retryDelay > 0 ? { retryDelayMax: MAX_RETRY_DELAY_SECONDS } : {}),
    expireInSeconds: Math.max(1, Math.ceil(options.jobTimeoutMs / 1000)),
    heartbeatSeconds,
    deleteAfterSeconds: Math.max(1, Math.ceil(options.retentionMs / 1000)),
    retentionSeconds: QUEUED_RETENTION_SECONDS,
  };
  const running = new Map<string, RunningHandler>();
  let working = false;
  let stopped = false;

  async function runJob(job: BossJob<unknown>, handler: JobHandler): Promise<void> {
    const { id, key, name, data } = envelope.parse(job.data);
    const controller = new AbortController();
    const heartbeat = async () => {
      const result = touched.parse(
        await boss.touch(QUEUE, { id: job.id, retryCount: job.retryCount }),
      );
      if (result.affected === 0) throw new LeaseLostError(id);
    };
    const promise = handler(
      { id, key, name, data, attempt: job.retryCount + 1 },
      { signal: AbortSignal.any([controller.signal, job.signal]), heartbeat },
    );
    running.set(job.id, { promise, controller });
    try {
      await promise;
    } finally {
      running.delete(job.id);
    }
  }

  async function stop({
    graceful = true,
    timeoutMs = 30_000,
    abortGraceMs,
  }: StopOptions = {}): Promise<StopResult> {
    if (stopped) return { unsettled: 0 };
    stopped = true;
    if (working) await boss.offWork(QUEUE, { wait: false });
    const unsettled = await drainHandlers(running, graceful, timeoutMs, abortGraceMs);
    // pg-boss settles the handlers' jobs (a rejection becomes a retry) before it closes its
    // pool. Jobs of handlers left running are failed at once, so they are retried.
    await boss.stop({ graceful: unsettled === 0, close: true, timeout: 10_000 });
    return { unsettled };
  }

  async function queueTable(): Promise<string> {
    const queue = await boss.getQueue(QUEUE);
    if (queue === null) throw new Error(`pg-boss queue ${QUEUE} is missing`);
    return queue.table;
  }

  return {
    backend: "postgres",
    async enqueue(request) {
      const jobId = await boss.send(
        QUEUE,
        nulFree({
          id: request.id,
          key: request.key,
          name: request.name,
          data: request.data ?? null,
        }),
        {
          ...jobOptions,
          id: jobUuid(request.id),
          singletonKey: request.key,
          ...(request.runAt ? { startAfter: request.runAt } : {}),
        },
      );
      return jobId === null ? "duplicate" : "accepted";
    },
    async work(handler, { concurrency = 4 } = {}) {
      if (working) throw new Error("work() was already called on this queue");
      if (stopped) throw new Error("the queue is stopped");
      working = true;
      const pollSeconds = Math.max(0.5, options.pollMs / 1000);
      await boss.work(
        QUEUE,
        {
          localConcurrency: concurrency,
          batchSize: 1,
          pollingIntervalSeconds: pollSeconds,
          // NOTIFY only wakes workers for new jobs, not for retries that come due, so poll as often.
          notifyPollingIntervalSeconds: pollSeconds,
        },
        async (jobs: BossJob<unknown>[]) => {
          for (const job of jobs) await runJob(job, handler);
        },
      );
    },
    stop,
    async blockedKeys() {
      return boss.getBlockedKeys(QUEUE);
    },
    async unblock(key) {
      const failed = (await boss.findJobs(QUEUE, { key })).filter((job) => job.state === "failed");
      if (failed.length === 0) return false;
      await boss.retry(
        QUEUE,
        failed.map((job) => job.id),
      );
      return true;
    },
    async stats() {
      // Counted from the job table: pg-boss's own queue counts are cached for up to a minute.
      const { rows } = await boss.getDb().executeSql(
        `SELECT count(*) FILTER (WHERE state IN ('created', 'retry')) AS queued,
           count(*) FILTER (WHERE state = 'active') AS active,
           count(DISTINCT singleton_key) FILTER (WHERE state = 'failed') AS blocked,
           count(*) FILTER (WHERE state = 'failed') AS failed
         FROM "${options.pgSchema}"."${await queueTable()}" WHERE name = $1`,
        [QUEUE],
      );
      return countsRow.parse(rows[0]);
    },
  };
}
