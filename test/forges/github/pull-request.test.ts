import { beforeEach, describe, expect, it } from "vitest";
import { ensureBranch } from "../../../src/forges/github/branch.ts";
import { commitOnBranch } from "../../../src/forges/github/commit-on-branch.ts";
import {
  fitBody,
  MAX_PR_BODY,
  markReadyForReview,
  requestReview,
  upsertPullRequest,
} from "../../../src/forges/github/pull-request.ts";
import { createFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.ts";
import { REPO_PATH } from "../../helpers/github-mocks.ts";
import { TestOctokit } from "../../helpers/probot.ts";

const BRANCH = "codegen/issue-1";
const octokit = new TestOctokit({ auth: { token: "ghs_test" } } as never);

let fake: FakeGitHub;

/** The fake with the run's branch one commit ahead of master. */
async function repoWithBranch(options: Parameters<typeof createFakeGitHub>[0] = {}) {
  fake = createFakeGitHub(options);
  await ensureBranch(octokit, fake.repo, BRANCH);
  await commitOnBranch(octokit, fake.repo, {
    branch: BRANCH,
    files: [{ path: "expenses/parser.py", content: "def parse(): ...\n" }],
    message: "parser: attempt 1",
  });
}

const draft = (number: number | null, body = "| module | status |\n| parser | ✅ |") => ({
  number,
  head: BRANCH,
  base: "master",
  title: "Expense totals (#1)",
  body,
});

describe("upsertPullRequest", () => {
  beforeEach(() => repoWithBranch());

  it("opens a draft pull request the first time, then updates it", async () => {
    const created = await upsertPullRequest(octokit, fake.repo, draft(null));
    expect(created).toEqual({
      number: 2,
      nodeId: expect.stringMatching(/^PR_/),
      url: "https://github.com/Codertocat/Hello-World/pull/2",
      draft: true,
      event: "created",
    });
    expect(fake.writesMatching((request) => request.path === `${REPO_PATH}/pulls`)).toEqual([
      expect.objectContaining({
        body: {
          head: BRANCH,
          base: "master",
          title: "Expense totals (#1)",
          body: "| module | status |\n| parser | ✅ |",
          draft: true,
        },
      }),
    ]);

    const updated = await upsertPullRequest(octokit, fake.repo, draft(2, "both modules done"));
    expect(updated).toMatchObject({ number: 2, event: "updated", draft: true });
    expect(fake.pullRequests()).toEqual([
      expect.objectContaining({ number: 2, body: "both modules done", state: "open" }),
    ]);
  });

  it("reopens a pull request someone closed", async () => {
    const { number } = await upsertPullRequest(octokit, fake.repo, draft(null));
    fake.closePullRequest(number);
    expect(await upsertPullRequest(octokit, fake.repo, draft(number))).toMatchObject({
      number,
      event: "reopened",
    });
    expect(fake.pullRequests()).toEqual([expect.objectContaining({ number, state: "open" })]);
  });

  it("opens a new pull request when the old one was merged", async () => {
    const { number } = await upsertPullRequest(octokit, fake.repo, draft(null));
    fake.mergePullRequest(number);
    fake.pushCommit(BRANCH, { "expenses/report.py": "def report(): ...\n" }, "report");
    const next = await upsertPullRequest(octokit, fake.repo, draft(number));
    expect(next).toMatchObject({ number: 3, event: "recreated", draft: true });
    expect(
      fake.pullRequests().map(({ number: n, state, merged }) => ({ n, state, merged })),
    ).toEqual([
      { n: 2, state: "closed", merged: true },
      { n: 3, state: "open", merged: false },
    ]);
  });

  it("opens a new pull request when GitHub will not reopen the closed one", async () => {
    const { number } = await upsertPullRequest(octokit, fake.repo, draft(null));
    fake.closePullRequest(number);
    fake.failNext("PATCH", /\/pulls\/2$/, 422, 1, {
      message: "state cannot be changed. The pull request cannot be reopened.",
    });
    expect(await upsertPullRequest(octokit, fake.repo, draft(number))).toMatchObject({
      number: 3,
      event: "recreated",
    });
  });

  it("adopts the open pull request that already exists for the branch", async () => {
    const first = await upsertPullRequest(octokit, fake.repo, draft(null));
    const again = await upsertPullRequest(octokit, fake.repo, draft(null, "new body"));
    expect(again).toMatchObject({ number: first.number, event: "updated" });
    expect(fake.pullRequests()).toEqual([expect.objectContaining({ body: "new body" })]);
    expect(
      fake
        .requests()
        .find((request) => request.method === "GET" && request.path.endsWith("/pulls")),
    ).toMatchObject({ query: { head: `Codertocat:${BRANCH}`, state: "open" } });
  });

  it("opens a ready pull request where drafts are not available", async () => {
    await repoWithBranch({ draftPullRequests: false });
    expect(await upsertPullRequest(octokit, fake.repo, draft(null))).toMatchObject({
      number: 2,
      draft: false,
      event: "created",
    });
  });

  it("cuts a body over GitHub's limit with a note", async () => {
    const { number } = await upsertPullRequest(octokit, fake.repo, draft(null, "x".repeat(70_000)));
    const body = fake.pullRequests().find((pull) => pull.number === number)?.body ?? "";
    expect(body.length).toBeLessThanOrEqual(MAX_PR_BODY);
    expect(body.length).toBeGreaterThan(MAX_PR_BODY - 10);
    expect(body).toMatch(/\n\n> ✂️ 4,\d{3} more characters cut to fit GitHub's limit\.$/);
  });
});

describe("markReadyForReview and requestReview", () => {
  beforeEach(() => repoWithBranch());

  it("takes the pull request out of draft through GraphQL", async () => {
    const { nodeId } = await upsertPullRequest(octokit, fake.repo, draft(null));
    await markReadyForReview(octokit, nodeId);
    expect(fake.pullRequests()[0]?.draft).toBe(false);
    expect(fake.writes().at(-1)).toMatchObject({
      path: "/graphql",
      body: { variables: { pullRequestId: nodeId } },
    });
  });

  it("fails plainly when GraphQL does not know the node", async () => {
    await expect(markReadyForReview(octokit, "PR_unknown")).rejects.toThrow(
      "Could not resolve to a node with the global id of 'PR_unknown'",
    );
  });

  it("requests a review, and reports instead of failing when GitHub refuses", async () => {
    fake.setPermission("octocat", "write");
    const { number } = await upsertPullRequest(octokit, fake.repo, draft(null));
    expect(await requestReview(octokit, fake.repo, number, "octocat")).toEqual({ requested: true });
    expect(await requestReview(octokit, fake.repo, number, "issue-codegen[bot]")).toEqual({
      requested: false,
      reason: "Review cannot be requested from pull request author.",
    });
    expect(await requestReview(octokit, fake.repo, number, "stranger")).toEqual({
      requested: false,
      reason: expect.stringContaining("Reviews may only be requested from collaborators"),
    });
    expect(fake.pullRequests()[0]?.requestedReviewers).toEqual(["octocat"]);
  });
});

describe("fitBody", () => {
  it("leaves text within the limit alone", () => {
    expect(fitBody("short", 10)).toBe("short");
  });

  it("cuts to the limit, closes an open code fence and says how much was left out", () => {
    const text = `## Log\n\n\`\`\`\n${"line\n".repeat(100)}\`\`\`\n`;
    const fitted = fitBody(text, 200);
    expect(fitted.length).toBeLessThanOrEqual(200);
    expect(fitted).toMatch(/^## Log\n\n```\nline\n/);
    expect(fitted).toMatch(/\nline\n```\n\n> ✂️ \d+ more characters cut to fit GitHub's limit\.$/);
    const omitted = Number(/✂️ (\d+)/.exec(fitted)?.[1]);
    expect(fitted.indexOf("```\n\n>")).toBe(text.length - omitted);
  });

  it("cuts long lines mid-line rather than dropping much", () => {
    const fitted = fitBody(`intro\n${"y".repeat(1000)}`, 500);
    expect(fitted).toMatch(/^intro\ny{300,}\n\n> ✂️ \d+ more characters/);
  });

  it("never splits a surrogate pair", () => {
    const fitted = fitBody("😀".repeat(100), 80);
    expect(fitted.length).toBeLessThanOrEqual(80);
    expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
