import { describe, expect, it } from "vitest";
import { listFiles, readFiles } from "../../../src/forges/github/branch.ts";
import { readRepoLanguages } from "../../../src/forges/github/thread.ts";
import { MAX_TREE_REQUESTS, TreeTooLargeError } from "../../../src/forges/github/tree-reader.ts";
import { createFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.ts";
import { REPO_PATH } from "../../helpers/github-mocks.ts";
import { github } from "../../helpers/http-mock.ts";
import { TestOctokit } from "../../helpers/probot.ts";

const octokit = new TestOctokit({ auth: { token: "ghs_test" } } as never);

/** `count` files named `${folder}NNN${name}`, numbered so they sort in order. */
function manyFiles(count: number, folder: string, name: string): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `${folder}${String(i).padStart(4, "0")}${name}`,
      `${i}\n`,
    ]),
  );
}

/**
 * A monorepo whose recursive listing GitHub truncates: 300 vendored files sort before the
 * services, so the first 100 entries hold none of them.
 */
function monorepo(): FakeGitHub {
  return createFakeGitHub({
    treeLimit: 100,
    files: {
      "README.md": "# mono\n",
      ...manyFiles(300, "deps/lib", ".txt"),
      "services/api/pyproject.toml": "[project]\nname = 'api'\n",
      "services/api/app.py": "print('api')\n",
      "services/web/index.js": "console.log('web')\n",
    },
  });
}

const treeReads = (fake: FakeGitHub) =>
  fake.requests().filter((request) => request.path.includes("/git/trees/"));

describe("reading a tree GitHub truncates", () => {
  it("the fake truncates recursive listings past its limit, as GitHub does", async () => {
    const fake = monorepo();
    const { data } = await octokit.rest.git.getTree({
      ...fake.repo,
      tree_sha: "master",
      recursive: "1",
    });
    expect(data.truncated).toBe(true);
    expect(data.tree).toHaveLength(100);
    expect(data.tree.some((entry) => entry.path.startsWith("services/"))).toBe(false);
  });

  it("reads the wanted files by walking only the folders on their way", async () => {
    const fake = monorepo();
    const files = await readFiles(octokit, fake.repo, "master", [
      "services/api/app.py",
      "services/web/missing.js",
    ]);
    expect(files).toEqual([{ path: "services/api/app.py", content: "print('api')\n" }]);
    // The truncated recursive listing, then the root, services/, services/api/ and
    // services/web/: never the 300 vendored files.
    const reads = treeReads(fake);
    expect(reads).toHaveLength(5);
    expect(reads.slice(1).every((request) => request.query.recursive === undefined)).toBe(true);
  });

  it("lists every file, reading each top folder recursively", async () => {
    const fake = monorepo();
    const head = fake.head("master") ?? "";
    expect((await listFiles(octokit, fake.repo, head)).sort()).toEqual(fake.paths("master"));
    // The recursive listing and deps/'s are truncated, so: recursive, root, deps/ recursive,
    // deps/ alone, services/ recursive.
    expect(treeReads(fake).map((request) => request.query.recursive ?? "-")).toEqual([
      "1",
      "-",
      "1",
      "-",
      "1",
    ]);
  });

  it("stops with a clear error after its cap of tree requests, never with a partial list", async () => {
    // 300 packages of 1 file: listing all of them takes one request per package.
    const fake = createFakeGitHub({
      treeLimit: 100,
      files: { "README.md": "# many\n", ...manyFiles(300, "pkgs/p", "/index.js") },
    });
    const error = await listFiles(octokit, fake.repo, "master").catch((thrown) => thrown);
    expect(error).toBeInstanceOf(TreeTooLargeError);
    expect(error.message).toMatch(
      /^Codertocat\/Hello-World at [0-9a-f]{7} is too large to read: GitHub truncated its file list, and the folders this step needs take more than 200 requests to list\./,
    );
    expect(treeReads(fake)).toHaveLength(MAX_TREE_REQUESTS);

    // What a run needs stays cheap on the same repository.
    const before = treeReads(fake).length;
    const files = await readFiles(octokit, fake.repo, "master", ["pkgs/p0299/index.js"]);
    expect(files).toEqual([{ path: "pkgs/p0299/index.js", content: "299\n" }]);
    expect(treeReads(fake).length - before).toBe(4);
  });

  it("refuses a folder that even a non-recursive listing truncates", async () => {
    const commit = "a".repeat(40);
    const root = "b".repeat(40);
    github()
      .get(`${REPO_PATH}/git/trees/${commit}`)
      .query({ recursive: "1" })
      .reply(200, { sha: root, url: "", tree: [], truncated: true });
    github()
      .get(`${REPO_PATH}/git/trees/${root}`)
      .reply(200, {
        sha: root,
        url: "",
        tree: [{ path: "a.txt", mode: "100644", type: "blob", sha: "c".repeat(40), size: 1 }],
        truncated: true,
      });
    await expect(
      readFiles(octokit, { owner: "Codertocat", repo: "Hello-World" }, commit, ["z.txt"]),
    ).rejects.toThrow("the folder / alone holds more than GitHub lists");
  });
});

describe("language markers in a large root", () => {
  it("finds a marker past the 1,000 entries the contents API lists", async () => {
    createFakeGitHub({
      files: { ...manyFiles(1000, "a", ".txt"), "pyproject.toml": "[project]\n" },
    });
    expect(await readRepoLanguages(octokit, { owner: "Codertocat", repo: "Hello-World" })).toEqual([
      "python",
    ]);
  });
});
