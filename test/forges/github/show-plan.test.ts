import { beforeEach, describe, expect, it } from "vitest";
import { startGeneration } from "../../../src/core/generation.ts";
import { initialState } from "../../../src/core/machine.ts";
import type { PlanCommentRef, RunState } from "../../../src/core/types.ts";
import { createGitHubForge } from "../../../src/forges/github/forge.ts";
import type { Forge } from "../../../src/run/ports.ts";
import { plan } from "../../core/fixtures.ts";
import { testPolicy } from "../../helpers/app.ts";
import { createFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/index.ts";
import { TEST_APP_ID, TestOctokit } from "../../helpers/probot.ts";

type Shown = Extract<RunState, { phase: "generating" }>;

let fake: FakeGitHub;
let forge: Forge;

/** The run with its first module at `status`, the plan comment as `comment` says. */
function state(status: "queued" | "running", comment: PlanCommentRef | null): Shown {
  const generation = startGeneration(plan, "codegen/issue-1", 3, null);
  const modules = generation.modules.map((module, index) =>
    index === 0 ? { ...module, status } : module,
  );
  return {
    ...initialState,
    phase: "generating",
    plan,
    generation: { ...generation, modules },
    version: 7,
    planComment: comment,
  };
}

const planEdits = () => fake.writes().filter((write) => write.method === "PATCH").length;

describe("the plan comment's progress edits", () => {
  beforeEach(() => {
    fake = createFakeGitHub();
    fake.addIssue({ number: 1, title: "Expenses", body: "Totals per category" });
    forge = createGitHubForge({
      octokit: new TestOctokit({ auth: { token: "ghs_test" } } as never),
      issue: { ...fake.repo, issue_number: 1 },
      repoUrl: "https://github.com/Codertocat/Hello-World",
      issueTitle: "Expenses",
      appId: TEST_APP_ID,
      policy: { ...testPolicy(), planEditIntervalSec: 10 },
      log: { info: () => {} },
    });
  });

  async function written(status: "queued" | "running", at: number): Promise<PlanCommentRef> {
    const ref = await forge.showPlan(state(status, null), null);
    if (!ref) throw new Error("the plan comment was not written");
    return { ...ref, at };
  }

  it("leaves out a progress edit that would show the same module statuses", async () => {
    const shown = await written("running", Date.now() - 60_000);
    expect(await forge.showPlan(state("running", shown), null, { progress: true })).toBeNull();
    expect(planEdits()).toBe(0);
  });

  it("leaves out a progress edit within the interval; the next one after it is written", async () => {
    const recent = await written("queued", Date.now());
    expect(await forge.showPlan(state("running", recent), null, { progress: true })).toBeNull();
    expect(planEdits()).toBe(0);

    const earlier = { ...recent, at: Date.now() - 11_000 };
    const ref = await forge.showPlan(state("running", earlier), null, { progress: true });
    expect(ref).toMatchObject({ id: recent.id, shows: "generating parser:running report:queued" });
    expect(planEdits()).toBe(1);
  });

  it("writes a render that is not progress (a decision, the end) at once", async () => {
    const recent = await written("queued", Date.now());
    expect(await forge.showPlan(state("running", recent), null)).toMatchObject({ id: recent.id });
    expect(planEdits()).toBe(1);
  });
});
