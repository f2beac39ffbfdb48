import type { Router } from "./router.ts";
import { bodyTooLong, githubError } from "./router.ts";
import { type FakeState, HTML, nodeId, repoUrl } from "./state.ts";

export type FakeReviewComment = {
  id: number;
  reviewId: number;
  pullNumber: number;
  path: string;
  line: number;
  body: string;
  login: string;
  /** The thread this comment answers, for replies. */
  inReplyTo: number | null;
};

export type FakeReview = {
  id: number;
  pullNumber: number;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED";
  body: string;
  login: string;
};

/** Pull request reviews: their line comments, and replies in review threads. */
export function reviewRoutes(
  router: Router,
  state: FakeState,
  reviews: Map<number, FakeReview>,
  comments: Map<number, FakeReviewComment>,
): void {
  const base = `/repos/${state.owner}/${state.repo}/pulls`;
  const commentJson = (comment: FakeReviewComment) => ({
    id: comment.id,
    node_id: nodeId("PRRC", comment.id),
    pull_request_review_id: comment.reviewId,
    url: `${repoUrl(state)}/pulls/comments/${comment.id}`,
    html_url: `${HTML}/${state.owner}/${state.repo}/pull/${comment.pullNumber}#discussion_r${comment.id}`,
    path: comment.path,
    line: comment.line,
    original_line: comment.line,
    side: "RIGHT",
    body: comment.body,
    in_reply_to_id: comment.inReplyTo ?? undefined,
    user: { login: comment.login, type: comment.login.endsWith("[bot]") ? "Bot" : "User" },
  });

  router.on(
    "GET",
    new RegExp(`^${base}/(\\d+)/reviews/(\\d+)/comments$`),
    ({ params: [number = "", reviewId = ""] }) => {
      const review = reviews.get(Number(reviewId));
      if (!review || review.pullNumber !== Number(number)) return githubError(404, "Not Found");
      return {
        status: 200,
        body: [...comments.values()]
          .filter((comment) => comment.reviewId === review.id)
          .map(commentJson),
      };
    },
  );

  router.on(
    "POST",
    new RegExp(`^${base}/(\\d+)/comments/(\\d+)/replies$`),
    ({ params: [number = "", commentId = ""], body }) => {
      const thread = comments.get(Number(commentId));
      if (!thread || thread.pullNumber !== Number(number)) return githubError(404, "Not Found");
      if (typeof body.body !== "string" || body.body === "") {
        return githubError(422, "Validation Failed", [
          { resource: "PullRequestReviewComment", code: "missing_field", field: "body" },
        ]);
      }
      const tooLong = bodyTooLong("PullRequestReviewComment", body.body);
      if (tooLong) return tooLong;
      const reply: FakeReviewComment = {
        ...thread,
        id: state.nextId(),
        body: body.body,
        login: state.appLogin,
        inReplyTo: thread.id,
      };
      comments.set(reply.id, reply);
      return { status: 201, body: commentJson(reply) };
    },
  );
}
