import { describe, expect, it } from "vitest";
import { mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import { fencedJson } from "./python-project.ts";

const MAX_COMMENT = 65_536;

/** A plan far over GitHub's comment limit: 20 modules with long descriptions and criteria. */
const HUGE_PLAN = {
  verdict: {
    kind: "plan",
    summary: "A library in twenty parts.",
    language: "python",
    modules: Array.from({ length: 20 }, (_, i) => ({
      name: `part-${i}`,
      description: `Part ${i}: ${"does a great many things ".repeat(200)}`,
      language: "python",
      files: [`parts/part_${i}.py`, `tests/test_part_${i}.py`],
      dependsOn: [],
      acceptanceCriteria: Array.from({ length: 5 }, (_, j) => `criterion ${j} ${"x".repeat(800)}`),
    })),
  },
};

// The fake GitHub answers a body over 65,536 characters with 422, as GitHub does.
describe("bodies over GitHub's limits", () => {
  const { run, receive, opened, planComment, lastComment } = useRun();

  it("posts a plan larger than the limit with every module box and Start", async () => {
    mockChat(fencedJson(HUGE_PLAN));
    await receive(opened());
    const plan = planComment();
    expect(plan.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(plan.match(/<!-- codegen:module=part-\d+ -->/g)).toHaveLength(20);
    expect(plan).toContain("**Start generation** <!-- codegen:start -->");
    expect(plan).toContain("more characters cut to fit GitHub's limit");
  });

  it("trims a reply over the limit and keeps the app's markers at its end", async () => {
    mockChat(fencedJson({ verdict: { kind: "small_talk", reply: "Hello! ".repeat(12_000) } }));
    await receive(opened());
    const reply = lastComment();
    expect(reply.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(reply).toContain("more characters cut to fit GitHub's limit");
    expect(reply).toMatch(/<!-- codegen:app --><!-- codegen:effect=[^>]+ -->$/);
    expect(run.github.comments().filter((c) => c.body.includes("Hello!"))).toHaveLength(1);
  });
});
