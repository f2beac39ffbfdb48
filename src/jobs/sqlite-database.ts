import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** How long a connection waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (creating if needed) an SQLite file for several processes at once: WAL so readers
 * never wait for the writer, `synchronous=FULL` so a committed job survives a power cut.
 */
export function openSqlite(path: string): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  return db;
}

/**
 * Runs `work` in a write transaction taken up front (`BEGIN IMMEDIATE`), so two processes
 * never both read a job as free and then both claim it.
 */
export function immediate<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
