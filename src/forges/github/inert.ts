/**
 * Untrusted text (build output, model output, issue text) placed in a comment, a pull request
 * body or a check run must render as the characters it holds: no mention that pings, no
 * issue cross-reference, no image, link or HTML, no code span or fence it can close.
 * Code is inert by construction on GitHub (no mentions, no links inside code), so logs go in
 * a fence; prose is escaped, with a zero-width space where GitHub would still autolink.
 */

const ZERO_WIDTH_SPACE = "&#8203;";
// Terminal escapes (CSI, OSC and two-character forms), then the remaining C0/C1 controls,
// bidi overrides and isolates: none of them belongs in a comment.
const TERMINAL_ESCAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// Backslash, code, emphasis, strikethrough, links, images, HTML, entities, tables, headings, math.
const INLINE_SYNTAX = /[\\`*_~[\]<>&|#$]/;

/** Drops terminal escapes and control characters; keeps tabs and line breaks. */
export function stripControls(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(TERMINAL_ESCAPE, "").replace(CONTROL, "");
}

/** A fenced code block longer than any backtick run in `text`, so nothing inside ends it. */
export function codeBlock(text: string, language = ""): string {
  const body = stripControls(text);
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language.replace(/[^\w+-]/g, "")}\n${body}\n${fence}`;
}

/**
 * An inline code span on one line. `inTable` escapes `|`, which GFM splits cells on even
 * inside code.
 */
export function inlineCode(text: string, options: { inTable?: boolean } = {}): string {
  let body = stripControls(text).replace(/\s+/g, " ").trim();
  if (body === "") return "` `";
  if (options.inTable) body = body.replaceAll("|", "\\|");
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  // A span may not start or end with a backtick; a space on both sides is stripped again.
  const pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/**
 * Prose that renders as plain text: the characters that make links, images, HTML, emphasis,
 * code, math or tables escaped, and a line that could start a block (heading, list, quote)
 * escaped at its start. Mentions, issue references and URLs get a zero-width space, because
 * GitHub links those after rendering, whatever the Markdown said.
 */
export function inertText(text: string): string {
  return stripControls(text)
    .split("\n")
    .map((line) => inertLineStart(escapeInline(line)))
    .join("\n");
}

function escapeInline(line: string): string {
  const chars = [...line];
  let out = "";
  for (const [index, char] of chars.entries()) {
    const next = chars[index + 1] ?? "";
    if (
      char === "." &&
      chars
        .slice(index - 3, index)
        .join("")
        .toLowerCase() === "www"
    ) {
      out += ZERO_WIDTH_SPACE;
    }
    out += INLINE_SYNTAX.test(char) ? `\\${char}` : char;
    if ((char === "@" || char === "#") && /[\p{L}\p{N}_]/u.test(next)) out += ZERO_WIDTH_SPACE;
    if (char === ":" && next === "/" && chars[index + 2] === "/") out += ZERO_WIDTH_SPACE;
  }
  return out;
}

/** `- `, `+ `, `= `, `1. ` and `1) ` at a line's start would make a list or a heading. */
function inertLineStart(line: string): string {
  return line.replace(/^(\s*)([-+=])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** `inertText` on one line, for list items and table cells. */
export function inertLine(text: string): string {
  return inertText(text.replace(/\s+/g, " ").trim());
}

/** A quote of someone's words, inert, e.g. a review comment the reply answers. */
export function inertQuote(text: string): string {
  return inertText(text.trim())
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}
