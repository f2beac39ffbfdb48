import { afterEach, describe, expect, it } from "vitest";
import { planAnswer } from "../core/fixtures.ts";
import { issueComment } from "../e2e/harness.ts";
import { createFakeGitHub } from "../helpers/fake-github/index.ts";
import { mockChat } from "../helpers/llm.ts";
import { startTestApp, testConfig } from "../helpers/running-app.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { waitFor } from "../persistence/queue/wait.ts";

const running: Awaited<ReturnType<typeof startTestApp>>[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

async function start(config = testConfig(), queue?: { retryLimit: number }) {
  const app = await startTestApp(config, queue);
  running.push(app);
  return app;
}

function opened(body: string) {
  return webhookEvent("issues.opened", (payload) => {
    payload.issue.body = body;
  });
}

const replies = (github: ReturnType<typeof createFakeGitHub>) =>
  github.comments().filter((comment) => comment.login.endsWith("[bot]"));

describe("the app over HTTP, with its durable queue", () => {
  it("acknowledges a signed webhook at once and processes it in the worker", async () => {
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Hello", body: "hello there" });
    mockChat({ verdict: { kind: "small_talk", reply: "Hello!" } });
    const app = await start();
    const response = await app.deliver(opened("hello there"));
    expect(response.status).toBe(200);
    await waitFor("the reply", () => replies(github).length === 1);
    expect(replies(github)[0]?.body).toMatch(/^Hello!/);
  });

  it("rejects a wrongly signed or unsigned delivery with 400 and queues nothing", async () => {
    const app = await start();
    const wrong = await app.deliver(opened("hi"), "not-the-secret");
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/signature does not match/i);
    const unsigned = await fetch(`${app.base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "d-1",
      },
      body: "{}",
    });
    expect(unsigned.status).toBe(400);
    expect(await app.queue.stats()).toEqual({ queued: 0, active: 0, blocked: 0, failed: 0 });
  });

  it("does nothing twice for a redelivered webhook, even after the first finished", async () => {
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Hello", body: "hello there" });
    mockChat({ verdict: { kind: "small_talk", reply: "Hello!" } });
    const app = await start();
    const event = opened("hello there");
    await app.deliver(event);
    await waitFor("the reply", () => replies(github).length === 1);
    expect((await app.deliver(event)).status).toBe(200);
    await app.deliver(event);
    // Only the first delivery was queued: no second model answer is mocked, none is asked.
    expect(await app.queue.enqueue({ id: event.id, key: "x", name: "webhook", data: null })).toBe(
      "duplicate",
    );
    expect(replies(github)).toHaveLength(1);
  });

  it("keeps a run across a restart: a plan made before it is served after it", async () => {
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Expenses", body: "Build a CSV totaller" });
    mockChat(planAnswer);
    const config = testConfig();
    const first = await start(config);
    await first.deliver(opened("Build a CSV totaller"));
    await waitFor("the plan", () => replies(github).some((c) => c.body.includes("codegen:plan")));
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await start(config);
    await second.deliver(issueComment(github, "/status"));
    await waitFor("the status", () => replies(github).length === 2);
    expect(replies(github)[1]?.body).toMatch(/^📋 Plan ready: 2 of 2 modules ticked/);
  });

  it("a job that keeps failing comments on its issue, blocks it, and /retry unblocks it", async () => {
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Hello", body: "hello there" });
    // Every try of the opening job fails reading the issue (1 try + 1 retry)...
    github.failNext("GET", /\/issues\/1$/, 500, 2);
    const app = await start(testConfig(), { retryLimit: 1 });
    await app.deliver(opened("hello there"));
    await waitFor("the stuck comment", () => replies(github).some((c) => c.body.startsWith("⚠️")));
    expect(replies(github)[0]?.body).toMatch(/after 2 tries .*comment `\/retry` to try again/s);
    expect(await app.queue.blockedKeys()).toEqual(["Codertocat/Hello-World#1"]);
    const metrics = await (await fetch(`${app.opsBase}/metrics`)).text();
    expect(metrics).toMatch(/^codegen_blocked_keys\{key="Codertocat\/Hello-World#1"\} 1$/m);
    // The webhook port, which anyone may reach, names no repository: no /metrics, and a
    // /healthz with the overall status only.
    expect((await fetch(`${app.base}/metrics`)).status).toBe(404);
    const publicHealth = await fetch(`${app.base}/healthz`);
    expect(publicHealth.status).toBe(200);
    expect(await publicHealth.text()).toBe('{"status":"ok"}');
    expect(app.ops.address()).toMatchObject({ address: "127.0.0.1" });

    // ...until GitHub recovers and someone with write access comments /retry.
    mockChat({ verdict: { kind: "small_talk", reply: "Hello!" } });
    const retry = issueComment(github, "/retry");
    await app.deliver(retry);
    await waitFor("the reply", () => replies(github).some((c) => c.body.startsWith("Hello!")));
    expect(await app.queue.blockedKeys()).toEqual([]);
    expect(github.reactions()).toContainEqual(
      expect.objectContaining({ content: "rocket", target: { comment: retry.payload.comment.id } }),
    );
  });

  it("serves /healthz and Prometheus /metrics", async () => {
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Hello", body: "hello there" });
    mockChat({ verdict: { kind: "small_talk", reply: "Hello!" } });
    const app = await start();
    await app.deliver(opened("hello there"));
    await waitFor("the reply", () => replies(github).length === 1);
    const health = await fetch(`${app.opsBase}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", parts: { queue: { ok: true } } });
    const metrics = await (await fetch(`${app.opsBase}/metrics`)).text();
    expect(metrics).toMatch(/^codegen_queue_jobs\{state="queued"\} 0$/m);
    expect(metrics).toMatch(/^codegen_runs\{phase="awaiting_reply"\} 1$/m);
    expect(metrics).toMatch(/^codegen_llm_tokens_total\{kind="prompt"\} 420$/m);
    expect(metrics).toMatch(/^codegen_github_writes_total\{method="POST"\} [1-9]\d*$/m);
  });
});
