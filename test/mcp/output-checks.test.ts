import { describe, expect, it } from "vitest";
import { checkOutputFiles } from "../../src/mcp/check-output-files.ts";
import { MAX_FILE_BYTES, MAX_OUTPUT_FILES, MAX_TOTAL_BYTES } from "../../src/mcp/limits.ts";
import { DEEP_PATH, NON_ASCII_DOCS_PATH } from "../fixtures/long-paths.ts";

const rules = { allowWorkflowPaths: false };
const file = (path: string, content = "x") => ({ path, content });

describe("checkOutputFiles", () => {
  it("accepts ordinary relative paths", () => {
    expect(
      checkOutputFiles(
        [
          file("src/app/main.py"),
          file(".github/dependabot.yml"),
          file("a..b/c.txt"),
          file(NON_ASCII_DOCS_PATH),
          file(DEEP_PATH),
        ],
        rules,
      ),
    ).toBeUndefined();
  });

  it.each([
    ["../escape.txt", "must not contain empty, '.' or '..' segments"],
    ["src/../../escape.txt", "must not contain empty, '.' or '..' segments"],
    ["./src/a.py", "must not contain empty, '.' or '..' segments"],
    ["src//a.py", "must not contain empty, '.' or '..' segments"],
    ["/etc/passwd", "must be relative to the repository root"],
    ["C:/Windows/win.ini", "must not start with a drive letter"],
    ["src\\a.py", "use forward slashes, not backslashes"],
    [".git/config", "must not write inside .git/"],
    [".GIT/hooks/pre-commit", "must not write inside .git/"],
    [".github/workflows/ci.yml", "must not write GitHub Actions workflows"],
    ["src/a\u0000.py", "must not contain control characters"],
    ["", "must not be empty"],
    ["src/.git/config", "must not write inside .git/"],
    [`docs/${"é".repeat(128)}.md`, "must keep each file or folder name within 255 bytes (UTF-8)"],
    [`${"d/".repeat(512)}a.md`, "must be at most 1024 bytes (UTF-8) in all; it is 1028 bytes"],
    ["docs/cafe\u0301.md", "must be in Unicode normal form C (NFC)"],
  ])("rejects %j", (path, problem) => {
    expect(checkOutputFiles([file(path)], rules)).toContain(problem);
  });

  it("allows workflows when the rules do", () => {
    expect(
      checkOutputFiles([file(".github/workflows/ci.yml")], { allowWorkflowPaths: true }),
    ).toBeUndefined();
  });

  it("rejects duplicates and each cap", () => {
    expect(checkOutputFiles([file("a.py"), file("a.py")], rules)).toBe(
      'the path "a.py" appears more than once',
    );
    const many = Array.from({ length: MAX_OUTPUT_FILES + 1 }, (_, index) => file(`f${index}.py`));
    expect(checkOutputFiles(many, rules)).toBe(
      `${MAX_OUTPUT_FILES + 1} files is more than the limit of ${MAX_OUTPUT_FILES}; keep the module smaller`,
    );
    // Multi-byte characters count as bytes, not characters.
    expect(checkOutputFiles([file("big.txt", "é".repeat(MAX_FILE_BYTES / 2 + 1))], rules)).toBe(
      `"big.txt" is ${MAX_FILE_BYTES + 2} bytes, over the limit of ${MAX_FILE_BYTES} bytes per file`,
    );
    const nearlyFull = "x".repeat(MAX_FILE_BYTES);
    const tooMuch = Array.from({ length: MAX_TOTAL_BYTES / MAX_FILE_BYTES + 1 }, (_, index) =>
      file(`part${index}.txt`, nearlyFull),
    );
    expect(checkOutputFiles(tooMuch, rules)).toBe(
      `the files total ${tooMuch.length * MAX_FILE_BYTES} bytes, over the limit of ${MAX_TOTAL_BYTES} bytes`,
    );
  });
});
