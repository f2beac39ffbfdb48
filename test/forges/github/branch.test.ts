import { beforeEach, describe, expect, it } from "vitest";
import {
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
