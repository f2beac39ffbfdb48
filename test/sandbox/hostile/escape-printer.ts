import type { SandboxFile } from "../../../src/sandbox/index.ts";

/**
 * A hostile Python module: its failing test prints terminal controls on stdout and stderr
 * (colours, a cursor move, OSC 8 hyperlink, a window title, an unterminated OSC, DCS, 8-bit
 * CSI/OSC, NUL, backspace, bell, a lone CR over a line) between visible words.
 */
export const HOSTILE_ESCAPES =
  "\x1b[31mRED\x1b[0m \x1b[2J\x1b[1;1H" +
  "\x1b]8;;https://evil.example/track\x07LINK\x1b]8;;\x07 " +
  "\x1b]0;owned title\x1b\\TITLE " +
  "\x1bPq#0;2;0;0;0\x1b\\DCS " +
  "\u009b31mEIGHTBIT\u009b0m \u009dhidden\u009cOSCBYTE " +
  "NUL\x00 BS\x08 BELL\x07 \x1b(BCHARSET \x1b7SAVE " +
  "overwritten\rSHOWN\n" +
  "UNTERMINATED \x1b]8;;https://evil.example/rest-of-line";

export const VISIBLE_WORDS = [
  "RED",
  "LINK",
  "TITLE",
  "DCS",
  "EIGHTBIT",
  "OSCBYTE",
  "NUL",
  "BS",
  "BELL",
  "CHARSET",
  "SAVE",
  "overwritten",
  "SHOWN",
  "UNTERMINATED",
];

const pythonBytes = (text: string): string =>
  `b"${[...Buffer.from(text, "utf8")].map((byte) => `\\x${byte.toString(16).padStart(2, "0")}`).join("")}"`;

export const escapePrinterModule: SandboxFile[] = [
  { path: "shouty/__init__.py", content: "" },
  {
    path: "tests/test_shouty.py",
    content: `import os, sys

PAYLOAD = ${pythonBytes(HOSTILE_ESCAPES)}


def test_prints_escapes():
    os.write(1, PAYLOAD + b"\\n")
    os.write(2, PAYLOAD + b"\\n")
    assert False, PAYLOAD.decode("utf-8", "replace")
`,
  },
];
