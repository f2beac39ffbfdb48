import { describe, expect, it } from "vitest";
import {
  checkGeneratedPath,
  isValidGeneratedPath,
  MAX_PATH_BYTES,
  MAX_SEGMENT_BYTES,
} from "../../src/core/paths.ts";
import { DEEP_PATH, NON_ASCII_DOCS_PATH } from "../fixtures/long-paths.ts";

describe("the generated-path policy", () => {
  it.each([
    "a.py",
    "src/app/main.py",
    "a..b/c.txt",
    ".github/dependabot.yml",
    "日本語/ファイル.md",
    NON_ASCII_DOCS_PATH,
    DEEP_PATH,
    `${"x".repeat(MAX_SEGMENT_BYTES)}/y`,
  ])("accepts %j", (path) => {
    expect(checkGeneratedPath(path)).toEqual({ ok: true });
  });

  it.each([
    ["", "must not be empty"],
    ["a\u0000.py", "must not contain control characters"],
    ["a\nb.py", "must not contain control characters"],
    ["a\u009b.py", "must not contain control characters"],
    ["a\\b.py", "use forward slashes"],
    ["/etc/passwd", "must be relative to the repository root"],
    ["c:/x.py", "must not start with a drive letter"],
    ["../x.py", "must not contain empty, '.' or '..' segments"],
    ["a/../../x.py", "must not contain empty, '.' or '..' segments"],
    ["./a.py", "must not contain empty, '.' or '..' segments"],
    ["a//b.py", "must not contain empty, '.' or '..' segments"],
    ["a/", "must not contain empty, '.' or '..' segments"],
    [".git/config", "must not write inside .git/"],
    ["vendor/.Git/HEAD", "must not write inside .git/"],
    ["cafe\u0301.md", "must be in Unicode normal form C (NFC)"],
    [`${"x".repeat(MAX_SEGMENT_BYTES + 1)}/y`, "within 255 bytes (UTF-8)"],
    [`a/${"é".repeat(128)}`, `"${"é".repeat(24)}…" is 256 bytes`],
    [`${"abcdefgh/".repeat(114)}z`, `must be at most ${MAX_PATH_BYTES} bytes (UTF-8) in all`],
  ])("refuses %j: %s", (path, reason) => {
    const check = checkGeneratedPath(path);
    expect(check.ok).toBe(false);
    expect(check.ok ? "" : check.reason).toContain(reason);
    expect(isValidGeneratedPath(path)).toBe(false);
  });

  it("counts bytes, not characters: the issue's 140-character path is 257 bytes", () => {
    expect(NON_ASCII_DOCS_PATH).toHaveLength(140);
    expect(new TextEncoder().encode(NON_ASCII_DOCS_PATH)).toHaveLength(257);
  });
});
