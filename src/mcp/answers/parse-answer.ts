/**
 * Reads a model's answer written as file blocks and edit blocks:
 *
 *     ### STEPS                      (optional Markdown list)
 *     ### SUMMARY                    (optional paragraph, for fixes)
 *     ### FILE: relative/path        then one fenced block: the whole file
 *     ### EDIT: relative/path        then SEARCH/REPLACE blocks (Aider's form)
 *
 * A line scanner rather than a Markdown parser: CommonMark reads the SEARCH/REPLACE markers
 * as setext headings and paragraphs, lets a shorter inner fence close a block, and hides an
 * unclosed fence at the end of the text (the sign of an answer cut at the length limit).
 * The scanner keeps the exact bytes of each block and says where an answer was cut.
 */

export type EditBlock = { search: string; replace: string };

export type AnswerPart =
  | { kind: "file"; path: string; content: string; line: number }
  | { kind: "edit"; path: string; blocks: EditBlock[]; line: number };

export type ParsedAnswer = {
  steps: string[];
  /** The `### SUMMARY` section, else the prose before the first block. */
  summary: string;
  parts: AnswerPart[];
  /** Shape problems worth a repair request (a FILE line without a block, a stray marker). */
  problems: string[];
  /** The answer stopped inside a block: where that block's heading starts (0-based line). */
  cutAt: { line: number; path: string } | null;
};

const HEADING = /^ {0,3}#{2,4}[ \t]*(FILE|EDIT|STEPS|SUMMARY)\b[ \t]*:?[ \t]*(.*)$/i;
const FENCE = /^ {0,3}(`{3,})[ \t]*([^`]*)$/;
const SEARCH = /^ {0,3}<{5,9}[ \t]*SEARCH[ \t]*$/i;
const DIVIDER = /^ {0,3}={5,9}[ \t]*$/;
const REPLACE = /^ {0,3}>{5,9}[ \t]*REPLACE[ \t]*$/i;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(.+)$/;

type Heading = { kind: "FILE" | "EDIT" | "STEPS" | "SUMMARY"; rest: string };

function headingOf(line: string): Heading | null {
  const match = HEADING.exec(line);
  if (!match?.[1]) return null;
  return { kind: match[1].toUpperCase() as Heading["kind"], rest: match[2] ?? "" };
}

/** `src/a.py`, `` `src/a.py` ``, `**src/a.py**` and `"src/a.py"` name the same path. */
function cleanPath(rest: string): string {
  return rest
    .trim()
    .replace(/^[*_`"']+|[*_`"']+$/g, "")
    .trim();
}

export function parseAnswer(text: string): ParsedAnswer {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const answer: ParsedAnswer = { steps: [], summary: "", parts: [], problems: [], cutAt: null };
  const prose: string[] = [];
  let summary: string[] | null = null;
  let i = 0;

  while (i < lines.length) {
    const line = lines[i] ?? "";
    const heading = headingOf(line);
    if (heading?.kind === "FILE") {
      i = readFile(lines, i, cleanPath(heading.rest), answer);
    } else if (heading?.kind === "EDIT") {
      i = readEdit(lines, i, cleanPath(heading.rest), answer);
    } else if (heading?.kind === "STEPS") {
      i++;
      while (i < lines.length && !headingOf(lines[i] ?? "")) {
        const item = LIST_ITEM.exec(lines[i] ?? "");
        if (item?.[1]) answer.steps.push(item[1].trim());
        i++;
      }
    } else if (heading?.kind === "SUMMARY") {
      summary = [heading.rest];
      i++;
      while (i < lines.length && !headingOf(lines[i] ?? "")) summary.push(lines[i++] ?? "");
    } else {
      if (SEARCH.test(line)) {
        answer.problems.push(
          `a SEARCH/REPLACE block at line ${i + 1} is not under a "### EDIT: path" line`,
        );
      }
      if (answer.parts.length === 0) prose.push(line);
      i++;
    }
  }
  answer.summary = (summary ?? prose).join("\n").trim();
  return answer;
}

/** A `### FILE:` line, blank lines, then one fenced block closed by the same backtick run. */
function readFile(lines: string[], start: number, path: string, answer: ParsedAnswer): number {
  let i = start + 1;
  while (i < lines.length && (lines[i] ?? "").trim() === "") i++;
  const open = FENCE.exec(lines[i] ?? "");
  if (!open?.[1]) {
    answer.problems.push(`"### FILE: ${path}" is not followed by a fenced block (\`\`\`)`);
    return i;
  }
  const run = open[1];
  const body: string[] = [];
  // Inner blocks opened with the same run and a language tag (a README's ```sh) nest.
  let depth = 0;
  for (i++; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fence = FENCE.exec(line);
    if (fence?.[1] === run) {
      if (fence[2]?.trim()) depth++;
      else if (depth === 0) {
        answer.parts.push({ kind: "file", path, content: joinLines(body), line: start });
        if (strayFences(lines, i + 1, run) >= 2) {
          answer.problems.push(
            `"### FILE: ${path}" seems to end early: its block closed at line ${i + 1}, but more fence lines of ${run.length} backticks follow; fence the file with more backticks than any run inside it`,
          );
        }
        return i + 1;
      } else depth--;
    }
    body.push(line);
  }
  answer.cutAt = { line: start, path };
  answer.parts.push({
    kind: "file",
    path,
    content: joinLines(dropTrailingBlanks(body)),
    line: start,
  });
  return i;
}

/**
 * Bare fence lines of the same run between a closed block and the next heading. One is an
 * outer fence the model wrapped its whole answer in; two or more mean a code block inside the
 * file closed it early and the rest of the file spilled out.
 */
function strayFences(lines: string[], from: number, run: string): number {
  let count = 0;
  for (let i = from; i < lines.length && !headingOf(lines[i] ?? ""); i++) {
    const fence = FENCE.exec(lines[i] ?? "");
    if (fence?.[1] === run && !fence[2]?.trim()) count++;
  }
  return count;
}

/** A `### EDIT:` line, then SEARCH/REPLACE blocks (fences and prose between them are skipped). */
function readEdit(lines: string[], start: number, path: string, answer: ParsedAnswer): number {
  const blocks: EditBlock[] = [];
  let i = start + 1;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (headingOf(line)) break;
    if (!SEARCH.test(line)) {
      if (DIVIDER.test(line) || REPLACE.test(line)) {
        answer.problems.push(
          `"### EDIT: ${path}" has a "${line.trim()}" line (line ${i + 1}) outside a block that starts with "<<<<<<< SEARCH"`,
        );
      }
      i++;
      continue;
    }
    const search: string[] = [];
    const replace: string[] = [];
    let into = search;
    let closed = false;
    for (i++; i < lines.length; i++) {
      const inner = lines[i] ?? "";
      if (into === search && DIVIDER.test(inner)) into = replace;
      else if (into === replace && REPLACE.test(inner)) {
        closed = true;
        i++;
        break;
      } else into.push(inner);
    }
    if (!closed) {
      answer.cutAt = { line: start, path };
      break;
    }
    blocks.push({ search: joinLines(search), replace: joinLines(replace) });
  }
  if (blocks.length === 0 && answer.cutAt?.line !== start) {
    answer.problems.push(`"### EDIT: ${path}" has no complete SEARCH/REPLACE block`);
  }
  answer.parts.push({ kind: "edit", path, blocks, line: start });
  return i;
}

/** Block lines back to text; a non-empty file ends with a newline, as editors save it. */
function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

function dropTrailingBlanks(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(0, end);
}
