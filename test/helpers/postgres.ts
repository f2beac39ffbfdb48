import pg from "pg";

export type PostgresStatus =
  | { available: true; url: string }
  | { available: false; reason: string };

/**
 * Whether the test PostgreSQL (TEST_DATABASE_URL, started by scripts/postgres.sh) answers.
 * Without one, PostgreSQL suites skip with a loud message, unless REQUIRE_POSTGRES=1 (CI),
 * where this throws so the suite fails instead.
 */
export async function postgresStatus(): Promise<PostgresStatus> {
  const url = process.env.TEST_DATABASE_URL;
  let reason = "TEST_DATABASE_URL is not set";
  if (url) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return { available: true, url };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (process.env.REQUIRE_POSTGRES === "1") {
    throw new Error(`REQUIRE_POSTGRES=1 but no PostgreSQL is reachable: ${reason}`);
  }
  console.warn(
    `\n${"!".repeat(72)}\n!! SKIPPING PostgreSQL tests: ${reason}.\n!! Run: eval "$(bash scripts/postgres.sh)", or set REQUIRE_POSTGRES=1 to make this a failure.\n${"!".repeat(72)}\n`,
  );
  return { available: false, reason };
}

/** A fresh schema name per test, so suites and files never see each other's tables. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
