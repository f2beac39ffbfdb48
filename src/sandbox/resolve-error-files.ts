import type { ParsedError } from "./types.ts";

/**
 * Runners name files in their own way (`calc_test.go`, `app/calc/CalcTest.java`); the fix step
 * needs the module's own path, so a unique suffix match replaces the runner's name.
 */
export function resolveErrorFiles(
  errors: readonly ParsedError[],
  paths: readonly string[],
): ParsedError[] {
  return errors.map((error) => ({ ...error, file: resolvePath(error.file, paths) }));
}

export function resolvePath(file: string, paths: readonly string[]): string {
  if (file === "" || paths.includes(file)) return file;
  const matches = paths.filter((path) => path.endsWith(`/${file}`));
  return matches.length === 1 && matches[0] !== undefined ? matches[0] : file;
}
