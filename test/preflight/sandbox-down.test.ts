import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import type { Health } from "../../src/runtime/ops/health.ts";
import { issueComment } from "../e2e/harness.ts";
import { modelReply, slugAttempt, TEXT_PLAN } from "../e2e/python-project.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { createFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { LLM_BASE_URL, mockChat } from "../helpers/llm.ts";
import { startTestApp, testConfig } from "../helpers/running-app.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { capturedLog, ERROR, INFO } from "./log-lines.ts";
import { socketProxy } from "./socket-proxy.ts";

const docker = await dockerStatus();
const LOCAL_ENGINE = "/var/run/docker.sock";
const SLUG_ONLY = { verdict: { ...TEXT_PLAN.verdict, modules: [TEXT_PLAN.verdict.modules[1]] } };
const FIX =
  "start the Docker engine (`. scripts/provision.sh` installs and starts one on Debian), or point DOCKER_HOST at a running engine";

const appComments = (github: FakeGitHub) =>
  github.comments().filter((c) => c.login.endsWith("[bot]"));

describe.skipIf(!docker.available || !existsSync(LOCAL_ENGINE))("the sandbox's engine down", () => {
  const saved = process.env.DOCKER_HOST;
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  // One path for the whole file: testcontainers keeps the first client it makes.
  const socket = join(mkdtempSync(join(tmpdir(), "codegen-engine-")), "docker.sock");
  const dockerHost = `unix://${socket}`;
  const listModels = () =>
    nock(LLM_BASE_URL)
      .persist()
      .get("/models")
      .reply(200, {
        object: "list",
        data: ["test-model", "test-code-model"].map((id) => ({
          id,
          object: "model",
          created: 1_700_000_000,
          owned_by: "system",
        })),
      });

  it("is named in the log and /healthz; a run pauses with one comment and goes on after /retry once it is back", async () => {
    listModels();
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Slugs", body: "Turn titles into URL slugs." });
    const { log, lines } = capturedLog();
    const app = await startTestApp(
      { ...testConfig(), dockerHost, preflightIntervalSec: 1 },
      {},
      log,
    );
    cleanup.push(() => app.stop());

    const detail = `the Docker engine at ${dockerHost} does not answer (connect ENOENT ${socket})`;
    await waitFor("the failure line", () => lines.some((line) => line.level === ERROR));
    expect(lines.filter((line) => line.level === ERROR).map((line) => line.msg)).toEqual([
      `sandbox: ${detail}. Setting: DOCKER_HOST. Fix: ${FIX}.`,
    ]);
    const health = await fetch(`${app.opsBase}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: "degraded",
      parts: {
        queue: { ok: true },
        sandbox: { ok: false, detail, setting: "DOCKER_HOST", fix: FIX },
        llm: {
          ok: true,
          detail: "http://llm.test/v1 answers and offers test-model, test-code-model",
        },
      },
    });

    mockChat(SLUG_ONLY);
    await app.deliver(
      webhookEvent("issues.opened", (payload) => {
        payload.issue.body = "Slugs";
      }),
    );
    await waitFor("the plan", () =>
      appComments(github).some((c) => c.body.includes("codegen:plan")),
    );
    await app.deliver(issueComment(github, "/start"));
    await waitFor("the pause", () => appComments(github).some((c) => c.body.startsWith("⏸")));
    const paused = appComments(github).filter((c) => c.body.startsWith("⏸"));
    expect(paused.map((c) => c.body.split("\n\n").slice(0, 2).join("\n\n"))).toEqual([
      "⏸ I paused before `slug`: the sandbox's Docker engine is unreachable; the operator has been told.\n\nNothing is lost: comment `/retry` once it is back to go on, or `/abort` to stop.",
    ]);
    // No attempt was made: nothing generated, nothing committed.
    expect(github.commits("codegen/issue-1").map((c) => c.message)).not.toContainEqual(
      expect.stringMatching(/^codegen\(slug\)/),
    );

    const engine = socketProxy(socket, LOCAL_ENGINE);
    await engine.open();
    cleanup.push(() => engine.close());
    await waitFor("the recovery line", () =>
      lines.some((line) => line.msg.startsWith("sandbox is back")),
    );
    expect(lines.filter((line) => line.level === INFO).map((line) => line.msg)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^sandbox is back: Docker \\S+ answers at ${dockerHost}; all 4 sandbox images are built$`,
        ),
      ),
    );
    expect(await (await fetch(`${app.opsBase}/healthz`)).json()).toMatchObject({
      status: "ok",
      parts: { sandbox: { ok: true } },
    });

    mockChat(modelReply(slugAttempt(1, true)));
    await app.deliver(issueComment(github, "/retry"));
    await waitFor(
      "the summary",
      () => appComments(github).some((c) => c.body.startsWith("🏁 Done")),
      // A real build and test; the shared 2-core machine can take a while.
      180_000,
    );
    expect(appComments(github).at(-1)?.body).toMatch(/^🏁 Done: 1 succeeded, 0 failed, 0 skipped/);
  }, 300_000);

  it("lost mid-run, costs one attempt: the next one waits with one comment", async () => {
    listModels();
    const engine = socketProxy(socket, LOCAL_ENGINE);
    await engine.open();
    cleanup.push(() => engine.close());
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Slugs", body: "Turn titles into URL slugs." });
    const { log, lines } = capturedLog();
    // Checked at start only: nothing in the background notices the engine going away.
    const app = await startTestApp(
      { ...testConfig(), dockerHost, preflightIntervalSec: 3600 },
      {},
      log,
    );
    cleanup.push(() => app.stop());
    await waitFor("the first check", async () => {
      const health = (await (await fetch(`${app.opsBase}/healthz`)).json()) as Health;
      return health.parts.sandbox?.ok === true;
    });
    await engine.close();

    mockChat(SLUG_ONLY);
    await app.deliver(
      webhookEvent("issues.opened", (payload) => {
        payload.issue.body = "Slugs";
      }),
    );
    await waitFor("the plan", () =>
      appComments(github).some((c) => c.body.includes("codegen:plan")),
    );
    mockChat(modelReply(slugAttempt(1, true)));
    await app.deliver(issueComment(github, "/start"));
    await waitFor("the pause", () => appComments(github).some((c) => c.body.startsWith("⏸")));

    expect(
      appComments(github)
        .filter((c) => c.body.startsWith("⏸"))
        .map((c) => c.body.split("\n\n")[0]),
    ).toEqual([
      "⏸ I paused before `slug`: the sandbox's Docker engine is unreachable; the operator has been told.",
    ]);
    expect(github.commits("codegen/issue-1").map((c) => c.message)).toContainEqual(
      // The round's attempt so far, committed when the run paused, for people to see.
      expect.stringMatching(/^codegen\(slug\): attempt 1, not passing yet/),
    );
    expect(lines.filter((line) => line.level === ERROR).map((line) => line.msg)).toContainEqual(
      `sandbox: the Docker engine at ${dockerHost} does not answer (connect ENOENT ${socket}). Setting: DOCKER_HOST. Fix: ${FIX}.`,
    );
  }, 120_000);
});
