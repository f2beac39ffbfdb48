/**
 * The durable job queue's interface: two back ends behind it (chosen in create-queue.ts).
 * Embedded SQLite (`node:sqlite`, one file, no server) by default; pg-boss on PostgreSQL
 * when a database URL is given. Jobs sharing a key (`owner/repo#number`) run one at a time
 * in enqueue order; a job id (the webhook delivery id) is accepted once.
 */

import type { DatabaseOptions } from "../database-options.ts";

export type EnqueueRequest = {
  /** Unique per job, e.g. the delivery id; enqueueing it again is a "duplicate". */
  id: string;
  /** Serialization key: a key's jobs run one at a time, in enqueue order. */
  key: string;
  /** What kind of job this is, for the handler to dispatch on. */
  name: string;
  /** JSON-serializable payload; the queue does not look inside. */
  data: unknown;
  /** Not before this time. */
  runAt?: Date;
};

export type EnqueueResult = "accepted" | "duplicate";

export type Job = {
  id: string;
  key: string;
  name: string;
  data: unknown;
  /** 1 on the first try, 2 on the first retry, … */
  attempt: number;
};

export type JobContext = {
  /** Aborted when the queue stops, the job times out, or another worker took the job over. */
  signal: AbortSignal;
  /** Renews the job's lease now (the queue also renews it on its own while the handler runs). */
  heartbeat: () => Promise<void>;
};

/** Resolves: done. Throws: retried with back-off, up to the retry limit, then the key blocks. */
export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

export type QueueStats = {
  /** Waiting to run, including jobs waiting behind a blocked key or for a retry. */
  queued: number;
  active: number;
  /** Keys held by a permanently failed job. */
  blocked: number;
  /** Permanently failed jobs still kept (retention). */
  failed: number;
};

export type StopOptions = {
  /** Wait for running handlers before aborting them (default true). */
  graceful?: boolean;
  /** How long to wait before aborting running handlers' signals (default 30 s). */
  timeoutMs?: number;
  /** How long aborted handlers get to settle before the queue stops without them (default 5 s). */
  abortGraceMs?: number;
};

/**
 * `unsettled`: handlers still running when the queue stopped. Their jobs keep their lease
 * until it lapses, then another worker runs them again from their checkpoint.
 */
export type StopResult = { unsettled: number };

export type JobQueue = {
  readonly backend: "sqlite" | "postgres";
  enqueue(request: EnqueueRequest): Promise<EnqueueResult>;
  /** Starts taking jobs; different keys run in parallel, up to `concurrency` (default 4). */
  work(handler: JobHandler, options?: { concurrency?: number }): Promise<void>;
  /**
   * Stops taking jobs, lets running handlers finish (then aborts them) and closes the queue,
   * in bounded time: a handler that ignores its signal is left behind.
   */
  stop(options?: StopOptions): Promise<StopResult>;
  /** Keys whose later jobs wait because a job failed permanently. */
  blockedKeys(): Promise<string[]>;
  /** Gives the key's failed job one more try, ahead of the key's later jobs. False if not blocked. */
  unblock(key: string): Promise<boolean>;
  stats(): Promise<QueueStats>;
};

/** `pgSchema` names pg-boss's schema here (default `pgboss`). */
export type QueueOptions = DatabaseOptions & {
  /**
   * How long a claimed job stays taken without a heartbeat before another worker may run it
   * (crash recovery). Default 30 s. pg-boss cannot go below 10 s.
   */
  leaseMs?: number;
  /** Retries after the first try before a job fails permanently (default 3). */
  retryLimit?: number;
  /** First retry delay, doubled on each retry (default 5 s; 0 retries at once). */
  retryDelayMs?: number;
  /** A handler running longer than this has its signal aborted and its try counted failed (default 15 min). */
  jobTimeoutMs?: number;
  /** How often an idle worker looks for jobs (default 1 s; pg-boss cannot go below 500 ms). */
  pollMs?: number;
  /** How long completed and failed jobs are kept, so a redelivery stays a duplicate (default 7 days). */
  retentionMs?: number;
  /** Where errors outside any handler go (a failed poll, a failed settle); default console.error. */
  onError?: (error: unknown) => void;
};

export type ResolvedQueueOptions = Required<Omit<QueueOptions, "databaseUrl" | "onError">> &
  Pick<QueueOptions, "onError">;
