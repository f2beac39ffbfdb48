import { describe, expect, it } from "vitest";
import { newModuleProgress } from "../../src/core/generation.ts";
import { initialState } from "../../src/core/machine.ts";
import { assignReviewNotes } from "../../src/core/review-notes.ts";
import type { ReviewNote, RunState } from "../../src/core/types.ts";
import { plan } from "./fixtures.ts";

const completed: RunState = {
  ...initialState,
  phase: "completed",
  plan,
  generation: {
    branch: "codegen/issue-1",
    maxAttempts: 5,
    tokenBudget: null,
    current: 2,
    changeRequest: null,
    modules: [
      {
        ...newModuleProgress("parser"),
        status: "succeeded",
        files: ["expenses/parser.py", "expenses/extra.py"],
      },
      { ...newModuleProgress("report"), status: "succeeded", files: [] },
    ],
  },
};

const note = (body: string, path: string | null = null): ReviewNote => ({
  commentId: path ? 1 : null,
  path,
  line: path ? 3 : null,
  body,
});

describe("assignReviewNotes", () => {
  it("maps line comments to the module that wrote or planned the file", () => {
    const written = note("rename this", "expenses/extra.py");
    const planned = note("round here", "tests/test_report.py");
    expect(assignReviewNotes(completed, [written, planned])).toEqual({
      modules: [
        { module: "parser", notes: [written] },
        { module: "report", notes: [planned] },
      ],
      unassigned: [],
    });
  });

  it("maps PR-level text to the modules it names, as a word", () => {
    const both = note("In `parser` and report: use Decimal");
    const none = note("the parsers everywhere should be faster");
    expect(assignReviewNotes(completed, [both, none])).toEqual({
      modules: [
        { module: "parser", notes: [both] },
        { module: "report", notes: [both] },
      ],
      unassigned: [none],
    });
  });

  it("sends unnamed text to the only module when there is one, and nothing without a run", () => {
    const single: RunState = {
      ...completed,
      generation:
        completed.phase === "completed"
          ? { ...completed.generation, modules: [newModuleProgress("parser")] }
          : null,
    } as RunState;
    expect(assignReviewNotes(single, [note("faster please")]).modules).toEqual([
      { module: "parser", notes: [note("faster please")] },
    ]);
    expect(assignReviewNotes(initialState, [note("x")])).toEqual({
      modules: [],
      unassigned: [note("x")],
    });
    const stray = note("who owns this?", "README.md");
    expect(assignReviewNotes(completed, [stray]).unassigned).toEqual([stray]);
  });
});
