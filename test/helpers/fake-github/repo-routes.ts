import { INSTALLATION_ID } from "../webhooks.ts";
import type { Router } from "./router.ts";
import { githubError } from "./router.ts";
import { type FakeState, HTML, headOf, nodeId, repoUrl } from "./state.ts";

/** The installation token, repos.get, contents and collaborator permissions. */
export function repoRoutes(router: Router, state: FakeState): void {
  const base = `/repos/${state.owner}/${state.repo}`;
  const { git } = state;

  router.on("POST", new RegExp(`^/app/installations/${INSTALLATION_ID}/access_tokens$`), () => ({
    status: 201,
    body: {
      token: "ghs_fake_installation_token",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      permissions: { issues: "write", contents: "write", pull_requests: "write", checks: "write" },
      repository_selection: "selected",
    },
  }));

  router.on("GET", new RegExp(`^${base}$`), () => ({
    status: 200,
    body: {
      id: 1296269,
      node_id: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
      name: state.repo,
      full_name: `${state.owner}/${state.repo}`,
      owner: { login: state.owner, id: 21031067, type: "User" },
      private: false,
      html_url: `${HTML}/${state.owner}/${state.repo}`,
      url: repoUrl(state),
      default_branch: state.defaultBranch,
      size: git.refs.size === 0 ? 0 : 108,
    },
  }));

  router.on(
    "GET",
    new RegExp(`^${base}/contents(?:/(.*))?$`),
    ({ params: [raw], query, headers }) => {
      const path = (raw ?? "").replace(/\/$/, "");
      const ref = query.get("ref") ?? state.defaultBranch;
      const head = headOf(state, ref) ?? (git.commits.has(ref) ? ref : null);
      if (git.refs.size === 0) return githubError(404, "This repository is empty.");
      if (!head) return githubError(404, `No commit found for the ref ${ref}`);
      const files = git.tree(git.commit(head).tree).files;
      const file = files.get(path);
      if (file) {
        const blob = git.blobs.get(file.sha) ?? Buffer.alloc(0);
        if (headers.get("accept")?.includes("raw")) {
          return {
            status: 200,
            body: blob.toString("utf8"),
            headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
          };
        }
        return { status: 200, body: contentEntry(state, path, file.sha, blob, ref) };
      }
      const prefix = path ? `${path}/` : "";
      const listed = new Map<string, { type: "file" | "dir"; sha: string; size: number }>();
      for (const [filePath, entry] of files) {
        if (!filePath.startsWith(prefix)) continue;
        const [name = "", ...rest] = filePath.slice(prefix.length).split("/");
        const size = git.blobs.get(entry.sha)?.length ?? 0;
        listed.set(
          name,
          rest.length > 0
            ? { type: "dir", sha: "", size: 0 }
            : { type: "file", sha: entry.sha, size },
        );
      }
      if (listed.size === 0) return githubError(404, "Not Found");
      // GitHub lists at most 1,000 entries of a directory and points to the trees API beyond.
      const firstEntries = [...listed].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, 1000);
      return {
        status: 200,
        body: firstEntries.map(([name, entry]) => ({
          name,
          path: `${prefix}${name}`,
          type: entry.type,
          sha: entry.sha || "0".repeat(40),
          size: entry.size,
        })),
      };
    },
  );

  // Probot's config loader falls back to the owner's `.github` repository and follows
  // `_extends` to other repositories: their files come from `otherRepos`.
  router.on(
    "GET",
    /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
    ({ params: [owner = "", name = "", path = ""], headers }) => {
      const content = state.otherRepos[`${owner}/${name}`]?.[path];
      if (content === undefined) return githubError(404, "Not Found");
      if (headers.get("accept")?.includes("raw")) {
        return {
          status: 200,
          body: content,
          headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
        };
      }
      return {
        status: 200,
        body: {
          type: "file",
          path,
          content: Buffer.from(content).toString("base64"),
          encoding: "base64",
        },
      };
    },
  );

  router.on(
    "GET",
    new RegExp(`^${base}/collaborators/([^/]+)/permission$`),
    ({ params: [login = ""] }) => {
      const permission = state.permissions.get(login) ?? "read";
      return {
        status: 200,
        body: {
          permission:
            permission === "maintain" ? "write" : permission === "triage" ? "read" : permission,
          role_name: permission,
          user: { login, id: 1, node_id: nodeId("U", login), type: "User" },
        },
      };
    },
  );
}

function contentEntry(state: FakeState, path: string, sha: string, blob: Buffer, ref: string) {
  return {
    type: "file",
    encoding: "base64",
    size: blob.length,
    name: path.split("/").at(-1),
    path,
    content: blob.toString("base64"),
    sha,
    url: `${repoUrl(state)}/contents/${path}?ref=${ref}`,
    html_url: `${HTML}/${state.owner}/${state.repo}/blob/${ref}/${path}`,
  };
}
