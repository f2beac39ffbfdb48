import pg from "pg";
import { describe } from "vitest";
import { dropSchema, postgresStatus, uniqueSchema } from "../../helpers/postgres.ts";
import { describeRunStoreConformance } from "./run-store-conformance.ts";

const postgres = await postgresStatus();

describe.skipIf(!postgres.available)("PostgreSQL run store", () => {
  const url = postgres.available ? postgres.url : "";
  describeRunStoreConformance({
    async freshDatabase() {
      return { databaseUrl: url, pgSchema: uniqueSchema("runs") };
    },
    async dropDatabase(options) {
      if (options.pgSchema) await dropSchema(url, options.pgSchema);
    },
    async writeRaw(options, key, json) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(
          `UPDATE "${options.pgSchema}".codegen_runs SET state = $1 WHERE key = $2`,
          [json, key],
        );
      } finally {
        await client.end();
      }
    },
    async writeLegacyRows(options, rows) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const table = `"${options.pgSchema}".codegen_runs`;
      try {
        await client.query(`CREATE SCHEMA "${options.pgSchema}"`);
        await client.query(`CREATE TABLE ${table} (
          key text PRIMARY KEY,
          version integer NOT NULL,
          state jsonb NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
        for (const [key, state] of Object.entries(rows)) {
          await client.query(`INSERT INTO ${table} (key, version, state) VALUES ($1, $2, $3)`, [
            key,
            (state as { version: number }).version,
            JSON.stringify(state),
          ]);
        }
      } finally {
        await client.end();
      }
    },
  });
});
