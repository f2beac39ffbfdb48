import { describe, expect, it } from "vitest";
import { checkDatabase } from "../../src/preflight/database-check.ts";
import { postgresStatus } from "../helpers/postgres.ts";
import { closedPort } from "./closed-port.ts";

const postgres = await postgresStatus();

describe("the database preflight check", () => {
  it("names DATABASE_URL, without the password, when nothing listens there", async () => {
    const port = await closedPort();

    const report = await checkDatabase(`postgres://codegen:s3cret@127.0.0.1:${port}/codegen`);

    expect(report).toEqual({
      part: "database",
      ok: false,
      summary: "the database is unreachable",
      detail: `PostgreSQL at 127.0.0.1:${port}/codegen does not answer (connect ECONNREFUSED 127.0.0.1:${port})`,
      setting: "DATABASE_URL",
      fix: "start PostgreSQL (`. scripts/postgres.sh` sets one up on Debian) or correct DATABASE_URL; unset it to use the embedded SQLite database",
    });
  });

  it.skipIf(!postgres.available)("passes when PostgreSQL answers", async () => {
    const url = new URL(postgres.available ? postgres.url : "postgres://x");

    expect(await checkDatabase(url.href)).toEqual({
      part: "database",
      ok: true,
      detail: `PostgreSQL at ${url.hostname}:${url.port || "5432"}${url.pathname} answers`,
    });
  });
});
