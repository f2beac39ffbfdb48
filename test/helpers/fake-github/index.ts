import { TEST_APP_ID } from "../probot.ts";
import { checkRoutes } from "./check-routes.ts";
import { gitRoutes } from "./git-routes.ts";
import { type Commit, GitStore } from "./git-store.ts";
import { issueRoutes } from "./issue-routes.ts";
import { pullRoutes } from "./pull-routes.ts";
import { repoRoutes } from "./repo-routes.ts";
import { type FakeReview, type FakeReviewComment, reviewRoutes } from "./review-routes.ts";
import { type RecordedRequest, Router } from "./router.ts";
import { type FakeState, headOf, type Permission } from "./state.ts";

export type { FakeReview, FakeReviewComment } from "./review-routes.ts";
export type { RecordedRequest } from "./router.ts";
export type { FakeAnnotation, FakeCheckRun, FakePullRequest, Permission } from "./state.ts";

export type FakeGitHubOptions = {
  /** No commits and no branches: the Git Data API answers 409. */
  empty?: boolean;
  /** Files of the default branch's first commit (default: a README.md). */
  files?: Record<string, string>;
  /** `.github/codegen.yml`, committed with the first commit when given. */
  repoConfig?: string;
  /** The issue author: gets write permission (default Codertocat). */
  issueAuthor?: string;
  /** False answers a draft pull request with 422, as private repos on GitHub Free do. */
  draftPullRequests?: boolean;
  /**
   * Recursive tree listings longer than this answer their first entries and `truncated: true`,
   * as GitHub does past 100,000 entries or 7 MB (default: never truncated).
   */
  treeLimit?: number;
  /**
   * Files on the default branch of other repositories, by `owner/repo` (the owner's `.github`
   * repository, a shared settings repository), served by the contents API; others answer 404.
   */
  otherRepos?: Record<string, Record<string, string>>;
};

export type FakeGitHub = ReturnType<typeof createFakeGitHub>;

const OWNER = "Codertocat";
const REPO = "Hello-World";

/**
 * A stateful fake of GitHub's REST API for `Codertocat/Hello-World`, served through nock:
 * git objects and refs, issue comments and reactions, permissions, pull requests, check runs,
 * the GraphQL ready-for-review mutation, contents and the installation token. Create one per
 * test (the HTTP guard removes all interceptors after each test); a new fake replaces the
 * previous one. Plain nock mocks registered before the fake take precedence over it.
 */
