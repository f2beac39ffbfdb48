import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { countWrites } from "../helpers/fake-github/write-kinds.ts";
import { mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import { slugAttempt, TEXT_PLAN } from "./python-project.ts";

const docker = await dockerStatus();

/** One module (slug) that passes on its last attempt. */
const SLUG_ONLY = {
  verdict: { ...TEXT_PLAN.verdict, modules: TEXT_PLAN.verdict.modules.slice(1) },
};

describe.skipIf(!docker.available)("GitHub writes of a module, whatever its attempts", () => {
  const { run, receive, opened, commented, modelAnswers } = useRun({
    repoConfig: "maxAttempts: 10\n",
  });

  /** The writes from `/start` to the summary of a run whose module passes on attempt `n`. */
  async function writesOfRun(attempts: number) {
    mockChat(SLUG_ONLY);
    await receive(opened());
    modelAnswers(
      ...Array.from({ length: attempts }, (_, i) => slugAttempt(i + 1, i + 1 === attempts)),
    );
    const before = run.github.writes().length;
    await receive(commented("/start"));
    expect(run.github.comments().at(-1)?.body).toMatch(
      new RegExp(`^🏁 Done: 1 succeeded, 0 failed, 0 skipped, in ${attempts} attempts`),
    );
    const plan = run.github.comments().find((comment) => comment.body.includes("codegen:plan"));
    return countWrites(run.github.writes().slice(before), plan?.id ?? null);
  }

  it.each([1, 5, 10])("the same writes when the module passes on attempt %i", async (attempts) => {
    // The module's: its round's one commit and check run, the plan edit showing it running,
    // and the pull request's body (opened here, the only module). The run's: 👀 and 🚀 on
    // /start, the plan at /start and at the end, the branch, the pull request marked ready
    // and its review asked, and the summary.
    const module = { commit: 1, "check run": 1, "plan comment": 1, "pull request": 1 };
    const perRun = { reaction: 2, "plan comment": 2, branch: 1, "pull request": 2, comment: 1 };
    expect(await writesOfRun(attempts)).toEqual({
      commit: module.commit,
      "check run": module["check run"],
      "plan comment": module["plan comment"] + perRun["plan comment"],
      "pull request": module["pull request"] + perRun["pull request"],
      reaction: perRun.reaction,
      branch: perRun.branch,
      comment: perRun.comment,
    });
  });
});
