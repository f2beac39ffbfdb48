import { type DatabaseOptions, DEFAULT_SQLITE_PATH } from "../database-options.ts";
import type { DurableRunStore } from "./run-store.ts";

export type RunStoreOptions = DatabaseOptions;

/** Beside the queue: PostgreSQL when `databaseUrl` is set, else the embedded SQLite file. */
export async function createRunStore(options: RunStoreOptions = {}): Promise<DurableRunStore> {
  if (options.databaseUrl) {
    const { createPgRunStore } = await import("./pg-run-store.ts");
    return createPgRunStore(options.databaseUrl, options.pgSchema ?? "public");
  }
  const { createSqliteRunStore } = await import("./sqlite-run-store.ts");
  return createSqliteRunStore(options.sqlitePath ?? DEFAULT_SQLITE_PATH);
}
