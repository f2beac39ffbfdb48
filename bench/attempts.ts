import nock from "nock";
import { ProbotOctokit } from "probot";
import type { Sandbox, SandboxResult } from "../src/sandbox/index.ts";
import { modelReply, REQUEST, slugAttempt, TEXT_PLAN } from "../test/e2e/python-project.ts";
import { testApp, testPolicy } from "../test/helpers/app.ts";
import { createFakeGitHub, type FakeGitHub } from "../test/helpers/fake-github/index.ts";
import { countWrites } from "../test/helpers/fake-github/write-kinds.ts";
import { installHttpMock, verifyHttpMock } from "../test/helpers/http-mock.ts";
import { mockChat } from "../test/helpers/llm.ts";
import { testProbot } from "../test/helpers/probot.ts";
import { webhookEvent } from "../test/helpers/webhooks.ts";
import { median } from "./median.ts";

/**
 * A whole run of one Python module that passes on attempt 1, 5 or 10, through the app as
 * production wires it: Probot's own Octokit (throttling on: writes one second apart, comments
 * three), the real MCP server and Docker sandbox, a scripted model answering at once, and the
 * stateful GitHub double answering in about a millisecond. Counts the GitHub writes and times
 * each attempt: what is not the build's and tests' own time is orchestration.
 */
const SLUG_ONLY = {
  verdict: { ...TEXT_PLAN.verdict, modules: TEXT_PLAN.verdict.modules.slice(1) },
};
const ATTEMPTS = [1, 5, 10];
const REQUIREMENTS = { path: "requirements.txt", content: "pytest\n" };

type SandboxRun = { start: number; end: number; ownMs: number; install: string };

/** Records when each sandbox run started and ended, its phases' own time, and session opens. */
function timedSandbox(runs: SandboxRun[], opened: { sessions: number }) {
  return (sandbox: Sandbox): Sandbox => ({
    ...sandbox,
    openSession: async (options) => {
      opened.sessions += 1;
      const session = await sandbox.openSession(options);
      return {
        ...session,
        close: () => session.close(),
        run: async (files, runOptions) => {
          const start = performance.now();
          const result: SandboxResult = await session.run(files, runOptions);
          const ownMs = result.phases.reduce((sum, phase) => sum + phase.durationMs, 0);
          const install = result.phases.find((phase) => phase.phase === "install")?.status ?? "";
          runs.push({ start, end: performance.now(), ownMs, install });
          return result;
        },
      };
    },
    reapStale: (...args) => sandbox.reapStale(...args),
    close: () => sandbox.close(),
  });
}

function issueComment(github: FakeGitHub, body: string) {
  const id = github.addComment(1, body, "Codertocat");
  return webhookEvent("issue_comment.created", (payload) => {
    payload.issue.number = 1;
    payload.issue.pull_request = undefined;
    payload.comment.id = id;
    payload.comment.body = body;
    payload.sender.login = "Codertocat";
    payload.sender.type = "User";
  });
}

