import type { DatabaseSync } from "node:sqlite";
import { z } from "zod";
import { nulFreeJson } from "../nul-free-json.ts";
import { immediate } from "../sqlite-database.ts";
import type { EnqueueRequest, EnqueueResult, QueueStats } from "./queue.ts";

/**
 * The embedded queue's table and every statement on it. A job is `queued`, `active` (leased
 * to one worker until `lease_until`), `completed` or `failed` (retries exhausted: its key is
 * blocked). `seq` is the enqueue order; `lease_owner` is a token per claim, so a worker whose
 * lease lapsed cannot settle a job another worker has since taken.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'active', 'completed', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  retry_limit INTEGER NOT NULL,
  run_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS jobs_key_seq ON jobs (key, seq) WHERE state <> 'completed';
CREATE INDEX IF NOT EXISTS jobs_state_run_at ON jobs (state, run_at);
CREATE INDEX IF NOT EXISTS jobs_finished_at ON jobs (finished_at) WHERE finished_at IS NOT NULL;
`;

/**
 * The oldest runnable job whose key is free. A key is held by an earlier job that is active,
 * failed (blocked key), waiting for a retry, or due; an earlier job deferred by `runAt` that
 * has never run does not hold it (as in pg-boss's key_strict_fifo).
 */
const NEXT_JOB = `
SELECT seq, id, key, name, data, attempts FROM jobs j
WHERE j.state = 'queued' AND j.run_at <= :now
  AND NOT EXISTS (
    SELECT 1 FROM jobs p
    WHERE p.key = j.key AND p.seq < j.seq
      AND (p.state IN ('active', 'failed')
        OR (p.state = 'queued' AND (p.attempts > 0 OR p.run_at <= :now))))
ORDER BY j.seq
LIMIT 1`;

/** A try that failed: retried after a doubling delay, or failed for good past the limit. */
const SETTLE_FAILED = `
  state = CASE WHEN attempts > retry_limit THEN 'failed' ELSE 'queued' END,
  finished_at = CASE WHEN attempts > retry_limit THEN :now END,
  run_at = :now + MIN(:maxDelay, :delay * (1 << MIN(attempts - 1, 20))),
  lease_owner = NULL, lease_until = NULL, last_error = :error`;

const MAX_RETRY_DELAY_MS = 10 * 60_000;

const claimedRow = z.object({
  seq: z.number(),
  id: z.string(),
  key: z.string(),
  name: z.string(),
  data: z.string(),
  attempts: z.number(),
});
const statsRow = z.object({
  queued: z.number().nullable(),
  active: z.number().nullable(),
  blocked: z.number(),
  failed: z.number().nullable(),
});
const keyRow = z.object({ key: z.string() });

export type ClaimedJob = {
  id: string;
  key: string;
  name: string;
  data: unknown;
  attempt: number;
  /** Token of this claim; settling and renewing need it. */
  owner: string;
};

export type JobTableOptions = {
  leaseMs: number;
  retryLimit: number;
  retryDelayMs: number;
  retentionMs: number;
};

