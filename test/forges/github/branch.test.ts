import { beforeEach, describe, expect, it } from "vitest";
import {
  BranchConflictError,
  commitFiles,
  EmptyRepositoryError,
  ensureBranch,
  listFiles,
  RefNotFoundError,
  readFiles,
} from "../../../src/forges/github/branch.ts";
import { createFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.ts";
import { REPO_PATH } from "../../helpers/github-mocks.ts";
import { github } from "../../helpers/http-mock.ts";
import { TestOctokit } from "../../helpers/probot.ts";

const BRANCH = "codegen/issue-1";
const octokit = new TestOctokit({ auth: { token: "ghs_test" } } as never);

let fake: FakeGitHub;

/** The branch with one module committed; returns its head. */
async function branchWithParser(): Promise<string> {
  const { headSha } = await ensureBranch(octokit, fake.repo, BRANCH);
  const result = await commitFiles(octokit, fake.repo, {
    branch: BRANCH,
    files: [{ path: "expenses/parser.py", content: "def parse(): ...\n" }],
    message: "parser: attempt 1",
    parentSha: headSha,
  });
  return result.sha;
}

const reportChange = (parentSha: string) => ({
  branch: BRANCH,
  files: [{ path: "expenses/report.py", content: "def report(): ...\n" }],
  message: "report: attempt 1",
  parentSha,
});

describe("ensureBranch", () => {
  beforeEach(() => {
    fake = createFakeGitHub();
  });

  it("creates the branch from the default branch's head, then finds it", async () => {
    const master = fake.head("master");
    expect(await ensureBranch(octokit, fake.repo, BRANCH)).toEqual({
      headSha: master,
      created: true,
    });
    expect(fake.writes()).toEqual([
      expect.objectContaining({
        method: "POST",
        path: `${REPO_PATH}/git/refs`,
        body: { ref: `refs/heads/${BRANCH}`, sha: master },
      }),
    ]);
    expect(await ensureBranch(octokit, fake.repo, BRANCH)).toEqual({
      headSha: master,
      created: false,
    });
    expect(fake.writes()).toHaveLength(1);
  });

  it("says plainly that an empty repository has nothing to branch from", async () => {
    fake = createFakeGitHub({ empty: true });
    const attempt = ensureBranch(octokit, fake.repo, BRANCH);
    await expect(attempt).rejects.toBeInstanceOf(EmptyRepositoryError);
    await expect(attempt).rejects.toThrow(
      "Codertocat/Hello-World is empty: push a first commit (a README is enough) so a branch can start from it.",
    );
    expect(fake.writes()).toEqual([]);
  });
});

describe("ensureBranch without the fake", () => {
  it("uses the branch another worker created between the read and the write", async () => {
    const ref = `${REPO_PATH}/git/ref/heads%2Fcodegen%2Fissue-1`;
    const theirs = "b".repeat(40);
    github()
      .get(ref)
      .reply(404, { message: "Not Found" })
      .get(REPO_PATH)
      .reply(200, { default_branch: "main" })
      .get(`${REPO_PATH}/git/ref/heads%2Fmain`)
      .reply(200, { ref: "refs/heads/main", object: { sha: "a".repeat(40), type: "commit" } })
      .post(`${REPO_PATH}/git/refs`, { ref: `refs/heads/${BRANCH}`, sha: "a".repeat(40) })
      .reply(422, { message: "Reference already exists", status: "422" })
      .get(ref)
      .reply(200, { ref: `refs/heads/${BRANCH}`, object: { sha: theirs, type: "commit" } });
    expect(
      await ensureBranch(octokit, { owner: "Codertocat", repo: "Hello-World" }, BRANCH),
    ).toEqual({
      headSha: theirs,
      created: false,
    });
  });
});

describe("commitFiles", () => {
  beforeEach(() => {
    fake = createFakeGitHub();
  });

  it("commits on top of the head and fast-forwards the branch without force", async () => {
    const { headSha } = await ensureBranch(octokit, fake.repo, BRANCH);
    const result = await commitFiles(octokit, fake.repo, {
      branch: BRANCH,
      files: [{ path: "expenses/parser.py", content: "def parse(): ...\n" }],
      message: "parser: attempt 1",
      parentSha: headSha,
    });
    expect(result).toEqual({
      sha: fake.head(BRANCH),
      parentSha: headSha,
      headMoved: false,
      recreated: false,
      changed: true,
    });
    expect(fake.commits(BRANCH).map((commit) => commit.message)).toEqual([
      "parser: attempt 1",
      "Initial commit",
    ]);
    expect(fake.file(BRANCH, "expenses/parser.py")).toBe("def parse(): ...\n");
    expect(fake.file(BRANCH, "README.md")).toBe("# Hello-World\n");
    const [, tree, commit, ref] = fake.writes();
    expect(tree?.body).toMatchObject({
      tree: [
        {
          path: "expenses/parser.py",
          mode: "100644",
          type: "blob",
          content: "def parse(): ...\n",
        },
      ],
    });
    expect(commit?.body).toMatchObject({ message: "parser: attempt 1", parents: [headSha] });
    expect(ref).toMatchObject({
      method: "PATCH",
      path: `${REPO_PATH}/git/refs/heads/${BRANCH}`,
      body: { sha: result.sha, force: false },
    });
  });

  it("commits on top of a person's push and keeps their file", async () => {
    const ours = await branchWithParser();
    const human = fake.pushCommit(BRANCH, { "NOTES.md": "mine\n" }, "Add notes");
    const result = await commitFiles(octokit, fake.repo, reportChange(ours));
    expect(result).toMatchObject({ parentSha: human, headMoved: true, recreated: false });
    expect(fake.commits(BRANCH).map((commit) => commit.message)).toEqual([
      "report: attempt 1",
      "Add notes",
      "parser: attempt 1",
      "Initial commit",
    ]);
    expect(fake.file(BRANCH, "NOTES.md")).toBe("mine\n");
    expect(fake.file(BRANCH, "expenses/report.py")).toBe("def report(): ...\n");
    expect(fake.writesMatching((request) => request.body?.force === true)).toEqual([]);
  });

  it("builds on a force-pushed head instead of forcing the branch back", async () => {
    const ours = await branchWithParser();
    fake.forcePush(BRANCH, fake.head("master") as string);
    const rewritten = fake.pushCommit(BRANCH, { "src/other.py": "x = 1\n" }, "Start over");
    const result = await commitFiles(octokit, fake.repo, reportChange(ours));
    expect(result).toMatchObject({ parentSha: rewritten, headMoved: true });
    expect(fake.commits(BRANCH)[1]?.sha).toBe(rewritten);
    expect(fake.file(BRANCH, "expenses/parser.py")).toBeNull();
    expect(fake.file(BRANCH, "src/other.py")).toBe("x = 1\n");
    expect(fake.writesMatching((request) => request.body?.force === true)).toEqual([]);
  });

  it("recreates a deleted branch from the default branch", async () => {
    const ours = await branchWithParser();
    fake.deleteBranch(BRANCH);
    const result = await commitFiles(octokit, fake.repo, reportChange(ours));
    expect(result).toMatchObject({
      parentSha: fake.head("master"),
      headMoved: false,
      recreated: true,
    });
    expect(fake.commits(BRANCH).map((commit) => commit.message)).toEqual([
      "report: attempt 1",
      "Initial commit",
    ]);
  });

  it("reads the head itself when the caller has none, and makes a missing branch", async () => {
    const ours = await branchWithParser();
    const { parentSha: _unknown, ...change } = reportChange(ours);
    expect(await commitFiles(octokit, fake.repo, change)).toMatchObject({
      parentSha: ours,
      headMoved: false,
      recreated: false,
    });
    fake.deleteBranch(BRANCH);
    expect(await commitFiles(octokit, fake.repo, change)).toMatchObject({
      parentSha: fake.head("master"),
      recreated: true,
    });
    expect(fake.file(BRANCH, "expenses/report.py")).toBe("def report(): ...\n");
  });

  it("gives up with a typed error when the branch moves under every attempt", async () => {
    const { headSha } = await ensureBranch(octokit, fake.repo, BRANCH);
    fake.failNext("PATCH", /\/git\/refs\//, 422, 3, { message: "Update is not a fast forward" });
    const attempt = commitFiles(octokit, fake.repo, reportChange(headSha));
    await expect(attempt).rejects.toBeInstanceOf(BranchConflictError);
    await expect(attempt).rejects.toThrow(
      "The branch codegen/issue-1 moved during each of 3 attempts to commit to it.",
    );
    expect(fake.head(BRANCH)).toBe(headSha);
  });

  it("deletes files and folders that exist and ignores the rest", async () => {
    const { headSha } = await ensureBranch(octokit, fake.repo, BRANCH);
    const seeded = await commitFiles(octokit, fake.repo, {
      branch: BRANCH,
      files: [
        { path: "old/a.py", content: "a\n" },
        { path: "old/b/c.py", content: "c\n" },
        { path: "keep.py", content: "k\n" },
      ],
      message: "seed",
      parentSha: headSha,
    });
    await commitFiles(octokit, fake.repo, {
      branch: BRANCH,
      files: [],
      deletions: ["old", "never-existed.py"],
      message: "clean up",
      parentSha: seeded.sha,
    });
    expect(fake.paths(BRANCH)).toEqual(["README.md", "keep.py"]);
    const tree = fake.writesMatching((request) => request.path.endsWith("/git/trees")).at(-1);
    expect(tree?.body?.tree).toEqual([
      { path: "old/a.py", mode: "100644", type: "blob", sha: null },
      { path: "old/b/c.py", mode: "100644", type: "blob", sha: null },
    ]);
  });

  it("makes no commit when the files are already as asked", async () => {
    const ours = await branchWithParser();
    const writes = fake.writes().length;
    const result = await commitFiles(octokit, fake.repo, {
      branch: BRANCH,
      files: [{ path: "expenses/parser.py", content: "def parse(): ...\n" }],
      deletions: ["gone.py"],
      message: "parser: attempt 2",
      parentSha: ours,
    });
    expect(result).toEqual({
      sha: ours,
      parentSha: ours,
      headMoved: false,
      recreated: false,
      changed: false,
    });
    expect(
      fake
        .writes()
        .slice(writes)
        .map((request) => request.path),
    ).toEqual([`${REPO_PATH}/git/trees`]);
    expect(fake.head(BRANCH)).toBe(ours);
  });

  it("refuses an empty change and paths the path policy refuses, before any request", async () => {
    const head = fake.head("master") as string;
    const change = { branch: BRANCH, message: "m", parentSha: head };
    await expect(commitFiles(octokit, fake.repo, { ...change, files: [] })).rejects.toThrow(
      "commitFiles needs at least one file to write or delete.",
    );
    for (const path of ["/etc/passwd", "../x.py", "a/./b.py", "C:/x.py", `${"ü".repeat(513)}.md`]) {
      await expect(
        commitFiles(octokit, fake.repo, { ...change, files: [{ path, content: "" }] }),
      ).rejects.toThrow(`Refusing to commit the path ${JSON.stringify(path)}: must`);
    }
    expect(fake.requests()).toEqual([]);
  });
});

describe("readFiles and listFiles", () => {
  beforeEach(() => {
    fake = createFakeGitHub();
  });

  it("reads the wanted files that exist, skipping missing and oversized ones", async () => {
    const big = "x".repeat(1024 * 1024 + 1);
    const head = fake.pushCommit(
      "master",
      { "src/app.py": "print('hi')\n", "data/big.csv": big, "src/ü.txt": "grüße\n" },
      "Add files",
    );
    const files = await readFiles(octokit, fake.repo, "master", [
      "src/app.py",
      "src/ü.txt",
      "data/big.csv",
      "src/missing.py",
    ]);
    expect(files).toEqual([
      { path: "src/app.py", content: "print('hi')\n" },
      { path: "src/ü.txt", content: "grüße\n" },
    ]);
    expect(fake.requests().filter((request) => request.path.includes("/git/blobs/"))).toHaveLength(
      2,
    );
    expect(await listFiles(octokit, fake.repo, head)).toEqual([
      "README.md",
      "data/big.csv",
      "src/app.py",
      "src/ü.txt",
    ]);
  });

  it("names a branch that does not exist", async () => {
    await expect(readFiles(octokit, fake.repo, "nope", ["a"])).rejects.toBeInstanceOf(
      RefNotFoundError,
    );
    await expect(listFiles(octokit, fake.repo, "nope")).rejects.toThrow(
      "No branch or commit named nope.",
    );
  });
});
