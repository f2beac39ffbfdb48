import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import { passingPlan } from "./python-project.ts";

const docker = await dockerStatus();

describe.skipIf(!docker.available)("finishing a run", () => {
  const { run, receive, opened, commented, modelAnswers } = useRun();

  it.each([1, 2, 3])(
    "a %i-module run ends with a ready pull request, a review request and a summary linking it",
    async (count) => {
      const { plan, answers } = passingPlan(count);
      mockChat(plan);
      await receive(opened());
      modelAnswers(...answers);
      await receive(commented("/start"));

      const [pr, ...others] = run.github.pullRequests();
      expect(others).toEqual([]);
      expect(pr).toMatchObject({ draft: false, state: "open", head: "codegen/issue-1" });
      expect(pr?.requestedReviewers).toEqual(["Codertocat"]);
      expect(pr?.body).toContain("Closes #1");
      const summary = run.github.comments().at(-1)?.body ?? "";
      expect(summary).toMatch(new RegExp(`^🏁 Done: ${count} succeeded, 0 failed, 0 skipped`));
      expect(summary).toContain(`/pull/${pr?.number}`);
    },
  );
});
