import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { AppConfig } from "../src/config/env.ts";
import { ACKNOWLEDGEMENT } from "../src/github/acknowledge-issue.ts";
import { createServer } from "../src/server.ts";
import { github } from "./helpers/http-mock.ts";
import {
  mockInstallationToken,
  TEST_APP_ID,
  TEST_WEBHOOK_SECRET,
  TestOctokit,
  testPrivateKey,
  testProbot,
} from "./helpers/probot.ts";
import { signPayload, webhookEvent } from "./helpers/webhooks.ts";

const ISSUE = "/repos/Codertocat/Hello-World/issues/1";

function expectAcknowledgement(): { reacted: () => boolean; commented: () => boolean } {
  mockInstallationToken();
  const reaction = github()
    .post(`${ISSUE}/reactions`, { content: "eyes" })
    .reply(201, { id: 1, content: "eyes" });
  const comment = github()
    .post(`${ISSUE}/comments`, { body: ACKNOWLEDGEMENT })
    .reply(201, { id: 10, body: ACKNOWLEDGEMENT });
  return { reacted: () => reaction.isDone(), commented: () => comment.isDone() };
}

describe("issues.opened through probot.receive", () => {
  it("reacts with 👀 and comments", async () => {
    const expected = expectAcknowledgement();
    await testProbot(createApp()).receive(webhookEvent("issues.opened"));
    expect(expected.reacted()).toBe(true);
    expect(expected.commented()).toBe(true);
  });

  it("ignores issues opened by bots", async () => {
    const event = webhookEvent("issues.opened", (payload) => {
      payload.sender.type = "Bot";
      payload.sender.login = "renovate[bot]";
    });
    // No mocks: any GitHub request would fail the test.
    await testProbot(createApp()).receive(event);
  });
});

describe("issues.opened through the HTTP webhook endpoint", () => {
  const config: AppConfig = {
    mode: "app",
    appId: TEST_APP_ID,
    privateKey: testPrivateKey(),
    webhookSecret: TEST_WEBHOOK_SECRET,
    githubBaseUrl: undefined,
    server: { host: "127.0.0.1", port: 0, webhookPath: "/api/github/webhooks", logLevel: "fatal" },
    llm: { apiKey: "unused", baseURL: undefined, model: "m", codeModel: "m" },
    dockerHost: undefined,
  };
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  async function postWebhook(signature: (body: string) => string): Promise<Response> {
    const server = createServer(config, { Octokit: TestOctokit, log: pino({ level: "silent" }) });
    await server.load(createApp());
    const http = await server.start();
    stop = () => server.stop();
    const { port } = http.address() as AddressInfo;
    const event = webhookEvent("issues.opened");
    const body = JSON.stringify(event.payload);
    return fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": event.id,
        "x-hub-signature-256": signature(body),
      },
      body,
    });
  }

  it("acknowledges a correctly signed delivery", async () => {
    const expected = expectAcknowledgement();
    const response = await postWebhook((body) => signPayload(TEST_WEBHOOK_SECRET, body));
    expect(response.status).toBe(200);
    expect(expected.reacted()).toBe(true);
    expect(expected.commented()).toBe(true);
  });

  it("rejects a wrongly signed delivery with 400 and does nothing", async () => {
    const response = await postWebhook((body) => signPayload("not-the-secret", body));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/signature does not match/i);
  });
});
