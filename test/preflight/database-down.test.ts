import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { Health } from "../../src/runtime/ops/health.ts";
import { type RunningApp, startApp } from "../../src/runtime/start-app.ts";
import { postgresStatus, uniqueSchema } from "../helpers/postgres.ts";
import { TestOctokit } from "../helpers/probot.ts";
import { testConfig } from "../helpers/running-app.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { closedPort } from "./closed-port.ts";
import { capturedLog, ERROR } from "./log-lines.ts";
import { socketProxy } from "./socket-proxy.ts";

const postgres = await postgresStatus();
const FIX =
  "start PostgreSQL (`. scripts/postgres.sh` sets one up on Debian) or correct DATABASE_URL; unset it to use the embedded SQLite database";

describe.skipIf(!postgres.available)("the database down", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("is named in the log while the app waits for it, and in /healthz when it goes away later", async () => {
    const target = new URL(postgres.available ? postgres.url : "postgres://x");
    const port = await closedPort();
    const proxy = socketProxy(port, { host: target.hostname, port: Number(target.port || 5432) });
    cleanup.push(() => proxy.close());
    const viaProxy = new URL(target.href);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(port);
    const schema = uniqueSchema("preflight");
    cleanup.push(async () => {
      const client = new pg.Client({ connectionString: target.href });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    });
    const { log, lines } = capturedLog();

    const starting = startApp(
      {
        ...testConfig(),
        databaseUrl: viaProxy.href,
        preflightIntervalSec: 1,
        // The web role needs only its database: no Docker or LLM check.
        role: "web",
      },
      { Octokit: TestOctokit, log, queue: { pollMs: 20, pgSchema: schema } },
    );
    const where = `127.0.0.1:${port}${target.pathname}`;
    const refused = `PostgreSQL at ${where} does not answer (connect ECONNREFUSED 127.0.0.1:${port})`;
    await waitFor("the waiting line", () => lines.some((line) => line.level === ERROR));
    expect(lines.map((line) => line.msg)).toEqual([
      `database: ${refused}. Setting: DATABASE_URL. Fix: ${FIX}. Waiting for it before starting.`,
    ]);

    await proxy.open();
    const app: RunningApp = await starting;
    cleanup.push(() => app.stop());
    expect(lines.map((line) => line.msg)).toContain(
      `database is back: PostgreSQL at ${where} answers`,
    );
    const base = `http://127.0.0.1:${(app.ops.address() as { port: number }).port}`;
    const healthz = async () => {
      const response = await fetch(`${base}/healthz`);
      return { status: response.status, body: (await response.json()) as Health };
    };
    await waitFor("the first check", async () => "database" in (await healthz()).body.parts);
    expect(await healthz()).toEqual({
      status: 200,
      body: {
        status: "ok",
        parts: {
          queue: { ok: true },
          database: { ok: true, detail: `PostgreSQL at ${where} answers` },
        },
      },
    });

    await proxy.close();
    await waitFor("the database to be reported down", async () => (await healthz()).status === 503);
    await waitFor("the check to see it", async () => !(await healthz()).body.parts.database?.ok);
    expect(await healthz()).toEqual({
      status: 503,
      body: {
        status: "unavailable",
        parts: {
          queue: {
            ok: false,
            detail: "the queue's database does not answer",
            setting: "DATABASE_URL or DATA_DIR",
            fix: "see the database part and the log",
          },
          database: { ok: false, detail: refused, setting: "DATABASE_URL", fix: FIX },
        },
      },
    });

    await proxy.open();
    await waitFor("the recovery", async () => (await healthz()).body.status === "ok");
  }, 60_000);
});
