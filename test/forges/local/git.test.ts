import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotARepositoryError, openRepository } from "../../../src/forges/local/git.ts";
import { checkoutState, dirtyRepository, git } from "./git-repo.ts";

describe("the local repository, written through plumbing only", () => {
  it("commits on its own branch and leaves the checked-out branch, index and work tree alone", async () => {
    const dir = dirtyRepository();
    const before = checkoutState(dir);
    const repo = await openRepository(join(dir, "."));
    expect(await repo.createBranch("codegen/csv")).toBe(true);
    expect(await repo.createBranch("codegen/csv")).toBe(false);

    const first = await repo.commit(
      "codegen/csv",
      [{ path: "csv2json/convert.py", content: "def convert():\n    return []\n" }],
      "codegen(convert): generate, attempt 1",
    );
    expect(first).toMatchObject({ changed: true, recreated: false });
    // The same files again (a replayed step) make no second commit.
    const again = await repo.commit(
      "codegen/csv",
      [{ path: "csv2json/convert.py", content: "def convert():\n    return []\n" }],
      "codegen(convert): generate, attempt 1",
    );
    expect(again).toEqual({ sha: first.sha, changed: false, recreated: false });

    expect(checkoutState(dir)).toEqual(before);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain("edited, not staged");
    expect(git(dir, "log", "--format=%s", "codegen/csv")).toBe(
      "codegen(convert): generate, attempt 1\nInitial commit\n",
    );
    // The branch starts from the commit, not from the uncommitted changes.
    expect(git(dir, "show", "codegen/csv:notes.txt")).toBe("draft\n");
    expect(await repo.readFiles("codegen/csv", ["csv2json/convert.py", "missing.py"])).toEqual([
      { path: "csv2json/convert.py", content: "def convert():\n    return []\n" },
    ]);
  });

  it("makes a deleted branch again from HEAD when it commits", async () => {
    const dir = dirtyRepository();
    const repo = await openRepository(dir);
    await repo.createBranch("codegen/gone");
    git(dir, "branch", "-D", "codegen/gone");
    expect(await repo.readFiles("codegen/gone", ["a.py"])).toEqual([]);
    const result = await repo.commit("codegen/gone", [{ path: "a.py", content: "x = 1\n" }], "m");
    expect(result).toMatchObject({ changed: true, recreated: true });
    expect(await repo.branchHead("codegen/gone")).toBe(result.sha);
  });

  it("refuses a folder that is not a repository, or one with no commit, in plain words", async () => {
    const plain = mkdtempSync(join(tmpdir(), "codegen-plain-"));
    await expect(openRepository(plain)).rejects.toThrow(NotARepositoryError);
    await expect(openRepository(plain)).rejects.toThrow(/is not a git repository/);
    git(plain, "init", "-q");
    await expect(openRepository(plain)).rejects.toThrow(/has no commit yet/);
  });
});
