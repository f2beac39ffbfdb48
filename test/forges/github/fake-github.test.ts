import nock from "nock";
import { describe, expect, it } from "vitest";
import { createFakeGitHub } from "../../helpers/fake-github/index.ts";
import { verifyHttpMock } from "../../helpers/http-mock.ts";
import { RetryingTestOctokit, TestOctokit, testProbot } from "../../helpers/probot.ts";
import { INSTALLATION_ID } from "../../helpers/webhooks.ts";

const octokit = () => new TestOctokit({ auth: { token: "ghs_test" } } as never);

describe("the fake GitHub", () => {
  it("leaves the HTTP guard quiet when none of its routes were used", () => {
    createFakeGitHub();
    expect(nock.pendingMocks()).toEqual([]);
    expect(() => verifyHttpMock()).not.toThrow();
  });

  it("still lets the guard fail a request it has no route for", async () => {
    createFakeGitHub();
    await expect(
      octokit().rest.repos.listForks({ owner: "Codertocat", repo: "Hello-World" }),
    ).rejects.toThrow();
    expect(() => verifyHttpMock()).toThrow(/request with no mock: GET .*\/forks/);
  });

  it("replaces the previous fake when a new one is created", async () => {
    createFakeGitHub();
    const empty = createFakeGitHub({ empty: true });
    await expect(
      octokit().rest.git.getRef({ ...empty.repo, ref: "heads/master" }),
    ).rejects.toMatchObject({ status: 409 });
    expect(empty.requests()).toHaveLength(1);
  });

  it("starts with a default branch holding README.md, with real git object ids", async () => {
    const fake = createFakeGitHub();
    const { data: repo } = await octokit().rest.repos.get(fake.repo);
    expect(repo.default_branch).toBe("master");
    const { data: ref } = await octokit().rest.git.getRef({ ...fake.repo, ref: "heads/master" });
    expect(ref.object.sha).toMatch(/^[0-9a-f]{40}$/);
    const { data: commit } = await octokit().rest.git.getCommit({
      ...fake.repo,
      commit_sha: ref.object.sha,
    });
    const { data: tree } = await octokit().rest.git.getTree({
      ...fake.repo,
      tree_sha: commit.tree.sha,
    });
    // `git hash-object` of "# Hello-World\n"
    expect(tree.tree).toEqual([
      expect.objectContaining({
        path: "README.md",
        type: "blob",
        mode: "100644",
        size: 14,
        sha: "e599575dd94d9d67ebe1f3a9a7e9e52bda159547",
      }),
    ]);
    expect(fake.file("master", "README.md")).toBe("# Hello-World\n");
  });

  it("answers 409 from the Git Data API for an empty repository", async () => {
    const fake = createFakeGitHub({ empty: true });
    await expect(
      octokit().rest.git.getRef({ ...fake.repo, ref: "heads/master" }),
    ).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("Git Repository is empty."),
    });
  });

  it("refuses a ref update that is not a fast forward unless forced", async () => {
    const fake = createFakeGitHub();
    const first = fake.head("master") as string;
    fake.pushCommit("master", { "a.txt": "a" }, "Add a");
    await expect(
      octokit().rest.git.updateRef({ ...fake.repo, ref: "heads/master", sha: first, force: false }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Update is not a fast forward"),
    });
    expect(fake.writes()).toEqual([
      expect.objectContaining({
        method: "PATCH",
        path: "/repos/Codertocat/Hello-World/git/refs/heads/master",
        status: 422,
      }),
    ]);
  });

  it("fails the next matching requests with failNext, then answers again", async () => {
    const fake = createFakeGitHub();
    fake.failNext("GET", /\/git\/ref\//, 502, 2);
    const call = () => octokit().rest.git.getRef({ ...fake.repo, ref: "heads/master" });
    await expect(call()).rejects.toMatchObject({ status: 502 });
    await expect(call()).rejects.toMatchObject({ status: 502 });
    await expect(call()).resolves.toMatchObject({ status: 200 });
    expect(fake.requests().map((request) => request.status)).toEqual([502, 502, 200]);
  });

  it("lets Octokit's retry plugin ride out a server error", async () => {
    const fake = createFakeGitHub();
    fake.failNext("POST", /\/issues\/1\/comments$/, 500, 1);
    const retrying = new RetryingTestOctokit({ auth: { token: "ghs_test" } } as never);
    const { data } = await retrying.rest.issues.createComment({
      ...fake.repo,
      issue_number: 1,
      body: "hi",
    });
    expect(data.body).toBe("hi");
    expect(fake.comments()).toHaveLength(1);
    expect(fake.writes().map((request) => request.status)).toEqual([500, 201]);
  });

  it("answers a rate limit with 403 and retry-after", async () => {
    const fake = createFakeGitHub();
    fake.failNext("POST", /\/check-runs$/, 403);
    const error = await octokit()
      .rest.checks.create({ ...fake.repo, name: "parser", head_sha: fake.head("master") as string })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      status: 403,
      message: expect.stringContaining("secondary rate limit"),
      response: { headers: expect.objectContaining({ "retry-after": "1" }) },
    });
    expect(fake.checkRuns()).toEqual([]);
  });

  it("hands Probot an installation token", async () => {
    const fake = createFakeGitHub();
    const installation = await testProbot().auth(INSTALLATION_ID);
    await installation.rest.repos.get(fake.repo);
    expect(
      fake.requests().map((request) => `${request.method} ${request.path} ${request.status}`),
    ).toEqual([
      `POST /app/installations/${INSTALLATION_ID}/access_tokens 201`,
      "GET /repos/Codertocat/Hello-World 200",
    ]);
  });

  it("keeps comments, reactions and permissions", async () => {
    const fake = createFakeGitHub();
    fake.setPermission("octocat", "read");
    const client = octokit();
    const { data: created } = await client.rest.issues.createComment({
      ...fake.repo,
      issue_number: 1,
      body: "plan v1",
    });
    await client.rest.issues.updateComment({
      ...fake.repo,
      comment_id: created.id,
      body: "plan v2",
    });
    await client.rest.reactions.createForIssueComment({
      ...fake.repo,
      comment_id: created.id,
      content: "rocket",
    });
    const { data: listed } = await client.rest.issues.listComments({
      ...fake.repo,
      issue_number: 1,
    });
    expect(listed.map((comment) => comment.body)).toEqual(["plan v2"]);
    expect(fake.reactions()).toEqual([
      expect.objectContaining({ content: "rocket", target: { comment: created.id } }),
    ]);
    const permission = (username: string) =>
      client.rest.repos
        .getCollaboratorPermissionLevel({ ...fake.repo, username })
        .then((r) => r.data.permission);
    expect(await permission("Codertocat")).toBe("write");
    expect(await permission("octocat")).toBe("read");
  });

  it("serves .github/codegen.yml raw when configured, and 404 otherwise", async () => {
    const configured = createFakeGitHub({ repoConfig: "maxAttempts: 3\n" });
    const { data } = await octokit().request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...configured.repo,
      path: ".github/codegen.yml",
      mediaType: { format: "raw" },
    });
    expect(data).toBe("maxAttempts: 3\n");
    verifyHttpMock();
    const bare = createFakeGitHub();
    await expect(
      octokit().rest.repos.getContent({ ...bare.repo, path: ".github/codegen.yml" }),
    ).rejects.toMatchObject({ status: 404 });
    const { data: root } = await octokit().rest.repos.getContent({ ...bare.repo, path: "" });
    expect(root).toEqual([expect.objectContaining({ name: "README.md", type: "file" })]);
  });
});
