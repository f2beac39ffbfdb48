import pg from "pg";
import type { DurableRunStore } from "./run-store.ts";
import { decodeRunState, encodeRunState } from "./stored-run-state.ts";

const DUPLICATE_OBJECT = new Set(["23505", "42P07", "42P06", "42701"]);

/** Run states as JSONB rows in PostgreSQL, for any number of processes. */
export async function createPgRunStore(url: string, schema: string): Promise<DurableRunStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4, application_name: "issue-codegen" });
  // An idle connection the server drops (a restart, a network cut) is replaced on next use;
  // without a listener its error would crash the process.
  pool.on("error", () => undefined);
  const table = `"${schema.replaceAll('"', '""')}".codegen_runs`;
  try {
    await createTable(pool, schema, table);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const read: DurableRunStore["read"] = async (key) => {
    const { rows } = await pool.query(`SELECT state, revision FROM ${table} WHERE key = $1`, [key]);
    const row = rows[0];
    if (row === undefined) return undefined;
    return { state: decodeRunState(key, row.state), revision: Number(row.revision) };
  };

  return {
    read,
    async load(key) {
      return (await read(key))?.state;
    },
    async saveIfRevision(key, state, revision) {
      const values = [key, state.version, encodeRunState(state)];
      const result =
        revision === null
          ? await pool.query(
              `INSERT INTO ${table} (key, version, state, revision) VALUES ($1, $2, $3, 1)
               ON CONFLICT (key) DO NOTHING`,
              values,
            )
          : await pool.query(
              `UPDATE ${table} SET version = $2, state = $3, revision = revision + 1,
                 updated_at = now()
               WHERE key = $1 AND revision = $4`,
              [...values, revision],
            );
      return result.rowCount === 1 ? (revision ?? 0) + 1 : null;
    },
    async countByPhase() {
      const { rows } = await pool.query(
        `SELECT state->>'phase' AS phase, count(*)::int AS runs FROM ${table} GROUP BY 1`,
      );
      return Object.fromEntries(rows.map((row) => [String(row.phase), Number(row.runs)]));
    },
    async close() {
      await pool.end();
    },
  };
}

async function createTable(pool: pg.Pool, schema: string, table: string): Promise<void> {
  const statements = [
    `CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`,
    `CREATE TABLE IF NOT EXISTS ${table} (
      key text PRIMARY KEY,
      version integer NOT NULL,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Tables made before saves were compare-and-set: their rows start at revision 0.
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS revision bigint NOT NULL DEFAULT 0`,
  ];
  for (const statement of statements) {
    try {
      await pool.query(statement);
    } catch (error) {
      // Two processes starting together race on IF NOT EXISTS; the loser sees a duplicate.
      const code = error instanceof Error && "code" in error ? error.code : undefined;
      if (typeof code !== "string" || !DUPLICATE_OBJECT.has(code)) throw error;
    }
  }
}
