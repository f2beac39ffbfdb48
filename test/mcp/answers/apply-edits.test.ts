import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../src/mcp/answers/apply-edits.ts";

const FILE = `def total(items):
    result = 0
    for item in items:
        result += item
    return result
`;

describe("applyEdits", () => {
  it("replaces the SEARCH lines with the REPLACE lines, keeping the rest", () => {
    const result = applyEdits(FILE, [
      { search: "    return result\n", replace: "    return round(result, 2)\n" },
    ]);
    expect(result).toEqual({ content: FILE.replace("result\n", "round(result, 2)\n"), misses: [] });
  });

  it("applies several blocks in order, each to the text the one before left", () => {
    const result = applyEdits(FILE, [
      { search: "    result = 0\n", replace: "    result = 0.0\n" },
      { search: "    result = 0.0\n", replace: "    result = start\n" },
      { search: "def total(items):\n", replace: "def total(items, start=0):\n" },
    ]);
    expect(result.misses).toEqual([]);
    expect(result.content).toBe(
      FILE.replace("total(items)", "total(items, start=0)").replace("= 0\n", "= start\n"),
    );
  });

  it("ignores trailing whitespace on either side when the exact text is not there", () => {
    const withTrailing = FILE.replace("result = 0\n", "result = 0   \n");
    const result = applyEdits(withTrailing, [
      { search: "    result = 0\t\n    for item in items:\n", replace: "    result = 1\n" },
    ]);
    expect(result.misses).toEqual([]);
    expect(result.content).toBe(
      "def total(items):\n    result = 1\n        result += item\n    return result\n",
    );
  });

  it("reports a SEARCH that is not in the file with its number and the nearest lines", () => {
    const result = applyEdits(FILE, [
      { search: "    return result\n", replace: "    return result or 0\n" },
      { search: "  for item in items:\n      result += item\n", replace: "x\n" },
    ]);
    expect(result.content).toBe(FILE.replace("return result\n", "return result or 0\n"));
    expect(result.misses).toEqual([
      {
        block: 2,
        search: "  for item in items:\n      result += item\n",
        nearest: {
          firstLine: 1,
          text: "def total(items):\n    result = 0\n    for item in items:\n        result += item\n    return result or 0",
        },
      },
    ]);
  });

  it("matches the first place only, and keeps a file without a final newline as it was", () => {
    const result = applyEdits("a\nb\na", [{ search: "a\n", replace: "c\n" }]);
    expect(result).toEqual({ content: "c\nb\na", misses: [] });
  });

  it("creates an empty file's text from an empty SEARCH, and refuses one on a file with text", () => {
    expect(applyEdits("", [{ search: "", replace: "new\n" }])).toEqual({
      content: "new\n",
      misses: [],
    });
    expect(applyEdits(FILE, [{ search: "", replace: "x\n" }]).misses).toEqual([
      { block: 1, search: "", nearest: null },
    ]);
  });

  it("can delete lines", () => {
    const result = applyEdits(FILE, [{ search: "    result = 0\n", replace: "" }]);
    expect(result.content).toBe(FILE.replace("    result = 0\n", ""));
  });
});
