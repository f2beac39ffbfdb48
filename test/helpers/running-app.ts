import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { Logger } from "probot";
import type { AppConfig } from "../../src/config/env.ts";
import { type RunningApp, startApp } from "../../src/runtime/start-app.ts";
import { testPolicy } from "./app.ts";
import { LLM_BASE_URL } from "./llm.ts";
import { TEST_APP_ID, TEST_WEBHOOK_SECRET, TestOctokit, testPrivateKey } from "./probot.ts";
import { signPayload } from "./webhooks.ts";

export function testConfig(dataDir = mkdtempSync(join(tmpdir(), "codegen-app-"))): AppConfig {
  return {
    mode: "app",
    appId: TEST_APP_ID,
    privateKey: testPrivateKey(),
    webhookSecret: TEST_WEBHOOK_SECRET,
    githubBaseUrl: undefined,
    server: { host: "127.0.0.1", port: 0, webhookPath: "/api/github/webhooks", logLevel: "silent" },
    llm: {
      apiKey: "sk-test",
      baseURL: LLM_BASE_URL,
      model: "test-model",
      codeModel: "test-code-model",
    },
    dockerHost: undefined,
    mcpServers: [],
    databaseUrl: undefined,
    dataDir,
    workerConcurrency: 2,
    analysisRateLimit: 5,
    shutdownTimeoutMs: 30_000,
    role: "all",
    // The preflight checks would ask the LLM double for its models; their tests turn them on.
    preflightIntervalSec: 0,
    policy: testPolicy(),
  };
}

/** The app as `npm start` runs it (HTTP ingress, durable queue, worker), on a free port. */
export async function startTestApp(
  config = testConfig(),
  queue: { retryLimit?: number } = {},
  log: Logger = pino({ level: "silent" }),
) {
  const app: RunningApp = await startApp(config, {
    Octokit: TestOctokit,
    log,
    queue: { pollMs: 20, leaseMs: 2_000, retryDelayMs: 0, ...queue },
  });
  const { port } = app.http.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    ...app,
    config,
    base,
    /** The ops listener: `/metrics` and the detailed `/healthz`. */
    opsBase: `http://127.0.0.1:${(app.ops.address() as AddressInfo).port}`,
    /** Posts a webhook as GitHub does: signed with the secret, with a delivery id. */
    deliver(event: { id: string; name: string; payload: unknown }, secret = TEST_WEBHOOK_SECRET) {
      const body = JSON.stringify(event.payload);
      return fetch(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event.name,
          "x-github-delivery": event.id,
          "x-hub-signature-256": signPayload(secret, body),
        },
        body,
      });
    },
  };
}
