import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";
import type { CommitResult, SourceFile } from "../../run/ports.ts";

/** The directory is not inside a git repository, or the repository has no commit yet. */
export class NotARepositoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotARepositoryError";
  }
}

const ZERO_SHA = "0000000000000000000000000000000000000000";

/**
 * A local git repository as a run's forge writes to it: only through plumbing (objects, a
 * temporary index, refs), so the checked-out branch, its index and the work tree are never
 * touched, dirty or not.
 */
export type GitRepository = {
  /** The work tree's top folder. */
  root: string;
  /** The repository's own git folder (shared by its worktrees): where run state lives. */
  gitDir: string;
  /** The commit checked out now. */
  headCommit(): Promise<string>;
  /** A file of the commit checked out now, or null when it has none. */
  readAtHead(path: string): Promise<string | null>;
  /** Paths of the files at the top of the commit checked out now. */
  rootNames(): Promise<string[]>;
  branchExists(branch: string): Promise<boolean>;
  /** The branch's commit, or null when there is no such branch. */
  branchHead(branch: string): Promise<string | null>;
  /** Makes `branch` at the commit checked out now; false when it was there already. */
  createBranch(branch: string): Promise<boolean>;
  readFiles(branch: string, paths: readonly string[]): Promise<SourceFile[]>;
  /** Commits `files` over the branch's tree; makes the branch from HEAD when it is gone. */
  commit(branch: string, files: readonly SourceFile[], message: string): Promise<CommitResult>;
};

export async function openRepository(dir: string): Promise<GitRepository> {
  let git: SimpleGit;
  let root: string;
  let gitDir: string;
  try {
    git = simpleGit({ baseDir: dir });
    root = (await git.revparse(["--show-toplevel"])).trim();
    gitDir = (await git.revparse(["--path-format=absolute", "--git-common-dir"])).trim();
  } catch {
    throw new NotARepositoryError(
      `${dir} is not a git repository: run codegen inside one (or pass --repo DIR), or create one with \`git init\` and a first commit`,
    );
  }
  git = simpleGit({ baseDir: root });
  if (!(await resolve(git, "HEAD^{commit}"))) {
    throw new NotARepositoryError(
      `${root} has no commit yet: commit something first, so the run's branch has a start`,
    );
  }
  const ref = (branch: string) => `refs/heads/${branch}`;
  const branchHead = (branch: string) => resolve(git, `${ref(branch)}^{commit}`);
  const identity = await committerFallback(git);

  return {
    root,
    gitDir,
    headCommit: async () => (await git.revparse(["HEAD^{commit}"])).trim(),
    readAtHead: (path) => readBlob(git, `HEAD:${path}`),
    async rootNames() {
      const listed = await git.raw(["ls-tree", "--name-only", "-z", "HEAD"]);
      return listed.split("\0").filter(Boolean);
    },
    branchExists: async (branch) => (await branchHead(branch)) !== null,
    branchHead,
    async createBranch(branch) {
      if (await branchHead(branch)) return false;
      const head = (await git.revparse(["HEAD^{commit}"])).trim();
      // The zero old value makes the update fail if the branch appeared meanwhile.
      await git.raw(["update-ref", ref(branch), head, ZERO_SHA]);
      return true;
    },
    async readFiles(branch, paths) {
      const head = await branchHead(branch);
      if (!head || paths.length === 0) return [];
      const listed = await git.raw(["ls-tree", "-r", "--name-only", "-z", head, "--", ...paths]);
      const present = new Set(listed.split("\0").filter(Boolean));
      const files: SourceFile[] = [];
      for (const path of paths.filter((p) => present.has(p))) {
        const content = await readBlob(git, `${head}:${path}`);
        if (content !== null) files.push({ path, content });
      }
      return files;
    },
    async commit(branch, files, message) {
      const parent = await branchHead(branch);
      const recreated = parent === null;
      const base = parent ?? (await git.revparse(["HEAD^{commit}"])).trim();
      const tree = await writeTree(root, git, base, files);
      const baseTree = (await git.revparse([`${base}^{tree}`])).trim();
      if (tree === baseTree && !recreated) return { sha: base, changed: false, recreated };
      const sha = (
        await withEnv(root, identity).raw(["commit-tree", tree, "-p", base, "-m", message])
      ).trim();
      // Compare-and-set: never moves a branch someone else moved meanwhile.
      await git.raw(["update-ref", ref(branch), sha, parent ?? ZERO_SHA]);
      return { sha, changed: true, recreated };
    },
  };
}

/** The tree of `base` with `files` written over it, built in a temporary index. */
async function writeTree(root: string, git: SimpleGit, base: string, files: readonly SourceFile[]) {
  const scratch = await mkdtemp(join(tmpdir(), "codegen-index-"));
  try {
    const indexGit = withEnv(root, { GIT_INDEX_FILE: join(scratch, "index") });
    await indexGit.raw(["read-tree", base]);
    if (files.length > 0) {
      const blobs = await Promise.all(
        files.map(async (file, index) => {
          const path = join(scratch, `blob-${index}`);
          await writeFile(path, file.content);
          return path;
        }),
      );
      const shas = (await git.raw(["hash-object", "-w", "--no-filters", "--", ...blobs]))
        .trim()
        .split("\n");
      const entries = files.flatMap((file, index) => [
        "--cacheinfo",
        `100644,${shas[index]},${file.path}`,
      ]);
      await indexGit.raw(["update-index", "--add", ...entries]);
    }
    return (await indexGit.raw(["write-tree"])).trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A git client of its own with `vars` set (simple-git keeps an environment per client), on
 * the few variables git needs: simple-git refuses some inherited ones (an editor, a pager).
 */
function withEnv(root: string, vars: Record<string, string>): SimpleGit {
  const inherited = Object.fromEntries(
    ["PATH", "HOME", "LANG", "TMPDIR", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM"].flatMap((name) =>
      process.env[name] === undefined ? [] : [[name, process.env[name]]],
    ),
  );
  return simpleGit({ baseDir: root, allowEnvironment: Object.keys(vars) }).env({
    ...inherited,
    ...vars,
  });
}

async function resolve(git: SimpleGit, revision: string): Promise<string | null> {
  try {
    return (await git.raw(["rev-parse", "--verify", "--quiet", revision])).trim() || null;
  } catch {
    return null;
  }
}

async function readBlob(git: SimpleGit, object: string): Promise<string | null> {
  try {
    return await git.raw(["cat-file", "blob", object]);
  } catch {
    return null;
  }
}

/** A name for the commits when git has none configured, so a fresh machine can run. */
async function committerFallback(git: SimpleGit): Promise<Record<string, string>> {
  const configured = await git
    .raw(["config", "user.email"])
    .then((email) => email.trim() !== "")
    .catch(() => false);
  if (configured) return {};
  return {
    GIT_AUTHOR_NAME: "codegen",
    GIT_AUTHOR_EMAIL: "codegen@localhost",
    GIT_COMMITTER_NAME: "codegen",
    GIT_COMMITTER_EMAIL: "codegen@localhost",
  };
}
