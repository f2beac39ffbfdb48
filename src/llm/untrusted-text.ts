import type { Nodes } from "mdast";
import { parseMarkdown } from "../markdown/parse.ts";

/**
 * Text from issues and comments is untrusted input to the model: hidden content could carry
 * instructions a reader never sees. Strip what GitHub does not render, and cap the size.
 */

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// Zero-width and formatting characters, bidi controls, Unicode tag characters, variation
// selectors, the combining grapheme joiner, and blanks that render as nothing: the Hangul
// fillers and the braille blank.
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is removed on its own; none is meant to combine.
  /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

type Edit = { start: number; end: number; text: string };

/**
 * Removes what a reader of the rendered issue does not see: HTML comments, link reference
 * definitions (`[//]: # (...)`), image alt text (an image becomes `[image]`), link titles,
 * and invisible characters.
 */
export function stripHiddenContent(text: string): string {
  const source = text.replace(/\r\n?/g, "\n");
  const edits: Edit[] = [];
  const walk = (node: Nodes): void => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    if (node.type === "definition" || (node.type === "html" && /^<!--|^<img\b/i.test(node.value))) {
      edits.push({ start, end, text: "" });
      return;
    }
    if (node.type === "image" || node.type === "imageReference") {
      edits.push({ start, end, text: "[image]" });
      return;
    }
    if (node.type === "link" && node.title) {
      const first = node.children[0]?.position?.start.offset ?? start + 1;
      const last = node.children.at(-1)?.position?.end.offset ?? first;
      const label = stripHiddenContent(source.slice(first, last));
      edits.push({ start, end, text: `[${label}](${node.url})` });
      return;
    }
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(parseMarkdown(source));
  let stripped = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    stripped = stripped.slice(0, edit.start) + edit.text + stripped.slice(edit.end);
  }
  return stripped.replace(HTML_COMMENT, "").replace(INVISIBLE, "");
}

export type CappedText = { text: string; originalLength: number; truncated: boolean };

export function capText(text: string, maxChars: number): CappedText {
  if (text.length <= maxChars) return { text, originalLength: text.length, truncated: false };
  return {
    text: `${text.slice(0, maxChars)}\n[… truncated: ${text.length - maxChars} more characters not shown]`,
    originalLength: text.length,
    truncated: true,
  };
}

export function formatSize(chars: number): string {
  if (chars >= 1_000_000) return `${(chars / 1_000_000).toFixed(1)} MB`;
  if (chars >= 1_000) return `${Math.round(chars / 1_000)} KB`;
  return `${chars} characters`;
}
