import type { QueueOptions } from "../jobs/queue.ts";
import type { RunState } from "../workflow/types.ts";
import type { RunStore } from "./run-store.ts";

/** A run store that survives restarts and is shared by every process using the same database. */
export type DurableRunStore = RunStore & {
  /**
   * Saves only if the stored state's `version` is `expectedVersion` (null: only if none is
   * stored yet). False when another writer got there first.
   */
  saveIfVersion(key: string, state: RunState, expectedVersion: number | null): Promise<boolean>;
  /** How many runs are in each phase, for /metrics. */
  countByPhase(): Promise<Record<string, number>>;
  close(): Promise<void>;
};

export type RunStoreOptions = Pick<QueueOptions, "databaseUrl" | "sqlitePath" | "pgSchema">;

/** Beside the queue: PostgreSQL when `databaseUrl` is set, else the embedded SQLite file. */
export async function createRunStore(options: RunStoreOptions = {}): Promise<DurableRunStore> {
  if (options.databaseUrl) {
    const { createPgRunStore } = await import("./pg-run-store.ts");
    return createPgRunStore(options.databaseUrl, options.pgSchema ?? "public");
  }
  const { createSqliteRunStore } = await import("./sqlite-run-store.ts");
  const { DEFAULT_SQLITE_PATH } = await import("../jobs/queue.ts");
  return createSqliteRunStore(options.sqlitePath ?? DEFAULT_SQLITE_PATH);
}
