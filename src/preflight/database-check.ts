import pg from "pg";
import { down, type PartReport, rootMessage, up } from "./types.ts";

const TIMEOUT_MS = 5_000;

/** The PostgreSQL database in DATABASE_URL accepts a connection and a query. */
export async function checkDatabase(databaseUrl: string): Promise<PartReport> {
  const where = describe(databaseUrl);
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: TIMEOUT_MS,
  });
  // A connection lost later must not throw from the client's event emitter.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
    return up("database", `PostgreSQL at ${where} answers`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "28P01" || code === "28000" || code === "3D000") {
      return down("database", {
        summary: "the database refuses the app",
        detail: `PostgreSQL at ${where} refused the connection (${rootMessage(error)})`,
        setting: "DATABASE_URL",
        fix: "correct the user, password and database name in DATABASE_URL",
      });
    }
    return down("database", {
      summary: "the database is unreachable",
      detail: `PostgreSQL at ${where} does not answer (${rootMessage(error)})`,
      setting: "DATABASE_URL",
      fix: "start PostgreSQL (`. scripts/postgres.sh` sets one up on Debian) or correct DATABASE_URL; unset it to use the embedded SQLite database",
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port/database, never the password. */
function describe(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}
