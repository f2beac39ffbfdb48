import { longestBacktickRun } from "../answers/module-answer.ts";
import { outline } from "../answers/outline.ts";
import { MAX_PROMPT_FILE_CHARS } from "../limits.ts";
import type { Failure, SourceFile } from "../schemas.ts";

/**
 * Characters of the failing phase's output a fix prompt shows: less when the sandbox parsed
 * the errors (their names, messages and places are listed), more when the output is all.
 */
export const FIX_OUTPUT_TAIL_CHARS = { withErrors: 600, withoutErrors: 2_000 };

/** A module file at most this long is shown whole in a fix prompt, named in an error or not. */
export const SMALL_FILE_CHARS = 1_200;

/** The last lines of the output within the tail's size, saying how much came before. */
export function outputTail(failure: Failure): string {
  const max =
    failure.errors.length > 0
      ? FIX_OUTPUT_TAIL_CHARS.withErrors
      : FIX_OUTPUT_TAIL_CHARS.withoutErrors;
  const text = failure.output.replaceAll("```", "'''").trimEnd();
  if (text.length <= max) return text;
  const cut = text.length - max;
  const lineStart = text.indexOf("\n", cut);
  const start = lineStart === -1 ? cut : lineStart + 1;
  return `(… ${start} earlier characters left out)\n${text.slice(start)}`;
}

/**
 * The module's own files for a fix: whole when an error names them, when a named file uses
 * them (a failing test names its test file, but the fault is in the code it imports) or when
 * they are small; otherwise an outline of their declarations. Paths in errors may be absolute
 * or relative to a sub-directory, so a file counts as named when one path ends with the other.
 */
export function ownFilesForFix(files: readonly SourceFile[], failure: Failure): string {
  if (files.length === 0) return "(none)";
  const named = files.filter((file) =>
    failure.errors.some(
      (error) =>
        error.file !== undefined &&
        (error.file === file.path ||
          error.file.endsWith(`/${file.path}`) ||
          file.path.endsWith(`/${error.file}`)),
    ),
  );
  const usedByNamed = (file: SourceFile) =>
    named.some((user) => user !== file && mentions(user, file));
  let budget = MAX_PROMPT_FILE_CHARS;
  return files
    .map((file) => {
      const whole =
        named.includes(file) || usedByNamed(file) || file.content.length <= SMALL_FILE_CHARS;
      if (whole && file.content.length <= budget) {
        budget -= file.content.length;
        return fenced(file.path, file.content);
      }
      return outlined(file, "outline: its declarations with their line numbers, body left out");
    })
    .join("\n\n");
}

/**
 * Whether `user` refers to `file`: by its name without extension as a word (`invoices.totals`,
 * `OrderValidator`, `../src/limiter/index.js`), or by sharing its directory (a Go package).
 */
function mentions(user: SourceFile, file: SourceFile): boolean {
  const slash = file.path.lastIndexOf("/");
  const directory = file.path.slice(0, slash + 1);
  if (directory !== "" && user.path.slice(0, user.path.lastIndexOf("/") + 1) === directory) {
    return true;
  }
  const stem = file.path.slice(slash + 1).replace(/\.[^.]*$/, "");
  if (stem.length < 2) return false;
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w-])${escaped}([^\\w-]|$)`).test(user.content);
}

/**
 * Dependencies as outlines of what they offer: their code files' declarations, never their
 * bodies; their tests and files without declarations are left out.
 */
export function dependencyOutlines(context: readonly SourceFile[]): string {
  const shown = context
    .filter((file) => !isTestFile(file.path))
    .map((file) => ({ path: file.path, shape: outline(file.content) }))
    .filter((file) => file.shape !== "");
  if (shown.length === 0) return "(none)";
  return shown.map((file) => `### ${file.path} (outline)\n${file.shape}`).join("\n\n");
}

/** Test files by the stacks' naming rules: a tests folder, test_x.py, x_test.go, x.test.ts, XTest.java. */
export function isTestFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return (
    /(^|\/)(tests?|__tests__|spec)\//.test(path) ||
    /^test_.*\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.(java|kt)$/.test(name)
  );
}

function outlined(file: SourceFile, label: string): string {
  const shape = outline(file.content);
  return shape ? `### ${file.path} (${label})\n${shape}` : `### ${file.path} (no declarations)`;
}

export function fenced(path: string, content: string): string {
  // A fence longer than any backtick run inside, so the content cannot close it.
  const fence = "`".repeat(Math.max(2, longestBacktickRun(content)) + 1);
  return `### ${path}\n${fence}\n${content}\n${fence}`;
}
