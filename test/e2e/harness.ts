import { afterEach, beforeEach } from "vitest";
import { type TestAppOptions, testApp } from "../helpers/app.ts";
import {
  createFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
} from "../helpers/fake-github/index.ts";
import { type ChatRequest, mockChat } from "../helpers/llm.ts";
import { testProbot } from "../helpers/probot.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { modelReply, REQUEST } from "./python-project.ts";

/**
 * The app wired as in production (real MCP servers, real Docker sandbox), GitHub faked
 * statefully and the model mocked at its HTTP endpoint. Each test gets a fresh one.
 */
export function useRun(options: FakeGitHubOptions = {}, appOptions: TestAppOptions = {}) {
  const run = {} as {
    harness: ReturnType<typeof testApp>;
    probot: ReturnType<typeof testProbot>;
    github: FakeGitHub;
  };
  beforeEach(() => {
    run.harness = testApp(appOptions);
    run.probot = testProbot(run.harness.app);
    run.github = createFakeGitHub(options);
    run.github.addIssue({ number: 1, title: "Expense totals", body: REQUEST });
  });
  afterEach(() => run.harness.close());

  /** Delivers a webhook and waits until the run has nothing queued. */
  async function receive(event: Parameters<ReturnType<typeof testProbot>["receive"]>[0]) {
    await run.probot.receive(event);
    await run.harness.serializer.idle();
  }

  return {
    run,
    receive,
    opened: () =>
      webhookEvent("issues.opened", (payload) => {
        payload.issue.title = "Expense totals";
        payload.issue.body = REQUEST;
      }),
    commented: (body: string, login = "Codertocat") => issueComment(run.github, body, login),
    /** Each mocked model answer, in the order the run asks for them. */
    modelAnswers: (...answers: unknown[]): ChatRequest[][] => mockModelAnswers(...answers),
    lastComment: () => run.github.comments().at(-1)?.body ?? "",
    planComment: () =>
      run.github.comments().find((comment) => comment.body.includes("codegen:plan"))?.body ?? "",
  };
}

/** Mocks the model's answers, in the order a run asks for them; each list collects its requests. */
export function mockModelAnswers(...answers: unknown[]): ChatRequest[][] {
  return answers.map((answer) => mockChat(modelReply(answer)));
}

/** A person's comment on issue #1: added to the fake GitHub, and its webhook. */
export function issueComment(github: FakeGitHub, body: string, login = "Codertocat") {
  const id = github.addComment(1, body, login);
  return webhookEvent("issue_comment.created", (payload) => {
    payload.issue.number = 1;
    payload.issue.pull_request = undefined;
    payload.comment.id = id;
    payload.comment.body = body;
    payload.sender.login = login;
    payload.sender.type = "User";
  });
}
