import pg from "pg";
import { nulFreeJson } from "../jobs/nul-free-json.ts";
import { parseStoredRunState } from "../jobs/run-state-json.ts";
import type { DurableRunStore } from "./create-run-store.ts";

const DUPLICATE_OBJECT = new Set(["23505", "42P07", "42P06"]);

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

  return {
    async load(key) {
      const { rows } = await pool.query(`SELECT state FROM ${table} WHERE key = $1`, [key]);
      return rows[0] === undefined ? undefined : parseStoredRunState(key, rows[0].state);
    },
    async save(key, state) {
      await pool.query(
        `INSERT INTO ${table} (key, version, state) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET
           version = excluded.version, state = excluded.state, updated_at = now()`,
        [key, state.version, nulFreeJson(state)],
      );
    },
    async saveIfVersion(key, state, expectedVersion) {
      const values = [key, state.version, nulFreeJson(state)];
      const result =
        expectedVersion === null
          ? await pool.query(
              `INSERT INTO ${table} (key, version, state) VALUES ($1, $2, $3)
               ON CONFLICT (key) DO NOTHING`,
              values,
            )
          : await pool.query(
              `UPDATE ${table} SET version = $2, state = $3, updated_at = now()
               WHERE key = $1 AND version = $4`,
              [...values, expectedVersion],
            );
      return result.rowCount === 1;
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
