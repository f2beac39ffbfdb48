import { describe, expect, it } from "vitest";
import { testPolicy } from "../helpers/app.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat } from "../helpers/llm.ts";
import { webhookEvent, webhookPayload } from "../helpers/webhooks.ts";
import { useRun } from "./harness.ts";
import {
  PARSER_FILES,
  PARSER_ONLY_PLAN,
  PLAN_ANSWER,
  REPORT_FILES,
  reportFixWrong,
  TEXT_PLAN,
  wordcountAttempt,
} from "./python-project.ts";

const docker = await dockerStatus();
const BRANCH = "codegen/issue-1";

describe.skipIf(!docker.available)("generation when GitHub changes under the run", () => {
  const { run, receive, opened, commented, modelAnswers, lastComment, planComment } = useRun();

  /** Plans TEXT_PLAN, starts, and lets wordcount fail its 5 attempts. */
  async function failFirstRound(): Promise<void> {
    mockChat(TEXT_PLAN);
    await receive(opened());
    modelAnswers(...[1, 2, 3, 4, 5].map(wordcountAttempt));
    await receive(commented("/start"));
    expect(lastComment()).toContain("❌ `wordcount` failed 5 attempts.");
  }

  it("reuses a branch that already exists, says so, and keeps what is on it", async () => {
    run.github.forcePush(BRANCH, run.github.head("master") ?? "");
    run.github.pushCommit(BRANCH, { "NOTES.md": "kept\n" }, "A human's notes");
    mockChat(PARSER_ONLY_PLAN);
    await receive(opened());
    modelAnswers(PARSER_FILES);
    await receive(commented("/start"));
    expect(
      run.github
        .comments()
        .some((c) => c.body.includes("The branch `codegen/issue-1` already exists")),
    ).toBe(true);
    expect(run.github.file(BRANCH, "NOTES.md")).toBe("kept\n");
    expect(run.github.commits(BRANCH)[1]?.message).toBe("A human's notes");
  });

  it("commits on top of a human's push and never force-pushes", async () => {
    await failFirstRound();
    const human = run.github.pushCommit(BRANCH, { "NOTES.md": "mine\n" }, "Human commit");
    modelAnswers(wordcountAttempt(6), ...[7, 8, 9, 10].map(wordcountAttempt));
    await receive(commented("/retry"));
    expect(run.github.file(BRANCH, "NOTES.md")).toBe("mine\n");
    // The round's commit moves the branch only from the head it read: the human's commit.
    const commits = run.github.writesMatching(
      (w) => w.path === "/graphql" && String(w.body?.query).includes("createCommitOnBranch"),
    );
    const input = (commits.at(-1)?.body?.variables as { input?: { expectedHeadOid?: string } })
      ?.input;
    expect(input?.expectedHeadOid).toBe(human);
    expect(run.github.writesMatching((w) => w.path.includes("/git/refs/"))).toEqual([]);
    expect(run.github.commits(BRANCH).map((c) => c.message.split("\n")[0])).toContain(
      "Human commit",
    );
  });

  it("recreates a deleted branch and says so", async () => {
    await failFirstRound();
    run.github.deleteBranch(BRANCH);
    modelAnswers(...[6, 7, 8, 9, 10].map(wordcountAttempt));
    await receive(commented("/retry"));
    expect(run.github.head(BRANCH)).not.toBeNull();
    expect(
      run.github.comments().some((c) => c.body.includes("was deleted, so I recreated it")),
    ).toBe(true);
  });

  it("stops the run when the issue is closed", async () => {
    await failFirstRound();
    // The examples have no issues.closed payload: a reopened one, closed.
    const closed = webhookEvent("issues.reopened", (payload) => {
      payload.issue.number = 1;
      payload.issue.state = "closed";
    });
    Object.assign(closed.payload, { action: "closed" });
    await receive(closed);
    expect(lastComment()).toMatch(/^⏹ The issue was closed, so I stopped the run/);
    expect(planComment()).toContain("The run was aborted");
    await receive(commented("/retry"));
    expect(lastComment()).toMatch(/^Nothing to retry right now/);
  });

  it("reopens a pull request a human closed, and says so", async () => {
    mockChat(PLAN_ANSWER);
    await receive(opened());
    modelAnswers(PARSER_FILES, REPORT_FILES, ...[2, 3, 4, 5].map(reportFixWrong));
    await receive(commented("/start"));
    expect(lastComment()).toContain("❌ `report` failed 5 attempts.");
    const [pr] = run.github.pullRequests();
    run.github.closePullRequest(pr?.number ?? 0);
    await receive(commented("/continue"));
    expect(run.github.pullRequests()).toHaveLength(1);
    expect(run.github.pullRequests()[0]).toMatchObject({ state: "open", draft: false });
    expect(
      run.github
        .comments()
        .some((c) => c.body.includes(`#${pr?.number} was closed; I reopened it`)),
    ).toBe(true);
    expect(lastComment()).toMatch(/^🏁 Done: 1 succeeded, 0 failed, 1 skipped/);
  });

  it("Re-run on the failed module's check run acts as /retry", async () => {
    await failFirstRound();
    const [check] = run.github.checkRuns();
    modelAnswers(...[6, 7, 8, 9, 10].map(wordcountAttempt));
    await receive(
      webhookEvent("check_run.rerequested", (payload) => {
        payload.repository = webhookPayload("issues.opened")
          .repository as typeof payload.repository;
        payload.check_run.id = check?.id ?? 0;
        if (payload.check_run.check_suite) payload.check_run.check_suite.head_branch = BRANCH;
        payload.sender.login = "Codertocat";
        payload.sender.type = "User";
      }),
    );
    // A second round: its five attempts in one more commit.
    expect(run.github.commits(BRANCH).map((c) => c.message.split("\n")[0])).toEqual([
      "codegen(wordcount): attempts 6–10, not passing yet",
      "codegen(wordcount): attempts 1–5, not passing yet",
      "Initial commit",
    ]);
    expect(lastComment()).toContain("❌ `wordcount` failed 5 attempts.");
  });
});

describe.skipIf(!docker.available)("protected paths", () => {
  const { run, receive, opened, commented, modelAnswers, planComment } = useRun({
    repoConfig: 'protectedPaths: ["secrets/**", ".github/workflows/**"]\n',
  });

  it("refuses generated files under protected paths and reports them", async () => {
    mockChat(PARSER_ONLY_PLAN);
    await receive(opened());
    const sneaky = {
      ...PARSER_FILES,
      files: [...PARSER_FILES.files, { path: "secrets/token.txt", content: "x\n" }],
    };
    modelAnswers(sneaky);
    await receive(commented("/start"));
    expect(run.github.file(BRANCH, "expenses/parser.py")).not.toBeNull();
    expect(run.github.file(BRANCH, "secrets/token.txt")).toBeNull();
    expect(planComment()).toContain("refused protected paths: `secrets/token.txt`");
  });
});

describe.skipIf(!docker.available)("repository models", () => {
  const { receive, opened, commented, modelAnswers } = useRun(
    { repoConfig: "models:\n  analysis: big-planner\n  code: big-coder\n" },
    {
      policy: {
        ...testPolicy(),
        allowedModels: [...testPolicy().allowedModels, "big-planner", "big-coder"],
      },
    },
  );

  it("generates with the repository's code model", async () => {
    const [analysis] = modelAnswers(PARSER_ONLY_PLAN);
    await receive(opened());
    const [generation] = modelAnswers(PARSER_FILES);
    await receive(commented("/start"));
    expect(analysis?.[0]?.model).toBe("big-planner");
    expect(generation?.[0]?.model).toBe("big-coder");
  });
});
