import { initialState } from "../../src/core/machine.ts";
import type { Checklist, Plan, RunState } from "../../src/core/types.ts";

export const plan: Plan = {
  summary: "A CLI that totals expenses per category from a CSV file.",
  language: "python",
  modules: [
    {
      name: "parser",
      description: "Reads the CSV into expense records",
      language: "python",
      files: ["expenses/parser.py", "tests/test_parser.py"],
      dependsOn: [],
      acceptanceCriteria: ["rejects rows without an amount"],
      selected: true,
    },
    {
      name: "report",
      description: "Prints totals per category",
      language: "python",
      files: ["expenses/report.py", "tests/test_report.py"],
      dependsOn: ["parser"],
      acceptanceCriteria: ["totals are rounded to cents"],
      selected: true,
    },
  ],
};

export const writer = { login: "octocat", canWrite: true };
export const reader = { login: "drive-by", canWrite: false };

export function awaitingSelection(overrides: Partial<RunState> = {}): RunState {
  return {
    ...initialState,
    phase: "awaiting_selection",
    plan,
    version: 1,
    planComment: { id: 77, version: 1, hash: "h1" },
    ...overrides,
  } as RunState;
}

export function checklist(overrides: Partial<Checklist> = {}): Checklist {
  return {
    markerVersion: 1,
    modules: [
      { name: "parser", description: "Reads the CSV into expense records", checked: true },
      { name: "report", description: "Prints totals per category", checked: true },
    ],
    startTicked: false,
    unreadable: [],
    bodyHash: "human",
    ...overrides,
  };
}

/** The model's analysis answer that yields `plan`: its modules without `selected`. */
export const planAnswer = {
  verdict: {
    kind: "plan",
    summary: plan.summary,
    language: plan.language,
    modules: plan.modules.map(({ selected: _selected, ...module }) => module),
  },
};
