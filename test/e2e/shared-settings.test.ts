import { describe, expect, it } from "vitest";
import { mockChat } from "../helpers/llm.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { useRun } from "./harness.ts";
import { PLAN_ANSWER, REQUEST } from "./python-project.ts";

describe("settings a repository inherits from its organisation", () => {
  const { run, receive, opened, planComment } = useRun({
    repoConfig: "_extends: .github\n",
    otherRepos: {
      "Codertocat/.github": {
        ".github/codegen.yml": "trigger:\n  mode: label\n  label: build-me\n",
      },
    },
  });

  it("follow `_extends`: the shared label mode holds the issue until it is labelled", async () => {
    await receive(opened());
    expect(run.github.comments()).toEqual([]);
    expect(run.github.reactions()).toEqual([]);

    mockChat(PLAN_ANSWER);
    await receive(
      webhookEvent("issues.labeled", (payload) => {
        payload.issue.title = "Expense totals";
        payload.issue.body = REQUEST;
        payload.label = { ...payload.label, name: "build-me" } as typeof payload.label;
      }),
    );
    expect(planComment()).toContain("`report` — Totals the amounts per category");
  });
});
