import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { AppConfig } from "../src/config/env.ts";
import { createServer } from "../src/server.ts";
import { testApp } from "./helpers/app.ts";
import {
  mockCreateComments,
  mockIssueReaction,
  mockNoRepoConfig,
  mockThreadReads,
} from "./helpers/github-mocks.ts";
import { mockChat } from "./helpers/llm.ts";
import {
  mockInstallationToken,
  TEST_APP_ID,
  TEST_WEBHOOK_SECRET,
  TestOctokit,
  testPrivateKey,
} from "./helpers/probot.ts";
import { signPayload, webhookEvent } from "./helpers/webhooks.ts";

const config: AppConfig = {
  mode: "app",
  appId: TEST_APP_ID,
  privateKey: testPrivateKey(),
  webhookSecret: TEST_WEBHOOK_SECRET,
  githubBaseUrl: undefined,
  server: { host: "127.0.0.1", port: 0, webhookPath: "/api/github/webhooks", logLevel: "silent" },
  llm: { apiKey: "unused", baseURL: undefined, model: "m", codeModel: "m" },
  dockerHost: undefined,
  mcpServers: [],
};

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function postWebhook(sign: (body: string) => string): Promise<Response> {
  const harness = testApp();
  const server = createServer(config, { Octokit: TestOctokit, log: pino({ level: "silent" }) });
  await server.load(harness.app);
  const http = await server.start();
  stop = async () => {
    await server.stop();
    await harness.close();
  };
  const { port } = http.address() as AddressInfo;
  const event = webhookEvent("issues.opened", (payload) => {
    payload.issue.body = "hello there";
  });
  const body = JSON.stringify(event.payload);
  return fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": event.id,
      "x-hub-signature-256": sign(body),
    },
    body,
  });
}

describe("the HTTP webhook endpoint", () => {
  it("handles a correctly signed issues.opened: 👀 and a reply", async () => {
    mockInstallationToken();
    mockNoRepoConfig();
    mockIssueReaction(1, "eyes");
    mockThreadReads({ number: 1, title: "Spelling error in the README file", body: "hello there" });
    mockChat({ verdict: { kind: "small_talk", reply: "Hello!" } });
    const posted = mockCreateComments(1);
    const response = await postWebhook((body) => signPayload(TEST_WEBHOOK_SECRET, body));
    expect(response.status).toBe(200);
    expect(posted[0]).toMatch(/^Hello!/);
  });

  it("rejects a wrongly signed delivery with 400 and does nothing", async () => {
    const response = await postWebhook((body) => signPayload("not-the-secret", body));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/signature does not match/i);
  });

  it("rejects an unsigned delivery with 400", async () => {
    const response = await postWebhook(() => "");
    expect(response.status).toBe(400);
  });
});
