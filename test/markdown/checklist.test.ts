import { describe, expect, it } from "vitest";
import { checklistLine, parseChecklist, startLine } from "../../src/markdown/checklist.ts";

describe("the shared plan checklist", () => {
  it("reads back the boxes it renders, with no forge's markers", () => {
    const body = [
      "# Plan",
      "",
      checklistLine({ name: "parser", description: "", selected: true }, "Reads the CSV"),
      checklistLine({ name: "report", description: "", selected: false }, "Totals"),
      "",
      startLine(false),
    ].join("\n");
    const parsed = parseChecklist(body);
    expect(parsed.modules).toEqual([
      { name: "parser", description: "Reads the CSV", checked: true },
      { name: "report", description: "Totals", checked: false },
    ]);
    expect(parsed.markerVersion).toBeNull();
    expect(parsed.startTicked).toBe(false);
  });

  it("takes a human's reorder, untick and added line as written", () => {
    const edited = [
      "- [x] `report` — Totals",
      "- [ ] `parser` — Reads the CSV",
      "* [X] export: writes JSON",
      "> - [x] `quoted` — not a box",
    ].join("\r\n");
    expect(parseChecklist(edited).modules).toEqual([
      { name: "report", description: "Totals", checked: true },
      { name: "parser", description: "Reads the CSV", checked: false },
      { name: "export", description: "writes JSON", checked: true },
    ]);
  });
});
