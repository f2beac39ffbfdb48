import type { Router } from "./router.ts";
import { bodyTooLong, githubError } from "./router.ts";
import { type FakeComment, type FakeState, HTML, nodeId, repoUrl } from "./state.ts";

const REACTIONS = new Set(["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]);

/** Issues (read), their comments (create, update, get, list) and reactions. */
export function issueRoutes(router: Router, state: FakeState): void {
  const base = `/repos/${state.owner}/${state.repo}/issues`;
  const commentJson = (comment: FakeComment) => ({
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url: `${repoUrl(state)}/issues/comments/${comment.id}`,
    html_url: `${HTML}/${state.owner}/${state.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl(state)}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: { login: comment.login, id: 1, type: comment.type },
    performed_via_github_app:
      comment.login === state.appLogin
        ? { id: state.appId, slug: state.appLogin.replace(/\[bot\]$/, ""), name: "Issue Codegen" }
        : null,
    author_association: comment.type === "Bot" ? "NONE" : "OWNER",
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
  });
  const findComment = (id: string) => state.comments.get(Number(id));

  router.on("GET", new RegExp(`^${base}/(\\d+)$`), ({ params: [number = ""] }) => {
    const issue = state.issues.get(Number(number));
    if (!issue) return githubError(404, "Not Found");
    return {
      status: 200,
      body: {
        id: 1000 + issue.number,
        node_id: nodeId("I", issue.number),
        number: issue.number,
        title: issue.title,
        body: issue.body,
        state: "open",
        user: { login: issue.login, id: 1, type: "User" },
        html_url: `${HTML}/${state.owner}/${state.repo}/issues/${issue.number}`,
      },
    };
  });

  router.on("GET", new RegExp(`^${base}/(\\d+)/comments$`), ({ params: [number = ""] }) => ({
    status: 200,
    body: [...state.comments.values()]
      .filter((comment) => comment.issueNumber === Number(number))
      .map(commentJson),
  }));
  router.on("POST", new RegExp(`^${base}/(\\d+)/comments$`), ({ params: [number = ""], body }) => {
    if (typeof body.body !== "string")
      return githubError(422, "Invalid request.\n\nNo body given.");
    const tooLong = bodyTooLong("IssueComment", body.body);
    if (tooLong) return tooLong;
    const now = state.now();
    const comment: FakeComment = {
      id: state.nextId(),
      issueNumber: Number(number),
      body: body.body,
      login: state.appLogin,
      type: "Bot",
      createdAt: now,
      updatedAt: now,
    };
    state.comments.set(comment.id, comment);
    return { status: 201, body: commentJson(comment) };
  });
  router.on("GET", new RegExp(`^${base}/comments/(\\d+)$`), ({ params: [id = ""] }) => {
    const comment = findComment(id);
    return comment ? { status: 200, body: commentJson(comment) } : githubError(404, "Not Found");
  });
  router.on("PATCH", new RegExp(`^${base}/comments/(\\d+)$`), ({ params: [id = ""], body }) => {
    const comment = findComment(id);
    if (!comment) return githubError(404, "Not Found");
    const tooLong = bodyTooLong("IssueComment", body.body);
    if (tooLong) return tooLong;
    if (typeof body.body === "string") comment.body = body.body;
    comment.updatedAt = state.now();
    return { status: 200, body: commentJson(comment) };
  });

  const react = (target: { issue: number } | { comment: number }, content: unknown) => {
    if (typeof content !== "string" || !REACTIONS.has(content)) {
      return githubError(422, "Validation Failed", [
        { resource: "Reaction", code: "invalid", field: "content" },
      ]);
    }
    const reaction = { id: state.nextId(), content, target };
    state.reactions.push(reaction);
    return {
      status: 201,
      body: {
        id: reaction.id,
        node_id: nodeId("REA", reaction.id),
        content,
        user: { login: state.appLogin, type: "Bot" },
        created_at: state.now(),
      },
    };
  };
  router.on("POST", new RegExp(`^${base}/(\\d+)/reactions$`), ({ params: [n = ""], body }) =>
    react({ issue: Number(n) }, body.content),
  );
  router.on(
    "POST",
    new RegExp(`^${base}/comments/(\\d+)/reactions$`),
    ({ params: [id = ""], body }) =>
      findComment(id)
        ? react({ comment: Number(id) }, body.content)
        : githubError(404, "Not Found"),
  );
}
