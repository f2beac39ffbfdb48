import { beforeEach, describe, expect, it } from "vitest";
import { completeCheckRun, MAX_CHECK_TEXT, startCheckRun } from "../../src/github/check-runs.ts";
import { createFakeGitHub, type FakeGitHub } from "../helpers/fake-github/index.ts";
import { REPO_PATH } from "../helpers/github-mocks.ts";
import { TestOctokit } from "../helpers/probot.ts";

const octokit = new TestOctokit({ auth: { token: "ghs_test" } } as never);

let fake: FakeGitHub;
let runId: number;
beforeEach(async () => {
  fake = createFakeGitHub();
  runId = await startCheckRun(octokit, fake.repo, {
    name: "codegen: parser",
    headSha: fake.head("master") as string,
    title: "Building parser (attempt 1 of 5)",
    summary: "🔨 Building and testing in the sandbox.",
  });
});

const updates = () =>
  fake.writesMatching((request) => request.path === `${REPO_PATH}/check-runs/${runId}`);

describe("startCheckRun", () => {
  it("opens the run in progress on the commit", () => {
    expect(fake.checkRuns()).toEqual([
      expect.objectContaining({
        id: runId,
        name: "codegen: parser",
        headSha: fake.head("master"),
        status: "in_progress",
        conclusion: null,
        output: {
          title: "Building parser (attempt 1 of 5)",
          summary: "🔨 Building and testing in the sandbox.",
          text: null,
        },
      }),
    ]);
    expect(fake.writes()[0]?.body).toMatchObject({
      status: "in_progress",
      started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });
});

describe("completeCheckRun", () => {
  it("sends 120 annotations in three requests, concluding with the first", async () => {
    const annotations = Array.from({ length: 120 }, (_, index) => ({
      path: "expenses/parser.py",
      line: index + 1,
      message: `E${index}: undefined name`,
    }));
    const sent = await completeCheckRun(octokit, fake.repo, runId, {
      conclusion: "failure",
      title: "parser failed its tests",
      summary: "3 tests failed.",
      text: "```\nFAILED tests/test_parser.py::test_rejects_missing_amount\n```",
      annotations,
    });
    expect(sent).toEqual({ annotations: 120, skipped: 0 });
    const requests = updates();
    const batchSizes = requests.map((request) => {
      const output = request.body?.output as { annotations?: unknown[] } | undefined;
      return output?.annotations?.length;
    });
    expect(batchSizes).toEqual([50, 50, 20]);
    expect(requests[0]?.body).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(requests[1]?.body).not.toHaveProperty("conclusion");
    expect(requests[2]?.body).toMatchObject({
      output: { title: "parser failed its tests", summary: "3 tests failed." },
    });
    const [run] = fake.checkRuns();
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run?.annotations).toHaveLength(120);
    expect(run?.annotations[119]).toEqual({
      path: "expenses/parser.py",
      start_line: 120,
      end_line: 120,
      annotation_level: "failure",
      message: "E119: undefined name",
    });
  });

  it("concludes in one request when there is nothing to annotate", async () => {
    await completeCheckRun(octokit, fake.repo, runId, {
      conclusion: "success",
      title: "parser passed",
      summary: "12 tests passed.",
      annotations: [],
    });
    expect(updates()).toHaveLength(1);
    expect(fake.checkRuns()[0]).toMatchObject({
      conclusion: "success",
      output: { title: "parser passed", summary: "12 tests passed.", text: null },
    });
  });

  it("cuts summary and text to GitHub's 65 535 characters with a note", async () => {
    await completeCheckRun(octokit, fake.repo, runId, {
      conclusion: "failure",
      title: "parser failed",
      summary: "s".repeat(80_000),
      text: `\`\`\`\n${"log line\n".repeat(10_000)}\`\`\``,
      annotations: [],
    });
    const output = fake.checkRuns()[0]?.output;
    expect(output?.summary?.length).toBeLessThanOrEqual(MAX_CHECK_TEXT);
    expect(output?.summary).toMatch(/> ✂️ 14,\d{3} more characters cut to fit GitHub's limit\.$/);
    expect(output?.text?.length).toBeLessThanOrEqual(MAX_CHECK_TEXT);
    expect(output?.text).toMatch(/log line\n```\n\n> ✂️ [\d,]+ more characters cut/);
  });

  it("places annotations without a line on line 1, and leaves out paths outside the repo", async () => {
    const sent = await completeCheckRun(octokit, fake.repo, runId, {
      conclusion: "failure",
      title: "parser failed to build",
      summary: "Syntax errors.",
      annotations: [
        { path: "./expenses/parser.py", line: null, message: "invalid syntax" },
        { path: "expenses\\report.py", line: 0, message: "unexpected indent" },
        { path: "/workspace/expenses/parser.py", line: 3, message: "absolute" },
        { path: "../secrets.txt", line: 1, message: "outside" },
      ],
    });
    expect(sent).toEqual({ annotations: 2, skipped: 2 });
    expect(fake.checkRuns()[0]?.annotations).toEqual([
      expect.objectContaining({ path: "expenses/parser.py", start_line: 1, end_line: 1 }),
      expect.objectContaining({ path: "expenses/report.py", start_line: 1, end_line: 1 }),
    ]);
  });
});
