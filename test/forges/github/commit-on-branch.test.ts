import { beforeEach, describe, expect, it } from "vitest";
import { BranchConflictError, ensureBranch } from "../../../src/forges/github/branch.ts";
import { commitOnBranch } from "../../../src/forges/github/commit-on-branch.ts";
import { createFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.ts";
import { TestOctokit } from "../../helpers/probot.ts";

const BRANCH = "codegen/issue-1";
const newOctokit = () => new TestOctokit({ auth: { token: "ghs_test" } } as never);
const parser = { path: "expenses/parser.py", content: "def parse(): ...\n" };
const report = { path: "expenses/report.py", content: "def report(): ...\n" };
const message = "codegen(report): attempts 1–2, passed\n\n- attempt 1: failed\n\nIssue #1";

let fake: FakeGitHub;

/** Pushes a person's commit right before each of the next `times` mutations reaches GitHub. */
function pushBeforeMutation(octokit: ReturnType<typeof newOctokit>, times: number) {
  let left = times;
  octokit.hook.before("request", (options) => {
    if (options.url !== "/graphql" || left === 0) return;
    left -= 1;
    fake.pushCommit(BRANCH, { [`NOTES-${left}.md`]: "a person's note\n" }, "Human notes");
  });
}

describe("commitOnBranch", () => {
  beforeEach(async () => {
    fake = createFakeGitHub();
    await ensureBranch(newOctokit(), fake.repo, BRANCH);
  });

  it("commits in one write, its message's first line as headline; a retried step makes no second commit", async () => {
    const octokit = newOctokit();
    const before = fake.writes().length;
    const result = await commitOnBranch(octokit, fake.repo, {
      branch: BRANCH,
      files: [parser, report],
      message,
    });
    expect(result).toMatchObject({ changed: true, headMoved: false, recreated: false });
    expect(
      fake
        .writes()
        .slice(before)
        .map((w) => `${w.method} ${w.path}`),
    ).toEqual(["POST /graphql"]);
    expect(fake.head(BRANCH)).toBe(result.sha);
    expect(fake.commits(BRANCH)[0]?.message).toBe(message);
    expect(fake.file(BRANCH, "expenses/report.py")).toBe(report.content);

    const again = await commitOnBranch(octokit, fake.repo, {
      branch: BRANCH,
      files: [parser, report],
      message,
    });
    expect(again).toMatchObject({ sha: result.sha, changed: false });
    expect(fake.writes().length).toBe(before + 1);
  });

  it("sends only the files the head does not hold as given", async () => {
    const octokit = newOctokit();
    await commitOnBranch(octokit, fake.repo, { branch: BRANCH, files: [parser], message });
    const before = fake.writes().length;
    const changed = { ...report, content: "def report(): return 1\n" };
    await commitOnBranch(octokit, fake.repo, { branch: BRANCH, files: [parser, changed], message });
    const [mutation] = fake.writes().slice(before);
    const variables = mutation?.body?.variables as { input?: { fileChanges?: unknown } };
    expect(variables?.input?.fileChanges).toEqual({
      additions: [
        { path: changed.path, contents: Buffer.from(changed.content).toString("base64") },
      ],
    });
  });

  it("goes on top of a person's push that came between the read and the write", async () => {
    const octokit = newOctokit();
    pushBeforeMutation(octokit, 1);
    const result = await commitOnBranch(octokit, fake.repo, {
      branch: BRANCH,
      files: [report],
      message,
    });
    expect(result).toMatchObject({ changed: true, headMoved: true });
    expect(fake.commits(BRANCH).map((c) => c.message.split("\n")[0])).toEqual([
      "codegen(report): attempts 1–2, passed",
      "Human notes",
      "Initial commit",
    ]);
    expect(fake.file(BRANCH, "NOTES-0.md")).toBe("a person's note\n");
  });

  it("makes a deleted branch again from the default branch", async () => {
    fake.deleteBranch(BRANCH);
    const result = await commitOnBranch(newOctokit(), fake.repo, {
      branch: BRANCH,
      files: [report],
      message,
    });
    expect(result).toMatchObject({
      changed: true,
      recreated: true,
      parentSha: fake.head("master"),
    });
    expect(fake.file(BRANCH, "expenses/report.py")).toBe(report.content);
  });

  it("gives up with a typed error when the branch moves under every attempt", async () => {
    const octokit = newOctokit();
    pushBeforeMutation(octokit, 3);
    const attempt = commitOnBranch(octokit, fake.repo, {
      branch: BRANCH,
      files: [report],
      message,
    });
    await expect(attempt).rejects.toBeInstanceOf(BranchConflictError);
    expect(fake.file(BRANCH, "expenses/report.py")).toBeNull();
  });

  it("refuses a path generated code may not write", async () => {
    await expect(
      commitOnBranch(newOctokit(), fake.repo, {
        branch: BRANCH,
        files: [{ path: "../escape.py", content: "" }],
        message,
      }),
    ).rejects.toThrow(/Refusing to commit the path "\.\.\/escape\.py"/);
  });
});
