import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import type { FakeGitHub, RecordedRequest } from "../helpers/fake-github/index.ts";
import { type ChatRequest, mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import {
  PARSER_FILES,
  PLAN_ANSWER,
  REPORT_FILES,
  REPORT_FIX_RIGHT,
  REPORT_FIX_WRONG,
  slugAttempt,
  TEXT_PLAN,
  wordcountAttempt,
} from "./python-project.ts";

const docker = await dockerStatus();

describe.skipIf(!docker.available)("issue to pull request, end to end", () => {
  const { run, receive, opened, commented, modelAnswers } = useRun();
  const writesSince = (mark: number): RecordedRequest[] => run.github.writes().slice(mark);

  it("plans two modules, passes the first at once, fixes the second on attempt 3, and delivers a ready PR", async () => {
    mockChat(PLAN_ANSWER);
    await receive(opened());
    const plan = run.github.comments().find((comment) => comment.body.includes("codegen:plan"));
    expect(plan?.body).toContain("- [x] `report` — Totals the amounts per category");

    const [, reportGenerate, firstFix, secondFix] = modelAnswers(
      PARSER_FILES,
      REPORT_FILES,
      REPORT_FIX_WRONG,
      REPORT_FIX_RIGHT,
    );
    const before = run.github.writes().length;
    const start = commented("/start");
    await receive(start);
    expect(
      run.github
        .reactions()
        .filter((r) => "comment" in r.target && r.target.comment === start.payload.comment.id)
        .map((r) => r.content),
    ).toEqual(["eyes", "rocket"]);

    // Commits: one per module round, listing its attempts, each with its first error.
    const commits = run.github.commits("codegen/issue-1");
    expect(commits.map((commit) => commit.message.split("\n")[0])).toEqual([
      "codegen(report): attempts 1–3, passed",
      "codegen(parser): attempt 1, passed",
      "Initial commit",
    ]);
    expect(commits[0]?.message).toMatch(/^- attempt 1: failed — test \(0 passed, 1 failed\)/m);
    expect(commits[0]?.message).toMatch(/^- attempt 3: passed — 1 passed, 0 failed$/m);
    expect(commits[0]?.message).toMatch(/\n\nIssue #1$/);
    expect(run.github.file("codegen/issue-1", "expenses/report.py")).toContain("round(value, 2)");
    // Each fix was asked with the real failing pytest output of the attempt before.
    const fixPrompt = (requests: ChatRequest[] | undefined) =>
      JSON.stringify(requests?.[0]?.messages);
    expect(fixPrompt(firstFix)).toContain("3.3000000000000003");
    expect(fixPrompt(secondFix)).toMatch(/\{'food': 3, 'rent': 100\}/);
    // The fix prompt carries only what matters: no bigger than the module's generate prompt.
    const chars = (requests: ChatRequest[] | undefined) =>
      (requests?.[0]?.messages ?? []).reduce((sum, message) => sum + message.content.length, 0);
    console.info(
      `Prompt sizes (report): generate ${chars(reportGenerate)}, first fix ${chars(firstFix)}, second fix ${chars(secondFix)} chars`,
    );

    // A check run per module round, created completed on the round's last commit; at the
    // end every module's result is also on the branch head, where GitHub shows the PR's.
    const checks = run.github
      .checkRuns()
      .map((check) => [check.name, check.headSha, check.status, check.conclusion]);
    const head = run.github.head("codegen/issue-1");
    const parserCommit = commits[1]?.sha;
    expect(checks).toEqual([
      ["codegen / parser", parserCommit, "completed", "success"],
      ["codegen / report", head, "completed", "success"],
      ["codegen / parser", head, "completed", "success"],
    ]);
    // The check run lists each attempt with its first error.
    const reportCheck = run.github.checkRuns()[1];
    expect(reportCheck?.output.summary).toMatch(/- 1 \([0-9a-f]{7}\): ❌ test/);
    expect(reportCheck?.output.summary).toMatch(/- 3 \([0-9a-f]{7}\): ✅ 1 passed, 0 failed/);

    // The PR: opened as a draft after the first module, updated, then ready with a review request.
    const [pr] = run.github.pullRequests();
    expect(pr).toMatchObject({
      head: "codegen/issue-1",
      base: "master",
      draft: false,
      state: "open",
    });
    expect(pr?.requestedReviewers).toEqual(["Codertocat"]);
    expect(pr?.body).toMatch(
      /\| `parser` \| ✅ succeeded \| 1 \| ✅ passed \| 2 passed, 0 failed \|/,
    );
    expect(pr?.body).toMatch(
      // Its own test, and the parser's still passing: not the suite's 3 as its own.
      /\| `report` \| ✅ succeeded \| 3 \| ✅ passed \| 1 passed, 0 failed · earlier modules: 2 passed \|/,
    );
    expect(pr?.body).toContain("Closes #1");

    // The plan comment is the living status; the issue gets a final summary.
    const status = run.github.comments().find((comment) => comment.body.includes("codegen:plan"));
    expect(status?.body).toContain("✅ passed (attempt 3)");
    const summary = run.github.comments().at(-1)?.body ?? "";
    expect(summary).toMatch(
      /^🏁 Done: 2 succeeded, 0 failed, 0 skipped, in 4 attempts using \d+ tokens\./,
    );

    const perModule = writesPerModule(run.github, writesSince(before));
    console.info(`GitHub writes per module: ${JSON.stringify(perModule)}`);
    // Per module round, whatever its attempts: one commit (createCommitOnBranch) and its
    // check run; parser's result again on the head. Shared: a plan-comment edit per module start and at
    // /start and the end, the PR (opened, updated, ready, review asked), reactions and the
    // summary. The whole run stays far under GitHub's 80 content writes a minute.
    expect(perModule).toEqual({ parser: 1 + 2, report: 1 + 1, shared: 12 });
  });

  it("exhausts 5 attempts, asks the human, and follows /continue then /retry with a hint", async () => {
    mockChat(TEXT_PLAN);
    await receive(opened());
    modelAnswers(...[1, 2, 3, 4, 5].map(wordcountAttempt));
    await receive(commented("/start"));

    const decision = run.github.comments().at(-1)?.body ?? "";
    expect(decision).toContain("❌ `wordcount` failed 5 attempts.");
    expect(decision).toMatch(/<details><summary>Last build output \(test failed\)<\/summary>/);
    expect(decision).toContain("assert 1 == 3");
    expect(decision).toContain("`/retry [hint]`");
    expect(run.github.checkRuns()[0]).toMatchObject({
      name: "codegen / wordcount",
      conclusion: "failure",
    });
    // The round's five attempts: one commit.
    expect(run.github.commits("codegen/issue-1")).toHaveLength(2);

    // /continue: wordcount is skipped and the next module runs; its round fails too.
    modelAnswers(...[1, 2, 3, 4, 5].map((attempt) => slugAttempt(attempt)));
    await receive(commented("/continue"));
    expect(run.github.comments().at(-1)?.body).toContain("❌ `slug` failed 5 attempts.");
    expect(run.github.pullRequests()[0]?.body).toMatch(/\| `wordcount` \| ⏭ skipped \| 5 \|/);

    // /retry with a hint: the hint reaches the fixer, and attempt 6 passes.
    const [withHint] = modelAnswers(slugAttempt(6, true));
    await receive(commented("/retry join the words with hyphens"));
    expect(JSON.stringify(withHint?.[0]?.messages)).toContain("join the words with hyphens");
    const [pr] = run.github.pullRequests();
    expect(pr?.body).toMatch(/\| `slug` \| ✅ succeeded \| 6 \|/);
    expect(pr?.body).toContain("Part of #1");
    expect(pr?.body).not.toContain("Closes #1");
    expect(pr?.draft).toBe(false);
    expect(run.github.comments().at(-1)?.body).toMatch(
      /^🏁 Done: 1 succeeded, 0 failed, 1 skipped, in 11 attempts/,
    );
  });

  it("/abort after a failed round stops the run and keeps the branch", async () => {
    mockChat(TEXT_PLAN);
    await receive(opened());
    modelAnswers(...[1, 2, 3, 4, 5].map(wordcountAttempt));
    await receive(commented("/start"));
    const commits = run.github.commits("codegen/issue-1").length;
    await receive(commented("/abort"));
    expect(run.github.comments().at(-1)?.body).toMatch(/^⏹ Aborted/);
    const plan = run.github.comments().find((comment) => comment.body.includes("codegen:plan"));
    expect(plan?.body).toContain("The run was aborted");
    expect(run.github.commits("codegen/issue-1")).toHaveLength(commits);
    expect(run.github.pullRequests()).toEqual([]);
    // Nothing runs after an abort: /retry is refused.
    await receive(commented("/retry"));
    expect(run.github.comments().at(-1)?.body).toMatch(/^Nothing to retry right now/);
  });
});

/**
 * GitHub writes by what caused them: each module's commits (tree, commit, ref) and check
 * run, and the run's shared writes (plan comment, PR, reactions, replies).
 */
function writesPerModule(github: FakeGitHub, writes: RecordedRequest[]): Record<string, number> {
  const checkRunModule = new Map(
    github.checkRuns().map((run) => [String(run.id), run.name.replace("codegen / ", "")]),
  );
  const counts: Record<string, number> = { shared: 0 };
  writes.forEach((write, index) => {
    let module: string | undefined;
    if (/\/git\/(trees|commits|refs\/heads)/.test(write.path)) {
      // A tree precedes its commit and a ref update follows it: find that commit's message.
      const nearby = write.path.includes("/refs/")
        ? writes.slice(0, index + 1).reverse()
        : writes.slice(index);
      const commit = nearby.find((w) => w.path.endsWith("/git/commits"));
      module = /^codegen\((.+?)\)/.exec(String(commit?.body?.message ?? ""))?.[1];
    } else if (
      write.path === "/graphql" &&
      String(write.body?.query).includes("createCommitOnBranch")
    ) {
      const input = (write.body?.variables as { input?: { message?: { headline?: string } } })
        ?.input;
      module = /^codegen\((.+?)\)/.exec(input?.message?.headline ?? "")?.[1];
    } else if (write.path.endsWith("/check-runs")) {
      module = String(write.body?.name ?? "").replace("codegen / ", "");
    } else {
      module = checkRunModule.get(/\/check-runs\/(\d+)$/.exec(write.path)?.[1] ?? "");
    }
    const key = module ?? "shared";
    counts[key] = (counts[key] ?? 0) + 1;
  });
  return counts;
}
