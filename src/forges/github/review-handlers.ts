import type { Context } from "probot";
import type { OperatorPolicy } from "../../config/operator-policy.ts";
import { assignReviewNotes } from "../../core/review-notes.ts";
import type { ReviewNote } from "../../core/types.ts";
import { branchRunTarget } from "./branch-run-target.ts";
import { parseCommand } from "./commands.ts";
import type { EventHandlers } from "./event-table.ts";
import type { RunStep } from "./run-step.ts";

type PullContext = Context<
  "pull_request_review.submitted" | "pull_request_review_comment.created" | "issue_comment.created"
>;

type ReviewHandlers = Pick<
  EventHandlers,
  "pull_request_review.submitted" | "pull_request_review_comment.created"
> & {
  /** `issue_comment.created` on a pull request: a `/revise` comment. */
  pullRequestComment: EventHandlers["issue_comment.created"];
};

/** Reviews of the app's pull requests, turned into revisions of the modules they concern. */
export function reviewEventHandlers(runStep: RunStep, policy: OperatorPolicy): ReviewHandlers {
  const reviewSubmitted = async (context: Context<"pull_request_review.submitted">) => {
    const { review, pull_request: pr } = context.payload;
    if (context.isBot) return;
    const revise = reviseText(review.body ?? "");
    if (review.state !== "changes_requested" && revise === null) return;
    const comments = await context.octokit.paginate(
      context.octokit.rest.pulls.listCommentsForReview,
      {
        ...context.repo(),
        pull_number: pr.number,
        review_id: review.id,
        per_page: 100,
      },
    );
    const notes: ReviewNote[] = comments.map((comment) => ({
      commentId: comment.id,
      path: comment.path,
      line: comment.line ?? comment.original_line ?? null,
      body: comment.body,
    }));
    const general = revise ?? (review.body ?? "").trim();
    if (general) notes.push({ commentId: null, path: null, line: null, body: general });
    await revise_(context, pr.number, pr.head.ref, notes);
  };

  const reviewComment = async (context: Context<"pull_request_review_comment.created">) => {
    const { comment, pull_request: pr } = context.payload;
    if (context.isBot) return;
    const revise = reviseText(comment.body);
    // A line comment that is part of a review arrives with the review; alone it needs /revise.
    if (revise === null || comment.pull_request_review_id === null) return;
    const note = {
      commentId: comment.id,
      path: comment.path,
      line: comment.line ?? null,
      body: revise,
    };
    await revise_(context, pr.number, pr.head.ref, [note]);
  };

  const pullRequestComment = async (context: Context<"issue_comment.created">) => {
    const { issue, comment } = context.payload;
    if (context.isBot) return;
    const revise = reviseText(comment.body);
    if (revise === null) return;
    const { data: pr } = await context.octokit.rest.pulls.get({
      ...context.repo(),
      pull_number: issue.number,
    });
    await revise_(context, pr.number, pr.head.ref, [
      { commentId: null, path: null, line: null, body: revise || comment.body },
    ]);
  };

  async function revise_(
    context: PullContext,
    pullNumber: number,
    branch: string,
    notes: ReviewNote[],
  ) {
    const run = await branchRunTarget(context, branch, policy);
    if (run === null) return;
    const { actor } = run;
    await runStep(run.target, (state) => {
      const generation = "generation" in state ? state.generation : null;
      if (generation?.changeRequest?.number !== pullNumber) return null;
      return { type: "revision_requested", actor, ...assignReviewNotes(state, notes) };
    });
  }

  return {
    "pull_request_review.submitted": reviewSubmitted,
    "pull_request_review_comment.created": reviewComment,
    pullRequestComment,
  };
}

/** The instructions of a `/revise` line, "" for a bare `/revise`, null when there is none. */
function reviseText(body: string): string | null {
  const command = parseCommand(body);
  return command.kind === "command" && command.name === "revise" ? command.args : null;
}
