import type { QueueOptions } from "../queue/queue.ts";
import type { DurableRunStore } from "./run-store.ts";

export type RunStoreOptions = Pick<QueueOptions, "databaseUrl" | "sqlitePath" | "pgSchema">;

/** Beside the queue: PostgreSQL when `databaseUrl` is set, else the embedded SQLite file. */
export async function createRunStore(options: RunStoreOptions = {}): Promise<DurableRunStore> {
  if (options.databaseUrl) {
    const { createPgRunStore } = await import("./pg-run-store.ts");
    return createPgRunStore(options.databaseUrl, options.pgSchema ?? "public");
  }
  const { createSqliteRunStore } = await import("./sqlite-run-store.ts");
  const { DEFAULT_SQLITE_PATH } = await import("../queue/queue.ts");
  return createSqliteRunStore(options.sqlitePath ?? DEFAULT_SQLITE_PATH);
}