export function createJobTable(db: DatabaseSync, options: JobTableOptions) {
  db.exec(SCHEMA);
  const insert = db.prepare(`
    INSERT INTO jobs (id, key, name, data, state, retry_limit, run_at, created_at)
    VALUES (:id, :key, :name, :data, 'queued', :retryLimit, :runAt, :now)
    ON CONFLICT (id) DO NOTHING`);
  const recover = db.prepare(`
    UPDATE jobs SET ${SETTLE_FAILED}
    WHERE state = 'active' AND lease_until < :now`);
  const next = db.prepare(NEXT_JOB);
  const take = db.prepare(`
    UPDATE jobs SET state = 'active', attempts = attempts + 1,
      lease_owner = :owner, lease_until = :now + :leaseMs
    WHERE seq = :seq`);
  const renew = db.prepare(`
    UPDATE jobs SET lease_until = :now + :leaseMs
    WHERE id = :id AND state = 'active' AND lease_owner = :owner`);
  const complete = db.prepare(`
    UPDATE jobs SET state = 'completed', finished_at = :now, lease_owner = NULL, lease_until = NULL
    WHERE id = :id AND state = 'active' AND lease_owner = :owner`);
  const fail = db.prepare(`
    UPDATE jobs SET ${SETTLE_FAILED}
    WHERE id = :id AND state = 'active' AND lease_owner = :owner`);
  const blocked = db.prepare("SELECT DISTINCT key FROM jobs WHERE state = 'failed' ORDER BY key");
  // One more try, like pg-boss's retry(): the limit moves to the tries already made.
  const unblock = db.prepare(`
    UPDATE jobs SET state = 'queued', retry_limit = attempts, run_at = :now, finished_at = NULL
    WHERE key = :key AND state = 'failed'`);
  const stats = db.prepare(`
    SELECT SUM(state = 'queued') AS queued, SUM(state = 'active') AS active,
      COUNT(DISTINCT CASE WHEN state = 'failed' THEN key END) AS blocked,
      SUM(state = 'failed') AS failed
    FROM jobs`);
  const prune = db.prepare(`
    DELETE FROM jobs WHERE state IN ('completed', 'failed') AND finished_at < :before`);

  const failParams = (now: number, error: string) => ({
    now,
    error,
    delay: options.retryDelayMs,
    maxDelay: MAX_RETRY_DELAY_MS,
  });

  return {
    enqueue(request: EnqueueRequest): EnqueueResult {
      const now = Date.now();
      const result = insert.run({
        id: request.id,
        key: request.key,
        name: request.name,
        data: nulFreeJson(request.data ?? null),
        retryLimit: options.retryLimit,
        runAt: request.runAt?.getTime() ?? now,
        now,
      });
      return Number(result.changes) === 1 ? "accepted" : "duplicate";
    },

    /** Takes up to `limit` runnable jobs, first returning lapsed leases to the queue. */
    claim(limit: number): ClaimedJob[] {
      return immediate(db, () => {
        const now = Date.now();
        recover.run(failParams(now, "lease expired: the worker stopped renewing it"));
        const claimed: ClaimedJob[] = [];
        while (claimed.length < limit) {
          const found = next.get({ now });
          if (found === undefined) break;
          const row = claimedRow.parse(found);
          const owner = crypto.randomUUID();
          take.run({ seq: row.seq, owner, now, leaseMs: options.leaseMs });
          claimed.push({
            id: row.id,
            key: row.key,
            name: row.name,
            data: JSON.parse(row.data),
            attempt: row.attempts + 1,
            owner,
          });
        }
        return claimed;
      });
    },

    /** False when the lease was lost (expired and taken over, or settled). */
    renew(job: ClaimedJob): boolean {
      const result = renew.run({
        id: job.id,
        owner: job.owner,
        now: Date.now(),
        leaseMs: options.leaseMs,
      });
      return Number(result.changes) === 1;
    },

    complete(job: ClaimedJob): boolean {
      const result = complete.run({ id: job.id, owner: job.owner, now: Date.now() });
      return Number(result.changes) === 1;
    },

    fail(job: ClaimedJob, error: string): boolean {
      const result = fail.run({ id: job.id, owner: job.owner, ...failParams(Date.now(), error) });
      return Number(result.changes) === 1;
    },

    blockedKeys(): string[] {
      return blocked.all().map((row) => keyRow.parse(row).key);
    },

    unblock(key: string): boolean {
      return Number(unblock.run({ key, now: Date.now() }).changes) > 0;
    },

    stats(): QueueStats {
      const row = statsRow.parse(stats.get());
      return {
        queued: row.queued ?? 0,
        active: row.active ?? 0,
        blocked: row.blocked,
        failed: row.failed ?? 0,
      };
    },

    /** Forgets finished jobs past the retention; their ids may be enqueued again after that. */
    prune(): void {
      prune.run({ before: Date.now() - options.retentionMs });
    },
  };
}

export type JobTable = ReturnType<typeof createJobTable>;
