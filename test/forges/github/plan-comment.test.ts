import { describe, expect, it } from "vitest";
import { startGeneration } from "../../../src/core/generation.ts";
import type { ModuleProgress, RunState } from "../../../src/core/types.ts";
import {
  bodyHash,
  isPlanComment,
  parseChecklist,
  renderPlanComment,
} from "../../../src/forges/github/plan-comment.ts";
import { awaitingSelection } from "../../core/fixtures.ts";
import { HIDDEN_CHECKBOXES } from "../../fixtures/hidden-commands.ts";

const state = awaitingSelection({ version: 4 }) as Extract<
  RunState,
  { phase: "awaiting_selection" }
>;
const body = renderPlanComment(state);

const tick = (text: string, name: string, to: "x" | " ") =>
  text.replace(new RegExp(`- \\[[ x]\\] (.*codegen:module=${name} )`), `- [${to}] $1`);
const tickStart = (text: string) =>
  text.replace("- [ ] **Start generation**", "- [x] **Start generation**");

describe("renderPlanComment", () => {
  it("renders summary, language, ticked modules with markers and an unticked Start box", () => {
    expect(isPlanComment(body)).toBe(true);
    expect(body).toContain("<!-- codegen:plan v=4 -->");
    expect(body).toContain("A CLI that totals expenses per category from a CSV file.");
    expect(body).toContain("**Language:** python · **Modules:** 2 of 2 ticked");
    expect(body).toContain(
      "- [x] `parser` — Reads the CSV into expense records <!-- codegen:module=parser -->",
    );
    expect(body).toContain("- [ ] **Start generation** <!-- codegen:start -->");
    expect(body).toMatch(
      /<details><summary>Module details<\/summary>[\s\S]*rejects rows without an amount/,
    );
  });

  it("shows a frozen plan with Start ticked once generation started", () => {
    const frozen = renderPlanComment({ ...state, phase: "generating", generation: null });
    expect(frozen).toContain("- [x] **Start generation**");
    expect(frozen).toMatch(/Generation started/);
    expect(parseChecklist(frozen, frozen).startTicked).toBe(false);
  });

  it("shows a running module without its attempt, which would go stale between edits", () => {
    const generation = startGeneration(state.plan, "codegen/issue-1", 5, null);
    const [parser, report] = generation.modules;
    const modules = [
      { ...(parser as ModuleProgress), status: "succeeded" as const, attempts: 1 },
      { ...(report as ModuleProgress), status: "running" as const, attempts: 3 },
    ];
    const shown = renderPlanComment({
      ...state,
      phase: "generating",
      generation: { ...generation, modules },
    });
    expect(shown).toContain(
      "`parser` — Reads the CSV into expense records · ✅ passed (attempt 1)",
    );
    expect(shown).toContain("`report` — Prints totals per category · 🔨 running");
    expect(shown).not.toMatch(/attempt \d\/5/);
  });
});

describe("parseChecklist", () => {
  it("reads back what was rendered", () => {
    expect(parseChecklist(body, body)).toEqual({
      markerVersion: 4,
      modules: [
        { name: "parser", description: "Reads the CSV into expense records", checked: true },
        { name: "report", description: "Prints totals per category", checked: true },
      ],
      startTicked: false,
      unreadable: [],
      bodyHash: bodyHash(body),
    });
  });

  it("reads unticks, reorders and added lines", () => {
    const lines = tick(body, "parser", " ").split("\n");
    const parser = lines.findIndex((line) => line.includes("module=parser"));
    const report = lines.findIndex((line) => line.includes("module=report"));
    [lines[parser], lines[report]] = [lines[report] ?? "", lines[parser] ?? ""];
    lines.splice(report + 1, 0, "- [x] `export` — Writes totals as JSON");
    const parsed = parseChecklist(lines.join("\n"), body);
    expect(parsed.modules).toEqual([
      { name: "report", description: "Prints totals per category", checked: true },
      { name: "parser", description: "Reads the CSV into expense records", checked: false },
      { name: "export", description: "Writes totals as JSON", checked: true },
    ]);
  });

  it("fires Start only on the edit that ticked it", () => {
    const started = tickStart(body);
    expect(parseChecklist(started, body).startTicked).toBe(true);
    expect(parseChecklist(started, started).startTicked).toBe(false);
    expect(parseChecklist(started, null).startTicked).toBe(true);
  });

  it("handles CRLF bodies from the browser, `* [x]`, `- [X]` and indentation", () => {
    const edited = tickStart(body)
      .replace("- [x] `parser`", "  * [X] `parser`")
      .replace("- [x] `report`", "\t+ [ ] `report`")
      .replace(/\n/g, "\r\n");
    const parsed = parseChecklist(edited, body.replace(/\n/g, "\r\n"));
    expect(parsed.modules.map((m) => [m.name, m.checked])).toEqual([
      ["parser", true],
      ["report", false],
    ]);
    expect(parsed.startTicked).toBe(true);
    expect(parsed.markerVersion).toBe(4);
    expect(parsed.bodyHash).toBe(bodyHash(edited.replace(/\r\n/g, "\n")));
  });

  it("survives damaged markers and names written without backticks", () => {
    const damaged = body
      .replace("<!-- codegen:plan v=4 -->", "")
      .replace("<!-- codegen:module=report -->", "<!-- codegen:modu")
      .replace("- [ ] **Start generation** <!-- codegen:start -->", "- [x] Start generation")
      // A blank line ends the details' HTML block, as it must for GitHub to show the boxes.
      .concat("\n\n- [x] **cache** — Keeps parsed files\n- [ ] logging: adds logs\n- [x] metrics");
    const parsed = parseChecklist(damaged, body);
    expect(parsed.markerVersion).toBeNull();
    expect(parsed.startTicked).toBe(true);
    expect(parsed.modules.map((m) => [m.name, m.description, m.checked])).toEqual([
      ["parser", "Reads the CSV into expense records", true],
      ["report", "Prints totals per category", true],
      ["cache", "Keeps parsed files", true],
      ["logging", "adds logs", false],
      ["metrics", "", true],
    ]);
  });

  it("keeps the marker's name when the visible name was erased, and reports empty lines", () => {
    const edited = body
      .replace("`parser` — Reads the CSV into expense records ", "")
      .concat("\n\n- [x] ");
    const parsed = parseChecklist(edited, body);
    expect(parsed.modules[0]).toEqual({ name: "parser", description: "", checked: true });
    expect(parsed.unreadable).toEqual(["- [x]"]);
  });

  it("ignores boxes inside the details and plain bullets", () => {
    const parsed = parseChecklist(`${body}\n* not a box\n- [link](x)`, body);
    expect(parsed.modules).toHaveLength(2);
  });

  for (const [where, hidden] of Object.entries(HIDDEN_CHECKBOXES)) {
    it(`takes no box hidden in ${where}`, () => {
      const parsed = parseChecklist(`${body}\n\n${hidden}`, body);
      expect(parsed.modules.map((m) => m.name)).toEqual(["parser", "report"]);
      expect(parsed.unreadable).toEqual([]);
    });
  }

  it("reads back a description that rendering escaped", () => {
    const hostile = "Totals per @octo-org/team, see ![x](https://t.example/p.png) `code`";
    const rendered = renderPlanComment({
      ...state,
      plan: {
        ...state.plan,
        modules: state.plan.modules.map((m) => ({ ...m, description: hostile })),
      },
    });
    const described = parseChecklist(rendered, rendered).modules[0]?.description ?? "";
    expect(described.replaceAll("\u200b", "")).toBe(hostile);
  });
});
