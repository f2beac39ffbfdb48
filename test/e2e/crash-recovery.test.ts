import { type ChildProcess, execFileSync } from "node:child_process";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { deliver, spawnApp as spawnAppProcess } from "../helpers/app-process.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { createFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { startBridge } from "../helpers/http-bridge.ts";
import { chatCompletion, LLM_BASE_URL, mockChat } from "../helpers/llm.ts";
import { testConfig } from "../helpers/running-app.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { issueComment } from "./harness.ts";
import {
  modelReply,
  PARSER_FILES,
  PARSER_ONLY_PLAN,
  PLAN_ANSWER,
  REPORT_FILES,
  REPORT_FIX_RIGHT,
  REPORT_FIX_WRONG,
  REQUEST,
} from "./python-project.ts";

const docker = await dockerStatus();

/** The parser with a test that takes seconds: time to see its container while it builds. */
const SLOW_PARSER_FILES = {
  ...PARSER_FILES,
  files: [
    ...PARSER_FILES.files,
    {
      path: "tests/test_slow.py",
      content: "import time\n\n\ndef test_takes_a_while():\n    time.sleep(3)\n",
    },
  ],
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const spawnApp = (config: ReturnType<typeof testConfig>) => spawnAppProcess(config, cleanups);

/** Until the run posts its final summary on the issue. */
const waitForSummary = (github: FakeGitHub) =>
  waitFor(
    "the summary",
    () => appComments(github).some((c) => c.body.startsWith("🏁 Done")),
    60_000,
  );

const appComments = (github: FakeGitHub) =>
  github.comments().filter((c) => c.login.endsWith("[bot]"));

/**
 * A fake GitHub with issue #1, the config of an app process that reaches it (and the mocked
 * model) through loopback bridges, and a way to get the first process to the plan.
 */
async function bridgedRun() {
  const github = createFakeGitHub();
  github.addIssue({ number: 1, title: "Expenses", body: REQUEST });
  const githubBridge = await startBridge("https://api.github.com");
  const llmBridge = await startBridge(new URL(LLM_BASE_URL).origin);
  cleanups.push(githubBridge.close, llmBridge.close);
  const base = testConfig();
  const config = {
    ...base,
    githubBaseUrl: githubBridge.url,
    llm: { ...base.llm, baseURL: `${llmBridge.url}/v1` },
  };
  /** Starts a process and has it post the plan that `planAnswer` describes. */
  async function firstProcessWithPlan(
    planAnswer: object,
  ): Promise<{ child: ChildProcess; port: number }> {
    const first = await spawnApp(config);
    mockChat(planAnswer);
    await deliver(
      first.port,
      webhookEvent("issues.opened", (payload) => {
        payload.issue.body = REQUEST;
      }),
    );
    await waitFor("the plan", () =>
      appComments(github).some((c) => c.body.includes("codegen:plan")),
    );
    return first;
  }
  return { github, config, firstProcessWithPlan };
}

describe.skipIf(!docker.available)("crash recovery", () => {
  it("a worker killed with kill -9 mid-module is resumed by another process, nothing lost or doubled", async () => {
    const { github, config, firstProcessWithPlan } = await bridgedRun();
    const first = await firstProcessWithPlan(PARSER_ONLY_PLAN);

    // The module's generation hangs in the model call: the process dies right there.
    let asked = false;
    nock(LLM_BASE_URL)
      .post("/chat/completions", () => {
        asked = true;
        return true;
      })
      .delay(8_000)
      .reply(200, chatCompletion(modelReply(PARSER_FILES)));
    await deliver(first.port, issueComment(github, "/start"));
    await waitFor("the module's model call", () => asked);
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(github.commits("codegen/issue-1")).toHaveLength(1);

    // Another process takes the job over once its lease lapses, and finishes the run.
    mockChat(modelReply(PARSER_FILES));
    await spawnApp(config);
    await waitForSummary(github);

    const messages = github.commits("codegen/issue-1").map((c) => c.message.split("\n")[0]);
    expect(messages).toEqual(["codegen(parser): attempt 1, passed", "Initial commit"]);
    expect(appComments(github).filter((c) => c.body.includes("codegen:plan"))).toHaveLength(1);
    expect(appComments(github).filter((c) => c.body.startsWith("🏁 Done"))).toHaveLength(1);
    expect(github.pullRequests()).toHaveLength(1);
    expect(github.checkRuns().map((run) => run.conclusion)).toEqual(["success"]);
  });

  it("a worker killed while building retries the build with the answer it had: no second model call, no second commit", async () => {
    const { github, config, firstProcessWithPlan } = await bridgedRun();
    const module = { ...PARSER_ONLY_PLAN.verdict.modules[0], name: "kparser" };
    const label = "label=issue-codegen.module=kparser";
    cleanups.push(() => {
      const ids = execFileSync("docker", ["ps", "-aq", "--filter", label], {
        encoding: "utf8",
      }).trim();
      if (ids) execFileSync("docker", ["rm", "-f", ...ids.split("\n")]);
    });

    const first = await firstProcessWithPlan({
      verdict: { ...PARSER_ONLY_PLAN.verdict, modules: [module] },
    });
    mockChat(modelReply(SLOW_PARSER_FILES));
    await deliver(first.port, issueComment(github, "/start"));
    // Killed while the attempt builds (its answer is checkpointed; nothing is committed yet).
    await waitFor(
      "the module's sandbox",
      () =>
        execFileSync("docker", ["ps", "-q", "--filter", label], { encoding: "utf8" }).trim() !== "",
      60_000,
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    // The round's check run is written when its result is known, never left in progress.
    expect(github.checkRuns()).toHaveLength(0);
    expect(github.commits("codegen/issue-1")).toHaveLength(1);

    // No model answer is mocked for the retry: asking the model again would fail the test.
    await spawnApp(config);
    await waitForSummary(github);
    const messages = github.commits("codegen/issue-1").map((c) => c.message.split("\n")[0]);
    expect(messages).toEqual(["codegen(kparser): attempt 1, passed", "Initial commit"]);
    expect(github.checkRuns().map((run) => [run.name, run.conclusion])).toEqual([
      ["codegen / kparser", "success"],
    ]);
    expect(appComments(github).at(-1)?.body).toMatch(
      /^🏁 Done: 1 succeeded, 0 failed, 0 skipped, in 1 attempts/,
    );
  });

  it("SIGTERM lets the running step finish, removes its sandbox, and the next process resumes", async () => {
    const { github, config, firstProcessWithPlan } = await bridgedRun();
    // Module names of this test only: its containers are told apart by their labels.
    const rename = (name: string) => (name === "parser" ? "gparser" : "greport");
    const plan = {
      verdict: {
        ...PLAN_ANSWER.verdict,
        modules: PLAN_ANSWER.verdict.modules.map((m) => ({
          ...m,
          name: rename(m.name),
          dependsOn: m.dependsOn.map(rename),
        })),
      },
    };

    const first = await firstProcessWithPlan(plan);
    mockChat(modelReply(PARSER_FILES));
    mockChat(modelReply(REPORT_FILES));
    let fixAsked = false;
    nock(LLM_BASE_URL)
      .post("/chat/completions", () => {
        fixAsked = true;
        return true;
      })
      .delay(1_500)
      .reply(200, chatCompletion(modelReply(REPORT_FIX_WRONG)));
    await deliver(first.port, issueComment(github, "/start"));
    await waitFor("greport's first fix", () => fixAsked, 60_000);
    const warm = execFileSync(
      "docker",
      ["ps", "-q", "--filter", "label=issue-codegen.module=greport"],
      {
        encoding: "utf8",
      },
    ).trim();
    expect(warm).not.toBe("");

    first.child.kill("SIGTERM");
    const code = await new Promise((resolve) =>
      first.child.once("exit", (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(0);
    // The step in flight finished (attempt 2 built; its files wait in the stored draft, so
    // the branch holds only gparser's round) and its container is gone.
    expect(github.commits("codegen/issue-1")[0]?.message).toMatch(
      /^codegen\(gparser\): attempt 1, passed/,
    );
    const left = execFileSync("docker", ["ps", "-aq", "--filter", `id=${warm}`], {
      encoding: "utf8",
    }).trim();
    expect(left).toBe("");

    mockChat(modelReply(REPORT_FIX_RIGHT));
    await spawnApp(config);
    await waitForSummary(github);
    expect(appComments(github).at(-1)?.body).toMatch(
      /^🏁 Done: 2 succeeded, 0 failed, 0 skipped, in 4 attempts/,
    );
    // No attempt lost or doubled across the processes: the round's one commit lists all three.
    const round = github.commits("codegen/issue-1")[0]?.message ?? "";
    expect(round.split("\n")[0]).toBe("codegen(greport): attempts 1–3, passed");
    expect(round.match(/^- attempt \d/gm)).toEqual(["- attempt 1", "- attempt 2", "- attempt 3"]);
  });
});
