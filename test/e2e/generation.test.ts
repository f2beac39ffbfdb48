import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { createFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { type ChatRequest, mockChat } from "../helpers/llm.ts";
import { testProbot } from "../helpers/probot.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import {
  fencedJson,
  PARSER_FILES,
  PLAN_ANSWER,
  REPORT_FILES,
  REPORT_FIX_RIGHT,
  REPORT_FIX_WRONG,
  REQUEST,
} from "./python-project.ts";

const docker = await dockerStatus();

let harness: ReturnType<typeof testApp>;
let probot: ReturnType<typeof testProbot>;
let github: FakeGitHub;

beforeEach(() => {
  harness = testApp();
  probot = testProbot(harness.app);
  github = createFakeGitHub();
  github.addIssue({ number: 1, title: "Expense totals", body: REQUEST });
});
afterEach(() => harness.close());

async function receive(event: Parameters<typeof probot.receive>[0]): Promise<void> {
  await probot.receive(event);
  await harness.serializer.idle();
}

function opened() {
  return webhookEvent("issues.opened", (payload) => {
    payload.issue.title = "Expense totals";
    payload.issue.body = REQUEST;
  });
}

function commented(body: string) {
  const id = github.addComment(1, body);
  return webhookEvent("issue_comment.created", (payload) => {
    payload.issue.number = 1;
    payload.issue.pull_request = undefined;
    payload.comment.id = id;
    payload.comment.body = body;
    payload.sender.login = "Codertocat";
    payload.sender.type = "User";
  });
}

/** Each mocked model answer, in the order the run asks for them. */
function modelAnswers(...answers: unknown[]): ChatRequest[][] {
  return answers.map((answer) =>
    mockChat(typeof answer === "string" ? answer : fencedJson(answer)),
  );
}

function writesSince(mark: number): { method: string; path: string }[] {
  return github.writes().slice(mark);
}

describe.skipIf(!docker.available)("issue to pull request, end to end", () => {
  it("plans two modules, passes the first at once, fixes the second on attempt 3, and delivers a ready PR", async () => {
    mockChat(PLAN_ANSWER);
    await receive(opened());
    const plan = github.comments().find((comment) => comment.body.includes("codegen:plan"));
    expect(plan?.body).toContain("- [x] `report` — Totals the amounts per category");

    const [, , firstFix, secondFix] = modelAnswers(
      PARSER_FILES,
      REPORT_FILES,
      REPORT_FIX_WRONG,
      REPORT_FIX_RIGHT,
    );
    const before = github.writes().length;
    await receive(commented("/start"));

    // Commits: one per attempt that changed files, each naming its module and attempt.
    const messages = github
      .commits("codegen/issue-1")
      .map((commit) => commit.message.split("\n")[0]);
    expect(messages).toEqual([
      "codegen(report): fix, attempt 3",
      "codegen(report): fix, attempt 2",
      "codegen(report): generate, attempt 1",
      "codegen(parser): generate, attempt 1",
      "Initial commit",
    ]);
    expect(github.file("codegen/issue-1", "expenses/report.py")).toContain("round(value, 2)");
    // Each fix was asked with the real failing pytest output of the attempt before.
    const fixPrompt = (requests: ChatRequest[] | undefined) =>
      JSON.stringify(requests?.[0]?.messages);
    expect(fixPrompt(firstFix)).toContain("3.3000000000000003");
    expect(fixPrompt(secondFix)).toMatch(/\{'food': 3, 'rent': 100\}/);

    // A check run per module, completed with its result.
    const checks = github.checkRuns().map((run) => [run.name, run.status, run.conclusion]);
    expect(checks).toEqual([
      ["codegen / parser", "completed", "success"],
      ["codegen / report", "completed", "success"],
    ]);

    // The PR: opened as a draft after the first module, updated, then ready with a review request.
    const [pr] = github.pullRequests();
    expect(pr).toMatchObject({
      head: "codegen/issue-1",
      base: "master",
      draft: false,
      state: "open",
    });
    expect(pr?.requestedReviewers).toEqual(["Codertocat"]);
    expect(pr?.body).toMatch(
      /\| `parser` \| ✅ succeeded \| 1 \| ✅ passed \| 2 passed, 0 failed \|/,
    );
    expect(pr?.body).toMatch(
      /\| `report` \| ✅ succeeded \| 3 \| ✅ passed \| 3 passed, 0 failed \|/,
    );
    expect(pr?.body).toContain("Closes #1");

    // The plan comment is the living status; the issue gets a final summary.
    const status = github.comments().find((comment) => comment.body.includes("codegen:plan"));
    expect(status?.body).toContain("✅ passed (attempt 3)");
    const summary = github.comments().at(-1)?.body ?? "";
    expect(summary).toMatch(
      /^🏁 Done: 2 succeeded, 0 failed, 0 skipped, in 4 attempts using \d+ tokens\./,
    );

    const writes = writesSince(before);
    const perModule = {
      total: writes.length,
      commits: writes.filter((w) => w.path.includes("/git/")).length,
    };
    console.info(`GitHub writes for the two-module run: ${JSON.stringify(perModule)}`);
    expect(perModule.total).toBeLessThan(60);
  });
});