async function oneRun(attempts: number) {
  const runs: SandboxRun[] = [];
  const opened = { sessions: 0 };
  // Production's interval between plan-comment progress edits.
  const policy = { ...testPolicy(), planEditIntervalSec: 10 };
  const harness = testApp({ policy, wrapSandbox: timedSandbox(runs, opened) });
  const probot = testProbot(harness.app, ProbotOctokit);
  const github = createFakeGitHub({ repoConfig: "maxAttempts: 10\n" });
  github.addIssue({ number: 1, title: "Text utilities", body: REQUEST });
  try {
    mockChat(modelReply(SLUG_ONLY));
    await probot.receive(
      webhookEvent("issues.opened", (payload) => {
        payload.issue.body = REQUEST;
      }),
    );
    await harness.serializer.idle();
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const answer = slugAttempt(attempt, attempt === attempts);
      // A dependency manifest (pytest is in the image: pip needs no network), written once:
      // retries change only the code, so their install phase is skipped.
      const files = attempt === 1 ? [...answer.files, REQUIREMENTS] : answer.files;
      mockChat(modelReply({ ...answer, files }));
    }
    const before = github.writes().length;
    const started = performance.now();
    await probot.receive(issueComment(github, "/start"));
    await harness.serializer.idle();
    const totalMs = performance.now() - started;
    const summary = github.comments().at(-1)?.body ?? "";
    if (!summary.includes(`in ${attempts} attempts`))
      throw new Error(`the run did not end as scripted: ${summary.slice(0, 200)}`);
    const plan = github.comments().find((comment) => comment.body.includes("codegen:plan"));
    const writes = countWrites(github.writes().slice(before), plan?.id ?? null);
    // From one sandbox run's start to the next: the attempt after it, whole (generate, model,
    // sync, build, test, state saves, the queue hop); minus its build's and tests' own time.
    const perAttempt = runs.slice(1).map((run, index) => {
      const previous = runs[index] as SandboxRun;
      return { wallMs: run.start - previous.start, ownMs: previous.ownMs };
    });
    const sandboxOverhead = runs.slice(1).map((run) => run.end - run.start - run.ownMs);
    const retryInstalls = runs.slice(1).filter((run) => run.install !== "skipped").length;
    const installs = { first: runs[0]?.install ?? "", retries: retryInstalls };
    return { writes, totalMs, perAttempt, sandboxOverhead, sessions: opened.sessions, installs };
  } finally {
    await harness.close();
    verifyHttpMock();
  }
}

export async function runAttemptBenchmark(): Promise<void> {
  installHttpMock();
  const results = [];
  try {
    for (const attempts of ATTEMPTS) results.push({ attempts, ...(await oneRun(attempts)) });
  } finally {
    nock.enableNetConnect();
  }

  console.log(
    "\nGitHub writes of a one-module run (Python, passing on attempt n), from /start to the summary\n",
  );
  console.log(
    "| attempts | commit | check run | plan comment | pull request | reactions, branch, summary | total | the module's |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { attempts, writes } of results) {
    const total = Object.values(writes).reduce((sum, count) => sum + (count ?? 0), 0);
    const other = (writes.reaction ?? 0) + (writes.branch ?? 0) + (writes.comment ?? 0);
    // The run's own: the plan at /start and at the end, the PR marked ready and review asked.
    const module =
      (writes.commit ?? 0) +
      (writes["check run"] ?? 0) +
      (writes["plan comment"] ?? 0) -
      2 +
      (writes["pull request"] ?? 0) -
      2;
    console.log(
      `| ${attempts} | ${writes.commit ?? 0} | ${writes["check run"] ?? 0} | ${writes["plan comment"] ?? 0} | ${writes["pull request"] ?? 0} | ${other} | ${total} | ${module} |`,
    );
  }

  const many = results.flatMap((result) => result.perAttempt);
  const wall = median(many.map((a) => a.wallMs));
  const own = median(many.map((a) => a.ownMs));
  const overhead = median(many.map((a) => a.wallMs - a.ownMs));
  const sandbox = median(results.flatMap((result) => result.sandboxOverhead));
  console.log(
    `\nPer attempt (attempts 2–n of the 5- and 10-attempt runs, medians, ${many.length} attempts)\n`,
  );
  console.log("| | median |");
  console.log("| --- | ---: |");
  console.log(`| attempt, whole | ${wall.toFixed(0)} ms |`);
  console.log(`| build's and tests' own time (baseline) | ${own.toFixed(0)} ms |`);
  console.log(
    `| orchestration overhead (the rest; model answers at once) | ${overhead.toFixed(0)} ms |`,
  );
  console.log(`| of which the sandbox's own (sync, execs, report) | ${sandbox.toFixed(0)} ms |`);
  console.log("");
  for (const { attempts, totalMs, sessions, installs } of results) {
    console.log(
      `Run with ${attempts} attempt(s): /start to summary ${(totalMs / 1000).toFixed(1)} s; sandbox sessions opened ${sessions} (one warm container, no image build or container start on a retry); install ${installs.first} on attempt 1, run again on ${installs.retries} of ${attempts - 1} retries (the manifest did not change).`,
    );
  }
}
