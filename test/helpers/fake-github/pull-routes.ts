import { createCommitOnBranch } from "./commit-on-branch.ts";
import type { Router } from "./router.ts";
import { bodyTooLong, githubError } from "./router.ts";
import { type FakePullRequest, type FakeState, HTML, headOf, nodeId, repoUrl } from "./state.ts";

/** Pull requests, requested reviewers and the GraphQL ready-for-review mutation. */
export function pullRoutes(router: Router, state: FakeState): void {
  const base = `/repos/${state.owner}/${state.repo}/pulls`;
  const label = (branch: string) => `${state.owner}:${branch}`;
  const pullJson = (pull: FakePullRequest) => ({
    id: pull.id,
    node_id: pull.nodeId,
    number: pull.number,
    url: `${repoUrl(state)}/pulls/${pull.number}`,
    html_url: `${HTML}/${state.owner}/${state.repo}/pull/${pull.number}`,
    state: pull.state,
    draft: pull.draft,
    merged: pull.merged,
    merged_at: pull.merged ? state.now() : null,
    title: pull.title,
    body: pull.body,
    user: { login: state.appLogin, type: "Bot" },
    head: {
      label: label(pull.head),
      ref: pull.head,
      sha: headOf(state, pull.head) ?? "0".repeat(40),
    },
    base: {
      label: label(pull.base),
      ref: pull.base,
      sha: headOf(state, pull.base) ?? "0".repeat(40),
    },
    requested_reviewers: pull.requestedReviewers.map((login) => ({ login, type: "User" })),
  });
  const find = (number: string) => state.pulls.get(Number(number));
  const invalid = (message: string, field?: string) =>
    githubError(422, "Validation Failed", [
      { resource: "PullRequest", code: "custom", ...(field ? { field } : {}), message },
    ]);

  router.on("POST", new RegExp(`^${base}$`), ({ body }) => {
    const tooLong = bodyTooLong("PullRequest", body.body);
    if (tooLong) return tooLong;
    const head = String(body.head ?? "").replace(`${state.owner}:`, "");
    const baseBranch = String(body.base ?? "");
    const headSha = headOf(state, head);
    const baseSha = headOf(state, baseBranch);
    if (!headSha || !baseSha) {
      return githubError(422, "Validation Failed", [
        { resource: "PullRequest", code: "invalid", field: headSha ? "base" : "head" },
      ]);
    }
    const open = [...state.pulls.values()].find(
      (pull) => pull.state === "open" && pull.head === head && pull.base === baseBranch,
    );
    if (open) return invalid(`A pull request already exists for ${label(head)}.`);
    if (body.draft === true && !state.draftPullRequests) {
      return invalid("Draft pull requests are not supported in this repository.");
    }
    if (state.git.isAncestor(headSha, baseSha)) {
      return invalid(`No commits between ${baseBranch} and ${head}`);
    }
    const number = state.nextNumber();
    const pull: FakePullRequest = {
      id: state.nextId(),
      nodeId: nodeId("PR", number),
      number,
      title: String(body.title ?? ""),
      body: typeof body.body === "string" ? body.body : "",
      head,
      base: baseBranch,
      draft: body.draft === true,
      state: "open",
      merged: false,
      requestedReviewers: [],
    };
    state.pulls.set(number, pull);
    return { status: 201, body: pullJson(pull) };
  });

  router.on("GET", new RegExp(`^${base}$`), ({ query }) => {
    const wanted = query.get("state") ?? "open";
    const head = query.get("head");
    const listed = [...state.pulls.values()]
      .filter((pull) => wanted === "all" || pull.state === wanted)
      .filter((pull) => !head || label(pull.head) === head)
      .sort((a, b) => b.number - a.number)
      .map((pull) => {
        // The list endpoint leaves out `merged`; `merged_at` tells.
        const { merged: _merged, ...json } = pullJson(pull);
        return json;
      });
    return { status: 200, body: listed };
  });

  router.on("GET", new RegExp(`^${base}/(\\d+)$`), ({ params: [number = ""] }) => {
    const pull = find(number);
    return pull ? { status: 200, body: pullJson(pull) } : githubError(404, "Not Found");
  });

  router.on("PATCH", new RegExp(`^${base}/(\\d+)$`), ({ params: [number = ""], body }) => {
    const pull = find(number);
    if (!pull) return githubError(404, "Not Found");
    const tooLong = bodyTooLong("PullRequest", body.body);
    if (tooLong) return tooLong;
    if (body.state === "open" && pull.state === "closed") {
      if (pull.merged)
        return invalid("state cannot be changed. The pull request has been merged.", "state");
      if (!headOf(state, pull.head)) {
        return invalid(
          `state cannot be changed. The ${pull.head} branch has been deleted.`,
          "state",
        );
      }
    }
    if (typeof body.title === "string") pull.title = body.title;
    if (typeof body.body === "string") pull.body = body.body;
    if (body.state === "open" || body.state === "closed") pull.state = body.state;
    return { status: 200, body: pullJson(pull) };
  });

  router.on(
    "POST",
    new RegExp(`^${base}/(\\d+)/requested_reviewers$`),
    ({ params: [n = ""], body }) => {
      const pull = find(n);
      if (!pull) return githubError(404, "Not Found");
      const reviewers = Array.isArray(body.reviewers) ? body.reviewers.map(String) : [];
      if (reviewers.includes(state.appLogin)) {
        return githubError(422, "Review cannot be requested from pull request author.");
      }
      const outsider = reviewers.find(
        (login) => (state.permissions.get(login) ?? "none") === "none",
      );
      if (outsider) {
        return githubError(
          422,
          `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${state.owner}/${state.repo} repository.`,
        );
      }
      for (const login of reviewers) {
        if (!pull.requestedReviewers.includes(login)) pull.requestedReviewers.push(login);
      }
      return { status: 201, body: pullJson(pull) };
    },
  );

  router.on("POST", /^\/graphql$/, ({ body }) => {
    const query = String(body.query ?? "");
    if (query.includes("createCommitOnBranch")) return createCommitOnBranch(state, body.variables);
    if (!query.includes("markPullRequestReadyForReview")) {
      return {
        status: 200,
        body: {
          data: null,
          errors: [{ message: `fake GitHub does not answer this query: ${query}` }],
        },
      };
    }
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    const id = Object.values(variables).find((value) => typeof value === "string");
    const pull = [...state.pulls.values()].find((candidate) => candidate.nodeId === id);
    if (!pull) {
      return {
        status: 200,
        body: {
          data: { markPullRequestReadyForReview: null },
          errors: [
            {
              type: "NOT_FOUND",
              path: ["markPullRequestReadyForReview"],
              message: `Could not resolve to a node with the global id of '${String(id)}'`,
            },
          ],
        },
      };
    }
    pull.draft = false;
    return {
      status: 200,
      body: {
        data: {
          markPullRequestReadyForReview: { pullRequest: { number: pull.number, isDraft: false } },
        },
      },
    };
  });
}
