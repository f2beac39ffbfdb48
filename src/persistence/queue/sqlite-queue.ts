import { openSqlite } from "../sqlite-database.ts";
import { drainHandlers, type RunningHandler } from "./drain-handlers.ts";
import { LeaseLostError } from "./lease-lost-error.ts";
import type {
  JobHandler,
  JobQueue,
  ResolvedQueueOptions,
  StopOptions,
  StopResult,
} from "./queue.ts";
import { type ClaimedJob, createJobTable } from "./sqlite-job-table.ts";

const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * The embedded queue: one SQLite file that several processes on one machine may share.
 * Each process polls, claims runnable jobs in a write transaction and holds them by a lease
 * it renews while the handler runs; a job whose process died runs again once its lease lapses.
 */
export function createSqliteQueue(options: ResolvedQueueOptions): JobQueue {
  const db = openSqlite(options.sqlitePath);
  const table = createJobTable(db, options);
  table.prune();
  const running = new Map<string, RunningHandler>();
  /** Per running job: stops its lease renewal and timeout, for a handler left running at stop. */
  const timers = new Map<string, () => void>();
  let loop: Promise<void> | undefined;
  let stopping = false;
  let closed = false;
  let wake = () => {};
  const report = options.onError ?? ((error) => console.error("[sqlite-queue]", error));

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function pollLoop(handler: JobHandler, concurrency: number): Promise<void> {
    let lastPrune = Date.now();
    while (!stopping) {
      try {
        const free = concurrency - running.size;
        const jobs = free > 0 ? table.claim(free) : [];
        for (const job of jobs) start(job, handler);
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          table.prune();
          lastPrune = Date.now();
        }
        // A full claim may leave more runnable jobs: look again at once.
        if (jobs.length > 0 && jobs.length === free) continue;
      } catch (error) {
        report(error);
      }
      await sleep(options.pollMs);
    }
  }

  function start(job: ClaimedJob, handler: JobHandler): void {
    const controller = new AbortController();
    const promise = runJob(job, handler, controller).finally(() => {
      running.delete(job.id);
      wake();
    });
    running.set(job.id, { promise, controller });
  }

  async function runJob(
    job: ClaimedJob,
    handler: JobHandler,
    controller: AbortController,
  ): Promise<void> {
    let timedOut = false;
    const renew = () => {
      if (table.renew(job)) return;
      controller.abort(new LeaseLostError(job.id));
      throw new LeaseLostError(job.id);
    };
    const renewal = setInterval(
      () => {
        try {
          renew();
        } catch (error) {
          if (!(error instanceof LeaseLostError)) report(error);
        }
      },
      Math.max(50, Math.floor(options.leaseMs / 3)),
    );
    const timeout = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`job ${job.id} timed out after ${options.jobTimeoutMs} ms`));
    }, options.jobTimeoutMs);
    timers.set(job.id, () => {
      clearInterval(renewal);
      clearTimeout(timeout);
    });
    const { owner: _owner, ...publicJob } = job;
    try {
      await handler(publicJob, { signal: controller.signal, heartbeat: async () => renew() });
      // Settled after the queue stopped without it: the lapsed lease hands the job on.
      if (closed) return;
      if (timedOut) table.fail(job, `timed out after ${options.jobTimeoutMs} ms`);
      else table.complete(job);
    } catch (error) {
      if (closed) return;
      try {
        table.fail(job, error instanceof Error ? (error.stack ?? error.message) : String(error));
      } catch (settleError) {
        report(settleError);
      }
    } finally {
      timers.get(job.id)?.();
      timers.delete(job.id);
    }
  }

  async function stop({
    graceful = true,
    timeoutMs = 30_000,
    abortGraceMs,
  }: StopOptions = {}): Promise<StopResult> {
    if (closed) return { unsettled: 0 };
    stopping = true;
    wake();
    await loop;
    const unsettled = await drainHandlers(running, graceful, timeoutMs, abortGraceMs);
    for (const stopTimers of timers.values()) stopTimers();
    closed = true;
    db.close();
    return { unsettled };
  }

  return {
    backend: "sqlite",
    async enqueue(request) {
      const result = table.enqueue(request);
      if (result === "accepted") wake();
      return result;
    },
    async work(handler, { concurrency = 4 } = {}) {
      if (loop) throw new Error("work() was already called on this queue");
      if (stopping) throw new Error("the queue is stopped");
      loop = pollLoop(handler, concurrency);
    },
    stop,
    async blockedKeys() {
      return table.blockedKeys();
    },
    async unblock(key) {
      const unblocked = table.unblock(key);
      if (unblocked) wake();
      return unblocked;
    },
    async stats() {
      return table.stats();
    },
  };
}
