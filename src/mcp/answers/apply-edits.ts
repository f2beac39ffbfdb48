import type { EditBlock } from "./parse-answer.ts";

/** A block whose SEARCH text is not in the file: its number (1-based) and the closest lines. */
export type EditMiss = {
  block: number;
  search: string;
  nearest: { firstLine: number; text: string } | null;
};

export type EditResult = { content: string; misses: EditMiss[] };

/**
 * Applies SEARCH/REPLACE blocks in order, each to the first place its SEARCH lines match:
 * exactly, else with trailing whitespace ignored on every line. A block that matches nowhere
 * is left out and reported with the nearest lines, for a targeted repair request.
 */
export function applyEdits(content: string, blocks: readonly EditBlock[]): EditResult {
  const endsWithNewline = content.endsWith("\n");
  let lines = splitLines(content);
  const misses: EditMiss[] = [];
  blocks.forEach((block, index) => {
    const search = splitLines(block.search);
    const replace = splitLines(block.replace);
    if (search.length === 0) {
      if (lines.length === 0) lines = replace;
      else misses.push({ block: index + 1, search: block.search, nearest: null });
      return;
    }
    const at = findLines(lines, search);
    if (at === -1) {
      misses.push({ block: index + 1, search: block.search, nearest: nearestLines(lines, search) });
      return;
    }
    lines = [...lines.slice(0, at), ...replace, ...lines.slice(at + search.length)];
  });
  const text = lines.join("\n");
  return {
    content: lines.length > 0 && (endsWithNewline || content === "") ? `${text}\n` : text,
    misses,
  };
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function findLines(lines: readonly string[], search: readonly string[]): number {
  const exact = indexOf(lines, search, (a, b) => a === b);
  return exact !== -1 ? exact : indexOf(lines, search, (a, b) => a.trimEnd() === b.trimEnd());
}

function indexOf(
  lines: readonly string[],
  search: readonly string[],
  same: (a: string, b: string) => boolean,
): number {
  for (let start = 0; start + search.length <= lines.length; start++) {
    if (search.every((line, offset) => same(lines[start + offset] ?? "", line))) return start;
  }
  return -1;
}

/** The window of the file most like the SEARCH lines, with two lines around it. */
function nearestLines(lines: readonly string[], search: readonly string[]): EditMiss["nearest"] {
  if (lines.length === 0) return null;
  const wanted = search.map(bigrams);
  const have = lines.map(bigrams);
  let best = { start: 0, score: -1 };
  const windows = Math.max(1, lines.length - search.length + 1);
  for (let start = 0; start < windows; start++) {
    let score = 0;
    for (let offset = 0; offset < search.length; offset++) {
      score += similarity(wanted[offset], have[start + offset]);
    }
    if (score > best.score) best = { start, score };
  }
  if (best.score <= 0) return null;
  const from = Math.max(0, best.start - 2);
  const to = Math.min(lines.length, best.start + search.length + 2);
  return { firstLine: from + 1, text: lines.slice(from, to).join("\n") };
}

/** Character pairs of a line with its whitespace collapsed: cheap, and robust to reindenting. */
function bigrams(line: string): Set<string> {
  const squeezed = line.replace(/\s+/g, " ").trim();
  const pairs = new Set<string>();
  for (let i = 0; i < squeezed.length - 1; i++) pairs.add(squeezed.slice(i, i + 2));
  return pairs;
}

/** Dice coefficient of two lines' character pairs, 0 to 1. */
function similarity(a: Set<string> | undefined, b: Set<string> | undefined): number {
  if (!a || !b || a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const pair of a) if (b.has(pair)) shared++;
  return (2 * shared) / (a.size + b.size);
}
