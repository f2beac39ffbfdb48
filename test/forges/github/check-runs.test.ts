import { beforeEach, describe, expect, it } from "vitest";
import {
  type CheckRunOutcome,
  MAX_CHECK_TEXT,
  reportCheckRun,
} from "../../../src/forges/github/check-runs.ts";
import { createFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.ts";
import { TestOctokit } from "../../helpers/probot.ts";

const octokit = new TestOctokit({ auth: { token: "ghs_test" } } as never);

let fake: FakeGitHub;
beforeEach(() => {
  fake = createFakeGitHub();
});

const report = (outcome: CheckRunOutcome) =>
  reportCheckRun(octokit, fake.repo, {
    name: "codegen / parser",
    headSha: fake.head("master") as string,
    outcome,
  });
const checkWrites = () => fake.writesMatching((request) => request.path.includes("/check-runs"));

describe("reportCheckRun", () => {
  it("creates the run already completed on the commit: one write, nothing left in progress", async () => {
    const id = await report({
      conclusion: "success",
      title: "parser passed",
      summary: "12 tests passed.",
      annotations: [],
    });
    expect(checkWrites()).toHaveLength(1);
    expect(checkWrites()[0]?.body).toMatchObject({
      status: "completed",
      conclusion: "success",
      completed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(fake.checkRuns()).toEqual([
      expect.objectContaining({
        id,
        name: "codegen / parser",
        headSha: fake.head("master"),
        status: "completed",
        conclusion: "success",
        output: { title: "parser passed", summary: "12 tests passed.", text: null },
      }),
    ]);
  });

  it("sends 120 annotations in three requests, the first creating the completed run", async () => {
    const annotations = Array.from({ length: 120 }, (_, index) => ({
      path: "expenses/parser.py",
      line: index + 1,
      message: `E${index}: undefined name`,
    }));
    await report({
      conclusion: "failure",
      title: "parser failed its tests",
      summary: "3 tests failed.",
      text: "```\nFAILED tests/test_parser.py::test_rejects_missing_amount\n```",
      annotations,
    });
    const requests = checkWrites();
    const batchSizes = requests.map((request) => {
      const output = request.body?.output as { annotations?: unknown[] } | undefined;
      return output?.annotations?.length;
    });
    expect(batchSizes).toEqual([50, 50, 20]);
    expect(requests.map((request) => request.method)).toEqual(["POST", "PATCH", "PATCH"]);
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

  it("cuts summary and text to GitHub's 65 535 characters with a note", async () => {
    await report({
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
    await report({
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
    expect(fake.checkRuns()[0]?.annotations).toEqual([
      expect.objectContaining({ path: "expenses/parser.py", start_line: 1, end_line: 1 }),
      expect.objectContaining({ path: "expenses/report.py", start_line: 1, end_line: 1 }),
    ]);
  });
});
