/**
 * Text from issues and comments is untrusted input to the model: hidden content could carry
 * instructions a reader never sees. Strip what GitHub does not render, and cap the size.
 */

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// Zero-width and formatting characters, bidi controls, and Unicode tag characters.
const INVISIBLE =
  /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u{E0000}-\u{E007F}]/gu;

export function stripHiddenContent(text: string): string {
  return text.replace(HTML_COMMENT, "").replace(INVISIBLE, "").replace(/\r\n?/g, "\n");
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
