import { type Commit, type FileMode, GitError } from "./git-store.ts";
import type { Router } from "./router.ts";
import { type FakeState, HTML, nodeId, repoUrl } from "./state.ts";

const VALID_MODES = new Set(["100644", "100755", "040000", "160000", "120000"]);

/** git/refs, git/trees, git/commits and git/blobs, with GitHub's status codes and messages. */
export function gitRoutes(router: Router, state: FakeState): void {
  const base = `/repos/${state.owner}/${state.repo}/git`;
  const url = repoUrl(state);
  const { git } = state;
  const requireContent = () => {
    if (git.refs.size === 0) throw new GitError(409, "Git Repository is empty.");
  };
  const refJson = (ref: string) => {
    const sha = git.refs.get(ref) as string;
    return {
      ref: `refs/${ref}`,
      node_id: nodeId("REF", ref),
      url: `${url}/git/refs/${ref}`,
      object: { sha, type: "commit", url: `${url}/git/commits/${sha}` },
    };
  };
  const commitJson = (commit: Commit) => ({
    sha: commit.sha,
    node_id: nodeId("C", commit.sha.slice(0, 12)),
    url: `${url}/git/commits/${commit.sha}`,
    html_url: `${HTML}/${state.owner}/${state.repo}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.author,
    tree: { sha: commit.tree, url: `${url}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${url}/git/commits/${sha}`,
      html_url: `${HTML}/${state.owner}/${state.repo}/commit/${sha}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null },
  });
  const treeJson = (sha: string, recursive: boolean) => {
    const entries = git.listTree(sha, recursive);
    const truncated = recursive && entries.length > state.treeLimit;
    return {
      sha,
      url: `${url}/git/trees/${sha}`,
      tree: (truncated ? entries.slice(0, state.treeLimit) : entries).map((entry) => ({
        ...entry,
        ...(entry.type === "blob" ? { size: git.blobs.get(entry.sha)?.length ?? 0 } : {}),
        url: `${url}/git/${entry.type}s/${entry.sha}`,
      })),
      truncated,
    };
  };

  router.on("GET", new RegExp(`^${base}/ref/(.+)$`), ({ params: [ref = ""] }) => {
    requireContent();
    if (!git.refs.has(ref)) throw new GitError(404, "Not Found");
    return { status: 200, body: refJson(ref) };
  });
  router.on("POST", new RegExp(`^${base}/refs$`), ({ body }) => {
    requireContent();
    const ref = String(body.ref ?? "");
    const sha = String(body.sha ?? "");
    if (!ref.startsWith("refs/") || ref.split("/").length < 3) {
      throw new GitError(
        422,
        "Reference name must start with 'refs/' and have at least two slashes.",
      );
    }
    if (git.refs.has(ref.slice(5))) throw new GitError(422, "Reference already exists");
    if (!git.commits.has(sha)) throw new GitError(422, "Object does not exist");
    git.refs.set(ref.slice(5), sha);
    return { status: 201, body: refJson(ref.slice(5)) };
  });
  router.on("PATCH", new RegExp(`^${base}/refs/(.+)$`), ({ params: [ref = ""], body }) => {
    requireContent();
    const current = git.refs.get(ref);
    const sha = String(body.sha ?? "");
    if (!current) throw new GitError(422, "Reference does not exist");
    if (!git.commits.has(sha)) throw new GitError(422, "Object does not exist");
    if (body.force !== true && !git.isAncestor(current, sha)) {
      throw new GitError(422, "Update is not a fast forward");
    }
    git.refs.set(ref, sha);
    return { status: 200, body: refJson(ref) };
  });
  router.on("DELETE", new RegExp(`^${base}/refs/(.+)$`), ({ params: [ref = ""] }) => {
    if (!git.refs.delete(ref)) throw new GitError(422, "Reference does not exist");
    return { status: 204 };
  });

  router.on("GET", new RegExp(`^${base}/commits/([0-9a-f]{40})$`), ({ params: [sha = ""] }) => {
    requireContent();
    return { status: 200, body: commitJson(git.commit(sha)) };
  });
  router.on("POST", new RegExp(`^${base}/commits$`), ({ body }) => {
    requireContent();
    const commit = git.storeCommit({
      message: String(body.message ?? ""),
      tree: String(body.tree ?? ""),
      parents: Array.isArray(body.parents) ? body.parents.map(String) : [],
    });
    return { status: 201, body: commitJson(commit) };
  });

  router.on("GET", new RegExp(`^${base}/trees/([^/]+)$`), ({ params: [treeish = ""], query }) => {
    requireContent();
    const recursive = query.has("recursive");
    const commit =
      git.commits.get(treeish) ?? git.commits.get(git.refs.get(`heads/${treeish}`) ?? "");
    return { status: 200, body: treeJson(commit ? commit.tree : treeish, recursive) };
  });
  router.on("POST", new RegExp(`^${base}/trees$`), ({ body }) => {
    requireContent();
    const files = new Map(body.base_tree ? git.tree(String(body.base_tree)).files : []);
    const entries = Array.isArray(body.tree) ? (body.tree as Record<string, unknown>[]) : [];
    for (const entry of entries) applyEntry(state, files, entry);
    const sha = git.storeTree(files);
    return { status: 201, body: treeJson(sha, false) };
  });

  router.on("GET", new RegExp(`^${base}/blobs/([0-9a-f]{40})$`), ({ params: [sha = ""] }) => {
    requireContent();
    const blob = git.blobs.get(sha);
    if (!blob) throw new GitError(404, "Not Found");
    const content = (blob.toString("base64").match(/.{1,60}/g) ?? []).join("\n");
    return {
      status: 200,
      body: {
        sha,
        node_id: nodeId("B", sha.slice(0, 12)),
        size: blob.length,
        url: `${url}/git/blobs/${sha}`,
        content: content ? `${content}\n` : "",
        encoding: "base64",
      },
    };
  });
}

function applyEntry(
  state: FakeState,
  files: Map<string, { mode: FileMode; sha: string }>,
  entry: Record<string, unknown>,
): void {
  const path = String(entry.path ?? "");
  const mode = String(entry.mode ?? "");
  if (!path || path.startsWith("/") || path.endsWith("/") || path.split("/").includes("..")) {
    throw new GitError(422, `tree.path contains a malformed path component`);
  }
  if (!VALID_MODES.has(mode)) throw new GitError(422, `Invalid tree.mode: ${mode}`);
  const hasContent = typeof entry.content === "string";
  if (hasContent === "sha" in entry) {
    throw new GitError(
      422,
      "Must supply either tree.sha or tree.content. Request will be rejected if both are present.",
    );
  }
  if (entry.sha === null) {
    const under = [...files.keys()].filter((file) => file === path || file.startsWith(`${path}/`));
    // GitHub rejects deleting a path the base tree does not hold.
    if (under.length === 0) throw new GitError(422, "GitRPC::BadObjectState");
    for (const file of under) files.delete(file);
    return;
  }
  const sha = hasContent
    ? state.git.storeBlob(Buffer.from(entry.content as string))
    : String(entry.sha);
  if (!state.git.blobs.has(sha)) throw new GitError(422, "GitRPC::BadObjectState");
  files.set(path, { mode: mode === "100755" ? "100755" : "100644", sha });
}
