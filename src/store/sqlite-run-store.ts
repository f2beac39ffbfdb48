import { nulFreeJson } from "../jobs/nul-free-json.ts";
import { parseStoredRunState } from "../jobs/run-state-json.ts";
import { openSqlite } from "../jobs/sqlite-database.ts";
import type { DurableRunStore } from "./create-run-store.ts";

/** Run states as JSON rows in the embedded SQLite file (the queue's file by default). */
export function createSqliteRunStore(path: string): DurableRunStore {
  const db = openSqlite(path);
  db.exec(`CREATE TABLE IF NOT EXISTS runs (
    key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`);
  const select = db.prepare("SELECT state FROM runs WHERE key = ?");
  const phases = db.prepare(
    "SELECT json_extract(state, '$.phase') AS phase, count(*) AS runs FROM runs GROUP BY phase",
  );
  const upsert = db.prepare(`
    INSERT INTO runs (key, version, state, updated_at) VALUES (:key, :version, :state, :now)
    ON CONFLICT (key) DO UPDATE SET
      version = excluded.version, state = excluded.state, updated_at = excluded.updated_at`);
  const insertNew = db.prepare(`
    INSERT INTO runs (key, version, state, updated_at) VALUES (:key, :version, :state, :now)
    ON CONFLICT (key) DO NOTHING`);
  const updateIf = db.prepare(`
    UPDATE runs SET version = :version, state = :state, updated_at = :now
    WHERE key = :key AND version = :expected`);

  return {
    async load(key) {
      const row = select.get(key);
      if (row === undefined) return undefined;
      const state = row.state;
      if (typeof state !== "string") throw new Error(`the stored run state for ${key} is not text`);
      return parseStoredRunState(key, JSON.parse(state));
    },
    async save(key, state) {
      upsert.run({ key, version: state.version, state: nulFreeJson(state), now: Date.now() });
    },
    async saveIfVersion(key, state, expectedVersion) {
      const row = { key, version: state.version, state: nulFreeJson(state), now: Date.now() };
      const result =
        expectedVersion === null
          ? insertNew.run(row)
          : updateIf.run({ ...row, expected: expectedVersion });
      return Number(result.changes) === 1;
    },
    async countByPhase() {
      return Object.fromEntries(phases.all().map((row) => [String(row.phase), Number(row.runs)]));
    },
    async close() {
      db.close();
    },
  };
}
