import { describe, expect, it } from "vitest";
import type { Failure, SourceFile } from "../../src/mcp/schemas.ts";
import {
  dependencyOutlines,
  FIX_OUTPUT_TAIL_CHARS,
  isTestFile,
  outputTail,
  ownFilesForFix,
  SMALL_FILE_CHARS,
} from "../../src/mcp/server/fix-prompt-parts.ts";
import { fixPrompt } from "../../src/mcp/server/module-prompts.ts";

const big = (name: string) =>
  Array.from({ length: 60 }, (_, i) => `def ${name}_${i}(x):\n    return x + ${i}\n`).join("\n");

const TOTALS: SourceFile = { path: "invoices/totals.py", content: big("total") };
const FORMAT: SourceFile = { path: "invoices/format.py", content: big("fmt") };
const SMALL: SourceFile = { path: "invoices/__init__.py", content: '"""Invoices."""\n' };
const TEST: SourceFile = {
  path: "tests/test_totals.py",
  content: `from invoices.totals import total_1\n\n\ndef test_total():\n    assert total_1(1) == 3\n${"\n".repeat(SMALL_FILE_CHARS)}`,
};
const FAILURE: Failure = {
  phase: "test",
  output: `${"collected 3 items\n".repeat(200)}E   assert 2 == 3\n1 failed, 2 passed\n`,
  errors: [
    { file: "/sandbox/work/tests/test_totals.py", line: 5, message: "test_total: assert 2 == 3" },
  ],
};

describe("what a fix prompt carries", () => {
  it("shows whole the files an error names and the code they use; outlines the other large ones", () => {
    expect(TOTALS.content.length).toBeGreaterThan(SMALL_FILE_CHARS);
    const shown = ownFilesForFix([TOTALS, FORMAT, SMALL, TEST], FAILURE);

    expect(shown).toContain(`### ${TEST.path}\n\`\`\`\n${TEST.content}\n\`\`\``);
    expect(shown).toContain(`### ${TOTALS.path}\n\`\`\`\n${TOTALS.content}\n\`\`\``);
    expect(shown).toContain(`### ${SMALL.path}\n\`\`\`\n${SMALL.content}\n\`\`\``);
    expect(shown).toContain(
      `### ${FORMAT.path} (outline: its declarations with their line numbers, body left out)\n1: def fmt_0(x):\n4: def fmt_1(x):`,
    );
    expect(shown).not.toContain("return x + 0\n    ");
    expect(shown).not.toContain(FORMAT.content);
  });

  it("shows dependencies as outlines of their code, without their tests or bodies", () => {
    const shown = dependencyOutlines([TOTALS, SMALL, TEST]);

    expect(shown).toBe(
      `### ${TOTALS.path} (outline)\n${Array.from({ length: 60 }, (_, i) => `${i * 3 + 1}: def total_${i}(x):`).join("\n")}`,
    );
  });

  it("knows test files by each stack's naming rules", () => {
    const tests = [
      "tests/test_a.py",
      "a/b_test.go",
      "test/x.test.js",
      "src/a.spec.ts",
      "src/test/java/app/ATest.java",
      "pkg/test_util.py",
    ];
    const code = ["src/latest.py", "contest/a.go", "src/Testing.java", "attest.js"];
    expect(tests.filter(isTestFile)).toEqual(tests);
    expect(code.filter(isTestFile)).toEqual([]);
  });

  it("keeps a bounded tail of the output, shorter when the errors were parsed", () => {
    const tail = outputTail(FAILURE);
    expect(tail.length).toBeLessThanOrEqual(FIX_OUTPUT_TAIL_CHARS.withErrors + 50);
    expect(tail).toMatch(/^\(… \d+ earlier characters left out\)\ncollected 3 items\n/);
    expect(tail.endsWith("E   assert 2 == 3\n1 failed, 2 passed")).toBe(true);
    const unparsed = outputTail({ ...FAILURE, errors: [] });
    expect(unparsed.length).toBeGreaterThan(FIX_OUTPUT_TAIL_CHARS.withErrors + 50);
    expect(unparsed.length).toBeLessThanOrEqual(FIX_OUTPUT_TAIL_CHARS.withoutErrors + 50);
  });

  it("never carries a dependency's body, and lists the errors with their places", () => {
    const prompt = fixPrompt({
      module: { name: "report", description: "Totals", acceptanceCriteria: ["rounds"] },
      files: [TEST],
      context: [TOTALS, FORMAT],
      failure: FAILURE,
    });
    expect(prompt).toContain("- /sandbox/work/tests/test_totals.py:5: test_total: assert 2 == 3");
    expect(prompt).not.toContain("return x + 1\n");
    expect(prompt).toContain("### invoices/format.py (outline)\n1: def fmt_0(x):");
  });
});
