import { describe, expect, it } from "vitest";
import { createBoundedOutput } from "../../src/sandbox/bounded-output.ts";
import { stripTerminalControls } from "../../src/sandbox/terminal-text.ts";
import { HOSTILE_ESCAPES, VISIBLE_WORDS } from "./hostile/escape-printer.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe("stripTerminalControls", () => {
  it("removes escapes and controls and keeps every visible word, in order", () => {
    const clean = stripTerminalControls(HOSTILE_ESCAPES);
    expect(clean).not.toMatch(ANY_CONTROL);
    expect(clean).not.toMatch(/evil\.example|owned title|hidden|31m|2J|#0;2/);
    expect(clean.match(/[A-Za-z]+/g)).toEqual(VISIBLE_WORDS);
  });

  it("keeps newlines and tabs, and turns CR and CRLF into line breaks", () => {
    expect(stripTerminalControls("a\tb\r\nc\rd\n")).toBe("a\tb\nc\nd\n");
  });

  it("ends an unterminated string control at the line's end", () => {
    expect(stripTerminalControls("x\x1b]0;title with no end\nnext line")).toBe("x\nnext line");
  });

  it("drops a lone ESC and a CSI cut off at the end of the output", () => {
    expect(stripTerminalControls("a\x1b")).toBe("a");
    expect(stripTerminalControls("a\x1b[31;")).toBe("a");
  });

  it("leaves ordinary Unicode alone", () => {
    const text = "naïve 日本語 — ✅ emoji 🎉 and \\x1b as text";
    expect(stripTerminalControls(text)).toBe(text);
  });

  it("applies to bounded output, including a sequence split across chunks", () => {
    const output = createBoundedOutput();
    output.append(Buffer.from("before \x1b]8;;https://evil.exa"));
    output.append(Buffer.from("mple/\x07link\x1b]8;;\x07 after\x00"));
    expect(output.text()).toBe("before link after");
    expect(output.tail(100)).toEqual({ text: "before link after", truncated: false });
  });
});
