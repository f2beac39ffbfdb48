import { describe, expect, it } from "vitest";
import { jobKey } from "../../src/jobs/job-key.ts";
import { webhookPayload } from "../helpers/webhooks.ts";

describe("jobKey", () => {
  it("keys issue events and comments by their issue", () => {
    expect(jobKey(webhookPayload("issues.opened"))).toBe("Codertocat/Hello-World#1");
    expect(jobKey(webhookPayload("issue_comment.created"))).toBe("Codertocat/Hello-World#1");
  });

  it("keys pull request and check-run events by the issue of the run's branch", () => {
    const review = webhookPayload("pull_request_review.submitted");
    review.pull_request.head.ref = "bots/codegen/issue-12";
    expect(jobKey(review)).toBe(`${review.repository.full_name}#12`);
    review.pull_request.head.ref = "feature/login";
    expect(jobKey(review)).toBeNull();
    const check = webhookPayload("check_run.rerequested");
    if (check.check_run.check_suite) check.check_run.check_suite.head_branch = "codegen/issue-3";
    expect(jobKey(check)).toBe(`${check.repository.full_name}#3`);
    const prComment = webhookPayload("issue_comment.created");
    Object.assign(prComment.issue, { pull_request: { url: "x" } });
    expect(jobKey(prComment)).toBeNull();
    expect(jobKey(prComment, "codegen/issue-5")).toBe("Codertocat/Hello-World#5");
  });

  it("refuses payloads without the fields it needs", () => {
    expect(jobKey({})).toBeNull();
    expect(jobKey({ repository: { name: "r", owner: {} }, issue: { number: 1 } })).toBeNull();
    expect(
      jobKey({ repository: { name: "r", owner: { login: "o" } }, issue: { number: -1 } }),
    ).toBeNull();
    expect(jobKey(null)).toBeNull();
  });
});
