import { createHash } from "node:crypto";

/**
 * Git objects as GitHub's Git Data API sees them, hashed the way git hashes them (blob, tree
 * and commit shas are real object ids), so the fake's answers look like GitHub's.
 */
export type FileMode = "100644" | "100755";
export type TreeEntry = { path: string; mode: string; type: "blob" | "tree"; sha: string };
export type Commit = {
  sha: string;
  message: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
};

type TreeObject = { entries: TreeEntry[]; files: Map<string, { mode: FileMode; sha: string }> };

export class GitError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const BOT = {
  name: "issue-codegen[bot]",
  email: "123+issue-codegen[bot]@users.noreply.github.com",
};

export class GitStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeObject>();
  readonly commits = new Map<string, Commit>();
  readonly refs = new Map<string, string>();
  private clock = Date.parse("2026-01-05T10:00:00Z");

  storeBlob(content: Buffer): string {
    const sha = hashObject("blob", content);
    this.blobs.set(sha, content);
    return sha;
  }

  /** Stores the tree for a flat `path → blob` map, with all its subtrees; returns its sha. */
  storeTree(files: Map<string, { mode: FileMode; sha: string }>): string {
    const children = new Map<string, Map<string, { mode: FileMode; sha: string }>>();
    const entries: TreeEntry[] = [];
    for (const [path, file] of files) {
      const slash = path.indexOf("/");
      if (slash === -1) {
        entries.push({ path, mode: file.mode, type: "blob", sha: file.sha });
        continue;
      }
      const dir = path.slice(0, slash);
      const inner = children.get(dir) ?? new Map();
      inner.set(path.slice(slash + 1), file);
      children.set(dir, inner);
    }
    for (const [dir, inner] of children) {
      entries.push({ path: dir, mode: "040000", type: "tree", sha: this.storeTree(inner) });
    }
    // git orders tree entries by name, comparing directories as if they ended in "/".
    const key = (entry: TreeEntry) => (entry.type === "tree" ? `${entry.path}/` : entry.path);
    entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const body = Buffer.concat(
      entries.map((entry) =>
        Buffer.concat([
          Buffer.from(`${entry.mode === "040000" ? "40000" : entry.mode} ${entry.path}\0`),
          Buffer.from(entry.sha, "hex"),
        ]),
      ),
    );
    const sha = hashObject("tree", body);
    this.trees.set(sha, { entries, files: new Map(files) });
    return sha;
  }

  tree(sha: string): TreeObject {
    const tree = this.trees.get(sha);
    if (!tree) throw new GitError(404, "Not Found");
    return tree;
  }

  /** Entries as `GET git/trees/{sha}?recursive=1` lists them: directories before their files. */
  listTree(sha: string, recursive: boolean, prefix = ""): TreeEntry[] {
    const listed: TreeEntry[] = [];
    for (const entry of this.tree(sha).entries) {
      listed.push({ ...entry, path: `${prefix}${entry.path}` });
      if (recursive && entry.type === "tree") {
        listed.push(...this.listTree(entry.sha, true, `${prefix}${entry.path}/`));
      }
    }
    return listed;
  }

  storeCommit(input: { message: string; tree: string; parents: string[] }): Commit {
    if (!this.trees.has(input.tree)) throw new GitError(422, "Tree SHA does not exist");
    for (const parent of input.parents) {
      if (!this.commits.has(parent)) {
        throw new GitError(422, "Parent SHA does not exist or is not a commit object");
      }
    }
    this.clock += 1000;
    const date = new Date(this.clock).toISOString().replace(".000", "");
    const stamp = `${BOT.name} <${BOT.email}> ${this.clock / 1000} +0000`;
    const text = [
      `tree ${input.tree}`,
      ...input.parents.map((parent) => `parent ${parent}`),
      `author ${stamp}`,
      `committer ${stamp}`,
      "",
      input.message,
    ].join("\n");
    const sha = hashObject("commit", Buffer.from(text));
    const commit = { sha, ...input, author: { ...BOT, date } };
    this.commits.set(sha, commit);
    return commit;
  }

  commit(sha: string): Commit {
    const commit = this.commits.get(sha);
    if (!commit) throw new GitError(404, "Not Found");
    return commit;
  }

  /** A commit on top of `parent` writing `files` (null deletes), as a person's push would. */
  commitOnTop(parent: string | null, files: Record<string, string | null>, message: string) {
    const base = parent ? this.tree(this.commit(parent).tree).files : new Map();
    const next = new Map(base);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) next.delete(path);
      else next.set(path, { mode: "100644", sha: this.storeBlob(Buffer.from(content)) });
    }
    return this.storeCommit({
      message,
      tree: this.storeTree(next),
      parents: parent ? [parent] : [],
    });
  }

  isAncestor(ancestor: string, of: string): boolean {
    const queue = [of];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return false;
  }

  readFile(commitSha: string, path: string): string | null {
    const file = this.tree(this.commit(commitSha).tree).files.get(path);
    const blob = file ? this.blobs.get(file.sha) : undefined;
    return blob ? blob.toString("utf8") : null;
  }
}

function hashObject(type: "blob" | "tree" | "commit", body: Buffer): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest("hex");
}
