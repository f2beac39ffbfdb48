import { openSqlite } from "../sqlite-database.ts";
import type { DurableRunStore } from "./run-store.ts";
import { decodeRunState, encodeRunState } from "./stored-run-state.ts";

/** Run states as JSON rows in the embedded SQLite file (the queue's file by default). */
export function createSqliteRunStore(path: string): DurableRunStore {
  const db = openSqlite(path);
  db.exec(`CREATE TABLE IF NOT EXISTS runs (
    key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0
  )`);
  addRevisionColumn(db);
  const select = db.prepare("SELECT state, revision FROM runs WHERE key = ?");
  const phases = db.prepare(
    "SELECT json_extract(state, '$.phase') AS phase, count(*) AS runs FROM runs GROUP BY phase",
  );
  const insertNew = db.prepare(`
    INSERT INTO runs (key, version, state, updated_at, revision)
    VALUES (:key, :version, :state, :now, 1)
    ON CONFLICT (key) DO NOTHING`);
  const updateIf = db.prepare(`
    UPDATE runs SET version = :version, state = :state, updated_at = :now, revision = revision + 1
    WHERE key = :key AND revision = :revision`);

  const read: DurableRunStore["read"] = async (key) => {
    const row = select.get(key);
    if (row === undefined) return undefined;
    if (typeof row.state !== "string") {
      throw new Error(`the stored run state for ${key} is not text`);
    }
    return { state: decodeRunState(key, JSON.parse(row.state)), revision: Number(row.revision) };
  };

  return {
    read,
    async load(key) {
      return (await read(key))?.state;
    },
    async saveIfRevision(key, state, revision) {
      const row = { key, version: state.version, state: encodeRunState(state), now: Date.now() };
      const result = revision === null ? insertNew.run(row) : updateIf.run({ ...row, revision });
      if (Number(result.changes) !== 1) return null;
      return (revision ?? 0) + 1;
    },
    async countByPhase() {
      return Object.fromEntries(phases.all().map((row) => [String(row.phase), Number(row.runs)]));
    },
    async close() {
      db.close();
    },
  };
}

/** Tables made before saves were compare-and-set have no revision: their rows start at 0. */
function addRevisionColumn(db: ReturnType<typeof openSqlite>): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('runs')").all();
  if (columns.some((column) => column.name === "revision")) return;
  try {
    db.exec("ALTER TABLE runs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0");
  } catch (error) {
    // Another process opening the same file added it first.
    if (!/duplicate column/i.test(String(error))) throw error;
  }
}
