import { checkOutputFiles, checkPath, type OutputFileRules } from "../check-output-files.ts";
import { MAX_FILE_BYTES } from "../limits.ts";
import type { SourceFile } from "../schemas.ts";
import { applyEdits, type EditMiss } from "./apply-edits.ts";
import { type AnswerPart, parseAnswer } from "./parse-answer.ts";

/** What one reading of an answer gave: the value, or the problems for one repair request. */
export type Reading<T> =
  | { ok: true; value: T; notes: string[] }
  | { ok: false; problem: string; notes: string[] };

export type GeneratedModule = { steps: string[]; files: SourceFile[] };
export type ModuleFix = { summary: string; files: SourceFile[] };

type Owned = {
  /** The module's files as the answer began: what edits apply to. */
  files: readonly SourceFile[];
  /** Other modules' files: read-only context. */
  readOnly: readonly SourceFile[];
  rules: OutputFileRules;
};

/**
 * Reads a module's answers one after the other: what an answer gets right is kept, so the
 * repair answer after it only has to bring what was wrong. Whole files replace, edit blocks
 * apply to the module's current text, and every path is checked before anything is kept.
 */
function moduleWorkspace(owned: Owned) {
  const current = new Map(owned.files.map((file) => [file.path, file.content]));
  const locked = new Set(owned.readOnly.map((file) => file.path));
  const written = new Set<string>();

  function apply(part: AnswerPart, problems: string[], blocksBefore: number): void {
    const pathProblem = checkPath(part.path, owned.rules);
    if (pathProblem) {
      problems.push(`invalid path "${part.path}": ${pathProblem}`);
      return;
    }
    if (locked.has(part.path)) {
      problems.push(
        `"${part.path}" belongs to another module and is read-only; leave it out and change only this module's files`,
      );
      return;
    }
    if (part.kind === "file") {
      const bytes = Buffer.byteLength(part.content, "utf8");
      if (bytes > MAX_FILE_BYTES) {
        problems.push(
          `"${part.path}" is ${bytes} bytes, over the limit of ${MAX_FILE_BYTES} bytes per file`,
        );
        return;
      }
      current.set(part.path, part.content);
      written.add(part.path);
      return;
    }
    const before = current.get(part.path);
    if (before === undefined) {
      problems.push(
        `"### EDIT: ${part.path}" edits a file the module does not have; send a new file whole as "### FILE: ${part.path}"`,
      );
      return;
    }
    const edited = applyEdits(before, part.blocks);
    for (const miss of edited.misses) {
      problems.push(describeMiss(part.path, { ...miss, block: miss.block + blocksBefore }));
    }
    if (edited.content !== before) {
      current.set(part.path, edited.content);
      written.add(part.path);
    }
  }

  return {
    /** Applies one answer's parts; returns its problems and notes. */
    take(text: string): { problems: string[]; notes: string[]; steps: string[]; summary: string } {
      const parsed = parseAnswer(text);
      const problems = [...parsed.problems];
      const notes: string[] = [];
      const givenWhole = new Set<string>();
      // Blocks are numbered per file across the answer, however many EDIT headings it used.
      const blocksSoFar = new Map<string, number>();
      for (const part of parsed.parts) {
        if (part.kind === "file" && givenWhole.has(part.path)) {
          notes.push(`the answer gave "${part.path}" twice; the last one counts`);
        }
        if (part.kind === "file") givenWhole.add(part.path);
        const before = blocksSoFar.get(part.path) ?? 0;
        apply(part, problems, before);
        if (part.kind === "edit") blocksSoFar.set(part.path, before + part.blocks.length);
      }
      return { problems, notes, steps: parsed.steps, summary: parsed.summary };
    },
    written: (): SourceFile[] =>
      [...written].map((path) => ({ path, content: current.get(path) ?? "" })),
    changed: (): SourceFile[] => {
      const before = new Map(owned.files.map((file) => [file.path, file.content]));
      return [...written]
        .map((path) => ({ path, content: current.get(path) ?? "" }))
        .filter((file) => before.get(file.path) !== file.content);
    },
  };
}

/** Reads generate answers: every file the module needs, written whole (or edited). */
export function generatedModuleReader(owned: Owned) {
  const workspace = moduleWorkspace(owned);
  let steps: string[] = [];
  return (text: string): Reading<GeneratedModule> => {
    const { problems, notes, ...answer } = workspace.take(text);
    if (answer.steps.length > 0) steps = answer.steps;
    const files = workspace.written();
    if (problems.length === 0 && files.length === 0) {
      problems.push(
        'the answer has no files; give each file as a "### FILE: relative/path" line followed by one fenced block with the whole file',
      );
    }
    const limits = problems.length === 0 ? checkOutputFiles(files, owned.rules) : undefined;
    if (limits) problems.push(limits);
    return problems.length > 0
      ? { ok: false, problem: problems.join("\n"), notes }
      : { ok: true, value: { steps, files }, notes };
  };
}

/** Reads fix answers: only the files that end up different from the module's current ones. */
export function moduleFixReader(owned: Owned) {
  const workspace = moduleWorkspace(owned);
  let summary = "";
  return (text: string): Reading<ModuleFix> => {
    const { problems, notes, ...answer } = workspace.take(text);
    summary = answer.summary || answer.steps.join("; ") || summary;
    const files = workspace.changed();
    if (problems.length === 0 && files.length === 0) {
      problems.push(
        "no file differs from the current module; a fix must change at least one file (### EDIT: blocks, or ### FILE: for a whole file)",
      );
    }
    const limits = problems.length === 0 ? checkOutputFiles(files, owned.rules) : undefined;
    if (limits) problems.push(limits);
    return problems.length > 0
      ? { ok: false, problem: problems.join("\n"), notes }
      : { ok: true, value: { summary: summary || "(no summary given)", files }, notes };
  };
}

function describeMiss(path: string, miss: EditMiss): string {
  const head = `block ${miss.block} of "### EDIT: ${path}" did not match the current file`;
  if (miss.search.trim() === "") {
    return `${head}: its SEARCH is empty; quote the lines to replace, or send the file whole as "### FILE: ${path}"`;
  }
  const firstLine = miss.search.split("\n")[0]?.trim() ?? "";
  if (!miss.nearest) {
    return `${head}: nothing in it resembles the SEARCH starting "${firstLine}"; copy the SEARCH lines exactly from the file`;
  }
  const fence = "`".repeat(Math.max(3, longestBacktickRun(miss.nearest.text) + 1));
  return `${head}: its SEARCH starting "${firstLine}" is not in the file. The nearest lines (from line ${miss.nearest.firstLine}) are:\n${fence}\n${miss.nearest.text}\n${fence}\nSend that block again with SEARCH lines copied exactly from the file.`;
}

export function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
