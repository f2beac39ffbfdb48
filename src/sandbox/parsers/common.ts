import type { ParsedError, TestCounts } from "../types.ts";

export type ParsedOutput = { tests: TestCounts | null; errors: ParsedError[] };

export const WORK_DIR = "/sandbox/work";

/** Paths as the module's files name them: relative to the work dir. */
export function relativeToWorkDir(path: string): string {
  let relative = path.replace(/^file:\/\//, "").replace(/^file:/, "");
  if (relative.startsWith(`${WORK_DIR}/`)) relative = relative.slice(WORK_DIR.length + 1);
  while (relative.startsWith("./")) relative = relative.slice(2);
  return relative;
}

export function lineNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : null;
}

export function parsedError(
  file: string,
  line: string | number | undefined | null,
  column: string | number | undefined | null,
  message: string,
): ParsedError {
  const toNumber = (value: string | number | undefined | null): number | null =>
    typeof value === "number" ? value : value == null ? null : lineNumber(value);
  return {
    file: relativeToWorkDir(file),
    line: toNumber(line),
    column: toNumber(column),
    message: message.trim(),
  };
}

export function uniqueErrors(errors: readonly ParsedError[]): ParsedError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.file}:${error.line}:${error.column}:${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The sum of the numbers `pattern` (with one capture group) matches; null if none. */
export function summedCount(output: string, pattern: RegExp): number | null {
  const matches = [
    ...output.matchAll(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`)),
  ];
  if (matches.length === 0) return null;
  return matches.reduce((sum, match) => sum + (lineNumber(match[1]) ?? 0), 0);
}

/** The number after `label` in the last line that matches `pattern` (with one capture group). */
export function lastCount(output: string, pattern: RegExp): number | null {
  const matches = [
    ...output.matchAll(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`)),
  ];
  const last = matches.at(-1);
  return last === undefined ? null : lineNumber(last[1]);
}

/**
 * Python tracebacks and compileall reports: `File "x.py", line N` followed by `XError: message`.
 */
export function pythonTracebackErrors(output: string): ParsedError[] {
  const errors: ParsedError[] = [];
  const lines = output.split("\n");
  lines.forEach((line, index) => {
    const location = /File "([^"]+\.py)", line (\d+)/.exec(line);
    if (!location?.[1]) return;
    if (location[1].startsWith("/usr/")) return;
    for (const candidate of lines.slice(index + 1, index + 8)) {
      if (/File "[^"]+", line \d+/.test(candidate)) return;
      const raised = /^\s*(?:E\s+)?([A-Za-z_][\w.]*(?:Error|Exception)): ?(.*)$/.exec(candidate);
      if (raised) {
        errors.push(
          parsedError(location[1], location[2], null, `${raised[1]}: ${raised[2] ?? ""}`),
        );
        return;
      }
    }
  });
  return errors;
}
