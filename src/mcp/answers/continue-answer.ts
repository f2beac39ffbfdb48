import { parseAnswer } from "./parse-answer.ts";

const BLOCK_HEADING = /^ {0,3}#{2,4}[ \t]*(FILE|EDIT)\b/i;

/** Where a cut answer stopped: the block to send again, if it stopped inside one. */
export function cutBlock(text: string): string | null {
  return parseAnswer(text).cutAt?.path ?? null;
}

/**
 * Joins an answer cut at the length limit with the model's continuation. Asked to continue,
 * a model either starts the cut block again from its heading (then the partial block is
 * dropped) or carries on mid-line (then the two texts join as they are).
 */
export function joinContinuation(previous: string, continuation: string): string {
  const lines = continuation.replace(/\r\n?/g, "\n").split("\n");
  const heading = lines.findIndex((line) => BLOCK_HEADING.test(line));
  // A short remark before the heading ("Continuing:") is prose; code before it is the cut file's.
  const restarts =
    heading !== -1 &&
    lines.slice(0, heading).filter((line) => line.trim() !== "").length <= 2 &&
    !lines.slice(0, heading).some((line) => /^\s*(`{3,}|<{5,}|={5,}|>{5,})/.test(line));
  if (!restarts) return previous + lines.join("\n");
  const next = lines.slice(heading).join("\n");
  const cut = parseAnswer(previous).cutAt;
  const kept = cut
    ? previous.replace(/\r\n?/g, "\n").split("\n").slice(0, cut.line).join("\n")
    : previous;
  return `${kept.replace(/\s+$/, "")}\n\n${next}`;
}
