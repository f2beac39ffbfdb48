import { afterEach, describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { createFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { mockChat } from "../helpers/llm.ts";
import { startTestApp, testConfig } from "../helpers/running-app.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { issueComment } from "./harness.ts";
import { modelReply, REQUEST, TEXT_PLAN, wordcountAttempt } from "./python-project.ts";

const docker = await dockerStatus();

const WORDCOUNT_ONLY = {
  verdict: { ...TEXT_PLAN.verdict, modules: TEXT_PLAN.verdict.modules.slice(0, 1) },
};

const running: Awaited<ReturnType<typeof startTestApp>>[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

async function start(config: ReturnType<typeof testConfig>) {
  const app = await startTestApp(config);
  running.push(app);
  return app;
}

async function stop(app: Awaited<ReturnType<typeof startTestApp>>) {
  running.splice(running.indexOf(app), 1);
  await app.stop();
}

const appComments = (github: FakeGitHub) =>
  github.comments().filter((c) => c.login.endsWith("[bot]"));

describe.skipIf(!docker.available)("runs survive the app", () => {
  it("runs a whole generation through queued continuations, and takes /continue after a restart", async () => {
    const github = createFakeGitHub();
    github.addIssue({ number: 1, title: "Words", body: REQUEST });
    const config = testConfig();
    const first = await start(config);

    mockChat(WORDCOUNT_ONLY);
    await first.deliver(
      webhookEvent("issues.opened", (payload) => {
        payload.issue.body = REQUEST;
      }),
    );
    await waitFor("the plan", () =>
      appComments(github).some((c) => c.body.includes("codegen:plan")),
    );
    for (const attempt of [1, 2, 3, 4, 5]) mockChat(modelReply(wordcountAttempt(attempt)));
    await first.deliver(issueComment(github, "/start"));
    await waitFor(
      "the decision comment",
      () => appComments(github).some((c) => c.body.includes("failed 5 attempts")),
      60_000,
    );
    // The failed round's five attempts, committed once for people to see.
    expect(github.commits("codegen/issue-1")).toHaveLength(2);
    await stop(first);

    // A new process on the same data: the run still waits for its decision.
    const second = await start(config);
    await second.deliver(issueComment(github, "/continue"));
    await waitFor(
      "the summary",
      () => appComments(github).some((c) => c.body.startsWith("🏁 Done")),
      30_000,
    );
    expect(appComments(github).at(-1)?.body).toMatch(/^🏁 Done: 0 succeeded, 0 failed, 1 skipped/);
    expect(github.pullRequests()[0]?.body).toMatch(/\| `wordcount` \| ⏭ skipped \| 5 \|/);
    expect(await second.queue.stats()).toMatchObject({ queued: 0, active: 0, blocked: 0 });
  });
});
