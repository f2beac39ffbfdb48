import type { ParsedError } from "./types.ts";

/**
 * Runners name files in their own way (`calc_test.go`, `app/calc/CalcTest.java`); the fix step
 * needs the module's own path, so a unique suffix match replaces the runner's name.
 */
export function resolveErrorFiles(
  errors: readonly ParsedError[],
  paths: readonly string[],
): ParsedError[] {
  const known = new Set(paths);
  return errors.map((error) => {
    if (error.file === "" || known.has(error.file)) return error;
    const matches = paths.filter((path) => path.endsWith(`/${error.file}`));
    return matches.length === 1 && matches[0] !== undefined
      ? { ...error, file: matches[0] }
      : error;
  });
}
