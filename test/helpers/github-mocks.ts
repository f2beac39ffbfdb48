import { github } from "./http-mock.ts";
import { TEST_APP_ID } from "./probot.ts";

function viaApp(comment: CommentData) {
  const id = comment.viaAppId ?? (comment.login === APP_LOGIN ? TEST_APP_ID : undefined);
  return id === undefined ? null : { id, slug: comment.login.replace(/\[bot\]$/, "") };
}

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;

/** Collects request bodies a mock received, for assertions. */
export function bodies<T = Record<string, unknown>>(): { list: T[]; match: (body: T) => boolean } {
  const list: T[] = [];
  const match = (body: T) => {
    list.push(body);
    return true;
  };
  return { list, match };
}

/** `.github/codegen.yml` absent in the repo and in the owner's `.github` repo. */
export function mockNoRepoConfig(): void {
  github()
    .get(/\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)codegen\.yml/)
    .reply(404, {
      message: "Not Found",
    });
  github()
    .get(/\/repos\/Codertocat\/\.github\/contents\/\.github(%2F|\/)codegen\.yml/)
    .reply(404, {
      message: "Not Found",
    });
}

export function mockRepoConfig(yaml: string): void {
  github()
    .get(/\/repos\/Codertocat\/Hello-World\/contents\/\.github(%2F|\/)codegen\.yml/)
    .reply(200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}

export function mockPermission(
  username: string,
  permission: "admin" | "write" | "read" | "none",
): void {
  const role = permission === "none" ? "none" : permission;
  github()
    .get(`${REPO_PATH}/collaborators/${username}/permission`)
    .reply(200, { permission, role_name: role, user: { login: username, type: "User" } });
}

export type IssueData = { number: number; title: string; body: string; login?: string };

export type CommentData = {
  id: number;
  body: string;
  login: string;
  type?: "User" | "Bot";
  /** The App GitHub says wrote the comment; the app's own bot by default. */
  viaAppId?: number;
};
const APP_LOGIN = "issue-codegen[bot]";

/** What `analyze` reads: the issue, its comments and the repository root. */
export function mockThreadReads(
  issue: IssueData,
  comments: CommentData[] = [],
  rootFiles: string[] = ["README.md"],
): void {
  github()
    .get(`${REPO_PATH}/issues/${issue.number}`)
    .reply(200, {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: "open",
      user: { login: issue.login ?? "Codertocat", type: "User" },
    });
  github()
    .get(`${REPO_PATH}/issues/${issue.number}/comments`)
    .query(true)
    .reply(
      200,
      comments.map((comment) => ({
        id: comment.id,
        body: comment.body,
        user: { login: comment.login, type: comment.type ?? "User" },
        performed_via_github_app: viaApp(comment),
      })),
    );
  github()
    .get(`${REPO_PATH}/contents`)
    .reply(
      200,
      rootFiles.map((name) => ({ name, path: name, type: "file", sha: "0".repeat(40), size: 10 })),
    );
}

export function mockIssueReaction(number: number, content: string): void {
  github()
    .post(`${REPO_PATH}/issues/${number}/reactions`, { content })
    .reply(201, { id: 1, content });
}

export function mockCommentReaction(commentId: number, content: string): void {
  github()
    .post(`${REPO_PATH}/issues/comments/${commentId}/reactions`, { content })
    .reply(201, { id: 2, content });
}

/** Mocks `count` comment creations, answering ids from `firstId`; returns posted bodies. */
export function mockCreateComments(number: number, count = 1, firstId = 1000): string[] {
  const posted: string[] = [];
  let id = firstId;
  github()
    .post(`${REPO_PATH}/issues/${number}/comments`, (body: { body: string }) => {
      posted.push(body.body);
      return true;
    })
    .times(count)
    .reply(201, () => ({ id: id++, body: posted.at(-1) }));
  return posted;
}

export function mockGetComment(commentId: number, body: string): void {
  github().get(`${REPO_PATH}/issues/comments/${commentId}`).reply(200, { id: commentId, body });
}

export function mockUpdateComment(commentId: number): string[] {
  const written: string[] = [];
  github()
    .patch(`${REPO_PATH}/issues/comments/${commentId}`, (body: { body: string }) => {
      written.push(body.body);
      return true;
    })
    .reply(200, () => ({ id: commentId, body: written.at(-1) }));
  return written;
}

const MASTER_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

/** A new run's branch: absent at first, created from the default branch's head. */
export function mockBranchCreation(branch = "codegen/issue-1"): void {
  github()
    .get(`${REPO_PATH}/git/ref/${encodeURIComponent(`heads/${branch}`)}`)
    .reply(404, { message: "Not Found" });
  github()
    .get(REPO_PATH)
    .reply(200, {
      id: 1296269,
      name: REPO,
      full_name: `${OWNER}/${REPO}`,
      default_branch: "master",
    });
  github()
    .get(`${REPO_PATH}/git/ref/${encodeURIComponent("heads/master")}`)
    .reply(200, { ref: "refs/heads/master", object: { sha: MASTER_SHA, type: "commit" } });
  github()
    .post(`${REPO_PATH}/git/refs`, { ref: `refs/heads/${branch}`, sha: MASTER_SHA })
    .reply(201, { ref: `refs/heads/${branch}`, object: { sha: MASTER_SHA, type: "commit" } });
}