export function createFakeGitHub(options: FakeGitHubOptions = {}) {
  let id = 4_000;
  let clock = Date.parse("2026-01-05T10:00:00Z");
  const issueAuthor = options.issueAuthor ?? OWNER;
  const state: FakeState = {
    owner: OWNER,
    repo: REPO,
    defaultBranch: "master",
    appLogin: "issue-codegen[bot]",
    appId: TEST_APP_ID,
    draftPullRequests: options.draftPullRequests ?? true,
    treeLimit: options.treeLimit ?? Number.POSITIVE_INFINITY,
    otherRepos: options.otherRepos ?? {},
    git: new GitStore(),
    issues: new Map(),
    comments: new Map(),
    reactions: [],
    permissions: new Map([[issueAuthor, "write"]]),
    pulls: new Map(),
    checkRuns: new Map(),
    nextId: () => ++id,
    nextNumber: () => Math.max(0, ...state.issues.keys(), ...state.pulls.keys()) + 1,
    now: () => {
      clock += 1000;
      return new Date(clock).toISOString().replace(".000", "");
    },
  };
  // The issue of the webhook examples, so pull requests number from 2 like on GitHub.
  state.issues.set(1, {
    number: 1,
    title: "Spelling error in the README file",
    body: "It looks like you accidently spelled 'commit' with two 't's.",
    login: issueAuthor,
  });
  const { git } = state;
  if (!options.empty) {
    const files = { ...(options.files ?? { "README.md": "# Hello-World\n" }) };
    if (options.repoConfig !== undefined) files[".github/codegen.yml"] = options.repoConfig;
    git.refs.set("heads/master", git.commitOnTop(null, files, "Initial commit").sha);
  }

  const router = new Router();
  repoRoutes(router, state);
  gitRoutes(router, state);
  issueRoutes(router, state);
  pullRoutes(router, state);
  checkRoutes(router, state);
  const reviews = new Map<number, FakeReview>();
  const reviewComments = new Map<number, FakeReviewComment>();
  reviewRoutes(router, state, reviews, reviewComments);
  router.install();

  const requireHead = (branch: string) => {
    const sha = headOf(state, branch);
    if (!sha) throw new Error(`fake GitHub: no branch ${branch}`);
    return sha;
  };

  return {
    repo: { owner: OWNER, repo: REPO },
    defaultBranch: state.defaultBranch,
    appLogin: state.appLogin,

    /** Every request the fake answered, in order. */
    requests: (): RecordedRequest[] => [...router.recorded],
    /** Requests that change something (not GET). */
    writes: (): RecordedRequest[] => router.recorded.filter((request) => request.method !== "GET"),
    writesMatching: (predicate: (request: RecordedRequest) => boolean): RecordedRequest[] =>
      router.recorded.filter((request) => request.method !== "GET" && predicate(request)),

    head: (branch: string): string | null => headOf(state, branch),
    file: (branch: string, path: string): string | null => git.readFile(requireHead(branch), path),
    paths: (branch: string): string[] =>
      [...git.tree(git.commit(requireHead(branch)).tree).files.keys()].sort(),
    /** The branch's history along first parents, newest first. */
    commits: (branch: string): Pick<Commit, "sha" | "message" | "parents">[] => {
      const history = [];
      let sha: string | undefined = requireHead(branch);
      while (sha) {
        const { message, parents }: Commit = git.commit(sha);
        history.push({ sha, message, parents });
        sha = parents[0];
      }
      return history;
    },
    comments: () => [...state.comments.values()],
    reactions: () => [...state.reactions],
    pullRequests: () => [...state.pulls.values()],
    checkRuns: () => [...state.checkRuns.values()],

    addIssue(issue: { number: number; title: string; body: string; login?: string }): void {
      state.issues.set(issue.number, { ...issue, login: issue.login ?? issueAuthor });
    },
    /** A comment by a person (the app's comments come through the API). */
    addComment(issueNumber: number, body: string, login = issueAuthor): number {
      const now = state.now();
      const commentId = state.nextId();
      state.comments.set(commentId, {
        id: commentId,
        issueNumber,
        body,
        login,
        type: "User",
        createdAt: now,
        updatedAt: now,
      });
      return commentId;
    },
    /** A submitted review with line comments; returns its id and its comments' ids. */
    addReview(review: {
      pullNumber: number;
      state: FakeReview["state"];
      body?: string;
      login?: string;
      comments?: { path: string; line: number; body: string }[];
    }): { id: number; commentIds: number[] } {
      const login = review.login ?? issueAuthor;
      const id = state.nextId();
      reviews.set(id, {
        id,
        pullNumber: review.pullNumber,
        state: review.state,
        body: review.body ?? "",
        login,
      });
      const commentIds = (review.comments ?? []).map((comment) => {
        const commentId = state.nextId();
        reviewComments.set(commentId, {
          ...comment,
          id: commentId,
          reviewId: id,
          pullNumber: review.pullNumber,
          login,
          inReplyTo: null,
        });
        return commentId;
      });
      return { id, commentIds };
    },
    /** Replies in review threads, by the thread's first comment id. */
    reviewReplies: (): FakeReviewComment[] =>
      [...reviewComments.values()].filter((comment) => comment.inReplyTo !== null),
    setPermission(login: string, level: Permission): void {
      state.permissions.set(login, level);
    },

    /** A person's commit on top of the branch; null deletes a file. Returns its sha. */
    pushCommit(branch: string, files: Record<string, string | null>, message: string): string {
      const commit = git.commitOnTop(requireHead(branch), files, message);
      git.refs.set(`heads/${branch}`, commit.sha);
      return commit.sha;
    },
    forcePush(branch: string, toSha: string): void {
      git.commit(toSha);
      git.refs.set(`heads/${branch}`, toSha);
    },
    deleteBranch(branch: string): void {
      if (!git.refs.delete(`heads/${branch}`)) throw new Error(`fake GitHub: no branch ${branch}`);
    },
    closePullRequest(number: number): void {
      const pull = state.pulls.get(number);
      if (!pull) throw new Error(`fake GitHub: no pull request #${number}`);
      pull.state = "closed";
    },
    /** Merges with a merge commit on the base branch, as the merge button does. */
    mergePullRequest(number: number): void {
      const pull = state.pulls.get(number);
      if (!pull) throw new Error(`fake GitHub: no pull request #${number}`);
      const head = requireHead(pull.head);
      const merge = git.storeCommit({
        message: `Merge pull request #${number} from ${OWNER}/${pull.head}`,
        tree: git.commit(head).tree,
        parents: [requireHead(pull.base), head],
      });
      git.refs.set(`heads/${pull.base}`, merge.sha);
      Object.assign(pull, { state: "closed", merged: true });
    },
    /**
     * The next `times` requests matching answer `status` instead (5xx, or 403/429 with
     * `retry-after` for rate limits). Failed requests are recorded with their status.
     */
    failNext(
      method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
      path: RegExp,
      status: number,
      times = 1,
      extra: { message?: string; headers?: Record<string, string> } = {},
    ): void {
      const rateLimited = status === 403 || status === 429;
      router.failNext({
        method,
        path,
        status,
        times,
        message:
          extra.message ??
          (rateLimited ? "You have exceeded a secondary rate limit." : "Server Error"),
        headers: extra.headers ?? (rateLimited ? { "retry-after": "1" } : {}),
      });
    },
  };
}
