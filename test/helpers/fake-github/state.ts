import type { GitStore } from "./git-store.ts";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export type FakeIssue = { number: number; title: string; body: string; login: string };
export type FakeComment = {
  id: number;
  issueNumber: number;
  body: string;
  login: string;
  type: "User" | "Bot";
  createdAt: string;
  updatedAt: string;
};
export type FakeReaction = {
  id: number;
  content: string;
  target: { issue: number } | { comment: number };
};
export type FakePullRequest = {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: "open" | "closed";
  merged: boolean;
  requestedReviewers: string[];
};
export type FakeAnnotation = {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
};
export type FakeCheckRun = {
  id: number;
  nodeId: string;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: FakeAnnotation[];
};

export type FakeState = {
  owner: string;
  repo: string;
  defaultBranch: string;
  appLogin: string;
  /** The App's ID, in `performed_via_github_app` of what its installation writes. */
  appId: number;
  /** Private repositories on GitHub Free cannot have draft pull requests. */
  draftPullRequests: boolean;
  /** Recursive tree listings longer than this are cut and marked `truncated`. */
  treeLimit: number;
  /** Other repositories' default-branch files, by `owner/repo` then path. */
  otherRepos: Record<string, Record<string, string>>;
  git: GitStore;
  issues: Map<number, FakeIssue>;
  comments: Map<number, FakeComment>;
  reactions: FakeReaction[];
  permissions: Map<string, Permission>;
  pulls: Map<number, FakePullRequest>;
  checkRuns: Map<number, FakeCheckRun>;
  nextId: () => number;
  nextNumber: () => number;
  now: () => string;
};

export const HTML = "https://github.com";
export const API = "https://api.github.com";

export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString("base64url")}`;
}

export function repoUrl(state: FakeState): string {
  return `${API}/repos/${state.owner}/${state.repo}`;
}

export function headOf(state: FakeState, branch: string): string | null {
  return state.git.refs.get(`heads/${branch}`) ?? null;
}
