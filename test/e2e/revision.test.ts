import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat } from "../helpers/llm.ts";
import { webhookEvent, webhookPayload } from "../helpers/webhooks.ts";
import { useRun } from "./harness.ts";
import { PARSER_FILES, PLAN_ANSWER, REPORT_FILES, REPORT_FIX_RIGHT } from "./python-project.ts";

const docker = await dockerStatus();
const BRANCH = "codegen/issue-1";
const PR = 2;

const PARSER_REVISION = {
  summary: "Strip whitespace around categories",
  files: [
    {
      path: "expenses/parser.py",
      content: (PARSER_FILES.files[1]?.content ?? "").replace(
        '(row["category"],',
        '(row["category"].strip(),',
      ),
    },
  ],
};
const REPORT_REVISION = {
  summary: "Return categories in alphabetical order",
  files: [
    {
      path: "expenses/report.py",
      content: `${REPORT_FIX_RIGHT.files[0]?.content ?? ""}\n\ndef sorted_totals(text):\n    return dict(sorted(totals(text).items()))\n`,
    },
  ],
};

describe.skipIf(!docker.available)("pull request review drives revisions", () => {
  const { run, receive, opened, commented, modelAnswers, lastComment } = useRun();

  /** Runs the expense request to a ready PR: parser first time, report on attempt 2. */
  async function completedRun(): Promise<void> {
    mockChat(PLAN_ANSWER);
    await receive(opened());
    modelAnswers(PARSER_FILES, REPORT_FILES, REPORT_FIX_RIGHT);
    await receive(commented("/start"));
    expect(lastComment()).toMatch(/^🏁 Done: 2 succeeded/);
  }

  const repository = () => webhookPayload("issues.opened").repository;

  function reviewSubmitted(
    reviewId: number,
    state: "changes_requested" | "approved" | "commented",
    body = "",
  ) {
    return webhookEvent("pull_request_review.submitted", (payload) => {
      payload.repository = repository() as typeof payload.repository;
      payload.review.id = reviewId;
      payload.review.state = state;
      payload.review.body = body;
      payload.pull_request.number = PR;
      payload.pull_request.head.ref = BRANCH;
      payload.sender.login = "Codertocat";
      payload.sender.type = "User";
    });
  }

  function prCommented(body: string, login = "Codertocat") {
    return webhookEvent("issue_comment.created", (payload) => {
      payload.repository = repository() as typeof payload.repository;
      payload.issue.number = PR;
      payload.issue.pull_request = {
        url: `https://api.github.com/repos/Codertocat/Hello-World/pulls/${PR}`,
        html_url: `https://github.com/Codertocat/Hello-World/pull/${PR}`,
        diff_url: `https://github.com/Codertocat/Hello-World/pull/${PR}.diff`,
        patch_url: `https://github.com/Codertocat/Hello-World/pull/${PR}.patch`,
        merged_at: null,
      };
      payload.comment.body = body;
      payload.sender.login = login;
      payload.sender.type = "User";
    });
  }

  const messages = () => run.github.commits(BRANCH).map((commit) => commit.message.split("\n")[0]);

  it("revises the two modules a changes-requested review touched: one commit each, a reply in each thread", async () => {
    await completedRun();
    const review = run.github.addReview({
      pullNumber: PR,
      state: "CHANGES_REQUESTED",
      comments: [
        { path: "expenses/parser.py", line: 11, body: "Strip whitespace around categories." },
        { path: "expenses/report.py", line: 8, body: "Also offer the totals sorted by category." },
      ],
    });
    const [parserFix, reportFix] = modelAnswers(PARSER_REVISION, REPORT_REVISION);
    await receive(reviewSubmitted(review.id, "changes_requested"));

    expect(messages().slice(0, 2)).toEqual([
      "codegen(report): attempt 3, passed",
      "codegen(parser): attempt 2, passed",
    ]);
    expect(JSON.stringify(parserFix?.[0]?.messages)).toContain(
      "expenses/parser.py:11: Strip whitespace around categories.",
    );
    expect(JSON.stringify(reportFix?.[0]?.messages)).toContain(
      "Also offer the totals sorted by category.",
    );
    expect(run.github.file(BRANCH, "expenses/parser.py")).toContain('row["category"].strip()');

    const replies = run.github.reviewReplies();
    expect(replies.map((reply) => reply.inReplyTo)).toEqual(review.commentIds);
    for (const reply of replies) {
      expect(reply.body).toMatch(
        /^✅ Revised in https:\/\/github\.com\/Codertocat\/Hello-World\/commit\/[0-9a-f]{40}; the build and tests pass\.$/,
      );
    }
    const prComments = run.github.comments().filter((comment) => comment.issueNumber === PR);
    expect(prComments[0]?.body).toMatch(/^🔁 Revising `parser`, `report` from this review/);
    expect(run.github.pullRequests()[0]?.body).toMatch(/\| `parser` \| ✅ succeeded \| 2 \|/);
  });

  it("/revise on the PR revises the module it names and answers on the PR", async () => {
    await completedRun();
    const [fix] = modelAnswers(PARSER_REVISION);
    await receive(prCommented("/revise parser: strip whitespace around categories"));
    expect(messages()[0]).toBe("codegen(parser): attempt 2, passed");
    expect(JSON.stringify(fix?.[0]?.messages)).toContain(
      "parser: strip whitespace around categories",
    );
    const answer =
      run.github
        .comments()
        .filter((comment) => comment.issueNumber === PR)
        .at(-1)?.body ?? "";
    expect(answer).toContain("> parser: strip whitespace around categories");
    expect(answer).toContain("`parser`: ✅ Revised in");
  });

  it("asks which module when /revise names none", async () => {
    await completedRun();
    const writes = run.github.writes().length;
    await receive(prCommented("/revise make it faster"));
    const answer =
      run.github
        .comments()
        .filter((comment) => comment.issueNumber === PR)
        .at(-1)?.body ?? "";
    expect(answer).toMatch(/^Which module should I revise\?/);
    expect(answer).toContain("Modules: `parser`, `report`.");
    expect(run.github.writes().length).toBe(writes + 1);
  });

  it("keeps a human's commit on the branch", async () => {
    await completedRun();
    run.github.pushCommit(BRANCH, { "NOTES.md": "reviewed by a human\n" }, "Human notes");
    modelAnswers(PARSER_REVISION);
    await receive(prCommented("/revise parser: strip whitespace"));
    expect(run.github.file(BRANCH, "NOTES.md")).toBe("reviewed by a human\n");
    expect(messages().slice(0, 2)).toEqual(["codegen(parser): attempt 2, passed", "Human notes"]);
  });

  it("refuses /revise from someone without write access", async () => {
    await completedRun();
    run.github.setPermission("drive-by", "read");
    const commits = messages().length;
    await receive(prCommented("/revise parser: rewrite it", "drive-by"));
    const answer =
      run.github
        .comments()
        .filter((comment) => comment.issueNumber === PR)
        .at(-1)?.body ?? "";
    expect(answer).toMatch(/^Sorry @drive-by, only people with write access/);
    expect(messages()).toHaveLength(commits);
  });

  it("does nothing for an approving review", async () => {
    await completedRun();
    const review = run.github.addReview({ pullNumber: PR, state: "APPROVED", body: "Looks good!" });
    const writes = run.github.writes().length;
    await receive(reviewSubmitted(review.id, "approved", "Looks good!"));
    expect(run.github.writes()).toHaveLength(writes);
  });
});
