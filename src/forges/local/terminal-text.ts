import { stripTerminalControls } from "../../sandbox/terminal-text.ts";

// Bidi overrides and isolates: they make a line read differently from what it holds.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from outside (the model, build output, the request) as a terminal may show it: no
 * escape sequence that moves the cursor, retitles the window or hides what follows.
 */
export function terminalSafe(text: string): string {
  return stripTerminalControls(text).replace(BIDI, "");
}

/** One line of outside text, squeezed. */
export function terminalLine(text: string): string {
  return terminalSafe(text).replace(/\s+/g, " ").trim();
}

/** The last `max` characters of `text`, saying how much was cut. */
export function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `[… ${text.length - max} earlier characters cut]\n${text.slice(-max)}`;
}
