import { DEFAULT_SQLITE_PATH } from "../database-options.ts";
import type { JobQueue, QueueOptions, ResolvedQueueOptions } from "./queue.ts";

function resolveQueueOptions(options: QueueOptions): ResolvedQueueOptions {
  return {
    sqlitePath: options.sqlitePath ?? DEFAULT_SQLITE_PATH,
    pgSchema: options.pgSchema ?? "pgboss",
    leaseMs: options.leaseMs ?? 30_000,
    retryLimit: options.retryLimit ?? 3,
    retryDelayMs: options.retryDelayMs ?? 5_000,
    jobTimeoutMs: options.jobTimeoutMs ?? 15 * 60_000,
    pollMs: options.pollMs ?? 1_000,
    retentionMs: options.retentionMs ?? 7 * 24 * 60 * 60_000,
    onError: options.onError,
  };
}

/** The back end the options ask for: PostgreSQL when `databaseUrl` is set, else SQLite. */
export async function createQueue(options: QueueOptions = {}): Promise<JobQueue> {
  if (options.databaseUrl) {
    const { createPgQueue } = await import("./pg-queue.ts");
    return createPgQueue(options.databaseUrl, resolveQueueOptions(options));
  }
  const { createSqliteQueue } = await import("./sqlite-queue.ts");
  return createSqliteQueue(resolveQueueOptions(options));
}
