import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Runs git in `dir` and returns its output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8" });
}

/**
 * A repository on `main` with one commit, a file changed but not staged and one staged:
 * the dirty state a developer has, which a run must leave as it found it.
 */
export function dirtyRepository(committed: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "codegen-local-"));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Dev");
  git(dir, "config", "user.email", "dev@example.com");
  writeFileSync(join(dir, "README.md"), "# Expenses\n");
  writeFileSync(join(dir, "notes.txt"), "draft\n");
  for (const [path, content] of Object.entries(committed)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "Initial commit");
  writeFileSync(join(dir, "README.md"), "# Expenses (edited, not staged)\n");
  writeFileSync(join(dir, "notes.txt"), "staged change\n");
  git(dir, "add", "notes.txt");
  writeFileSync(join(dir, "scratch.txt"), "untracked\n");
  return dir;
}

/** What `git status` and HEAD say: equal before and after a run that touched nothing. */
export function checkoutState(dir: string) {
  return {
    branch: git(dir, "symbolic-ref", "HEAD").trim(),
    head: git(dir, "rev-parse", "HEAD").trim(),
    status: git(dir, "status", "--porcelain=v1", "--untracked-files=all"),
    staged: git(dir, "diff", "--cached"),
    unstaged: git(dir, "diff"),
  };
}
