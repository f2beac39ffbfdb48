import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { pino } from "pino";
import type { AppConfig } from "../src/config/env.ts";
import { defaultOperatorPolicy } from "../src/config/operator-policy.ts";
import { startApp } from "../src/runtime/start-app.ts";

/**
 * Webhook ingestion: signed deliveries over HTTP to the app's web role at increasing rates,
 * time to acknowledgement (p50/p99) and events/s, next to a bare Node server answering 202.
 */

const RATES = [50, 100, 200, 400];
const SECONDS_PER_RATE = 2;
const SECRET = "bench-secret";

type Target = { name: string; url: string; close: () => Promise<void> };

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: { action?: string }[];
}[];
const payload = structuredClone(
  examples
    .find((group) => group.name === "issue_comment")
    ?.examples.find((e) => e.action === "created"),
) as Record<string, unknown>;
payload.installation = { id: 1 };
const body = JSON.stringify(payload);
const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

async function bareServer(): Promise<Target> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(202).end());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    name: "bare Node HTTP server (202)",
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * `pgSchema`: the queue's schema, fresh for this run and dropped after it. The web role only
 * enqueues, so in the shared default schema every run's deliveries stayed queued, all for the
 * one issue of the payload, and each later run measured a queue thousands deep.
 */
async function appServer(
  name: string,
  databaseUrl: string | undefined,
  pgSchema?: string,
): Promise<Target> {
  const config: AppConfig = {
    mode: "app",
    appId: 1,
    privateKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    }) as string,
    webhookSecret: SECRET,
    githubBaseUrl: undefined,
    server: { host: "127.0.0.1", port: 0, webhookPath: "/api/github/webhooks", logLevel: "silent" },
    llm: { apiKey: "unused", baseURL: "http://127.0.0.1:9/v1", model: "m", codeModel: "m" },
    dockerHost: undefined,
    mcpServers: [],
    databaseUrl,
    dataDir: mkdtempSync(join(tmpdir(), "codegen-bench-")),
    workerConcurrency: 1,
    analysisRateLimit: 5,
    role: "web",
    shutdownTimeoutMs: 30_000,
    preflightIntervalSec: 0,
    policy: defaultOperatorPolicy({ model: "m", codeModel: "m" }, 1),
  };
  const app = await startApp(config, {
    log: pino({ level: "silent" }),
    ...(pgSchema ? { queue: { pgSchema } } : {}),
  });
  const { port } = app.http.address() as AddressInfo;
  const close = async () => {
    await app.stop();
    if (databaseUrl && pgSchema) await dropSchema(databaseUrl, pgSchema);
  };
  return { name, url: `http://127.0.0.1:${port}/api/github/webhooks`, close };
}

/** Open loop: one delivery every 1/rate s, whatever the answers' speed. */
async function drive(
  target: Target,
  rate: number,
): Promise<{ p50: number; p99: number; perSecond: number; failed: number; busy: number }> {
  const count = rate * SECONDS_PER_RATE;
  // The share of the time this process's one event loop was busy: the app and the load
  // generator share it, so near 100% the deliveries queue and the latency is the queue's.
  const loopBefore = performance.eventLoopUtilization();
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sends.push(
      (async () => {
        const sent = performance.now();
        const response = await fetch(target.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "issue_comment",
            "x-github-delivery": randomUUID(),
            "x-hub-signature-256": signature,
          },
          body,
        });
        await response.arrayBuffer();
        if (response.status >= 300) failed++;
        latencies.push(performance.now() - sent);
      })(),
    );
  }
  await Promise.all(sends);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const busy = performance.eventLoopUtilization(loopBefore).utilization;
  return { p50: at(0.5), p99: at(0.99), perSecond: count / elapsed, failed, busy };
}

export async function runWebhookBenchmark(): Promise<void> {
  const targets = [await bareServer(), await appServer("app, embedded SQLite queue", undefined)];
  const pg = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pg)
    targets.push(
      await appServer("app, PostgreSQL (pg-boss) queue", pg, `bench_ingest_${process.pid}`),
    );
  else console.log("(set TEST_DATABASE_URL, e.g. `. scripts/postgres.sh`, to include PostgreSQL)");
  const rows: string[] = [];
  const baseline = new Map<number, number>();
  for (const target of targets) {
    await drive(target, 20); // warm-up
    for (const rate of RATES) {
      const result = await drive(target, rate);
      if (!baseline.has(rate)) baseline.set(rate, result.p50);
      const ratio = result.p50 / (baseline.get(rate) ?? result.p50);
      rows.push(
        `| ${target.name} | ${rate}/s | ${result.p50.toFixed(2)} ms | ${result.p99.toFixed(2)} ms | ${result.perSecond.toFixed(0)} | ${ratio.toFixed(1)}× | ${(result.busy * 100).toFixed(0)}% |${result.failed ? ` ${result.failed} failed` : ""}`,
      );
    }
    await target.close();
  }
  console.log(
    `\nWebhook ingestion: time to acknowledgement (${SECONDS_PER_RATE} s per rate, open loop)\n`,
  );
  console.log("| server | offered | p50 | p99 | events/s | p50 vs bare | event loop busy |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows) console.log(row);
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
