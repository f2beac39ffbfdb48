import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { createFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { LLM_BASE_URL } from "../helpers/llm.ts";
import { startTestApp, testConfig } from "../helpers/running-app.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { capturedLog, ERROR } from "./log-lines.ts";

const docker = await dockerStatus();
const appComments = (github: FakeGitHub) =>
  github.comments().filter((c) => c.login.endsWith("[bot]"));

describe.skipIf(!docker.available)("the LLM endpoint refusing the key", () => {
  const running: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const app of running.splice(0)) await app.stop();
  });

  it("is named in the log and /healthz, and a new issue gets one comment instead of an analysis", async () => {
    nock(LLM_BASE_URL)
      .get("/models")
      .reply(401, {
        error: {
          message: "Incorrect API key provided: sk-test.",
          type: "invalid_request_error",
          param: null,
          code: "invalid_api_key",
        },
      });
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Slugs", body: "Turn titles into URL slugs." });
    const { log, lines } = capturedLog();
    const app = await startTestApp({ ...testConfig(), preflightIntervalSec: 3600 }, {}, log);
    running.push(app);

    const detail =
      "the LLM endpoint http://llm.test/v1 refused the key (HTTP 401: Incorrect API key provided: sk-test.)";
    const fix = "set OPENAI_API_KEY to a key this endpoint accepts";
    await waitFor("the failure line", () => lines.some((line) => line.level === ERROR));
    expect(lines.filter((line) => line.level === ERROR).map((line) => line.msg)).toEqual([
      `llm: ${detail}. Setting: OPENAI_API_KEY. Fix: ${fix}.`,
    ]);
    const health = await fetch(`${app.opsBase}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: "degraded",
      parts: {
        queue: { ok: true },
        sandbox: {
          ok: true,
          detail: expect.stringMatching(/^Docker \S+ answers .*; all 4 sandbox images are built$/),
        },
        llm: { ok: false, detail, setting: "OPENAI_API_KEY", fix },
      },
    });

    // No chat completion is mocked: the analysis must not ask the model.
    await app.deliver(
      webhookEvent("issues.opened", (payload) => {
        payload.issue.body = "Turn titles into URL slugs.";
      }),
    );
    await waitFor("the reply", () => appComments(github).length > 0);
    expect(appComments(github).map((c) => c.body.split("\n\n<!--")[0])).toEqual([
      "😕 I could not work out a plan: the LLM endpoint refuses the app's key; the operator has been told.\n\nComment `/retry` to try again, or edit the issue to add detail.",
    ]);
  });
});
