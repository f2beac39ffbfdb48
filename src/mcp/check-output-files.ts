import { checkGeneratedPath } from "../core/paths.ts";
import { MAX_FILE_BYTES, MAX_OUTPUT_FILES, MAX_TOTAL_BYTES } from "./limits.ts";
import type { SourceFile } from "./schemas.ts";

export type OutputFileRules = { allowWorkflowPaths: boolean };

/**
 * Why a set of generated files may not be written to the branch, or undefined when it may.
 * The message is shown to the model in the repair request, so it names the offending path.
 */
export function checkOutputFiles(
  files: readonly SourceFile[],
  rules: OutputFileRules,
): string | undefined {
  if (files.length > MAX_OUTPUT_FILES) {
    return `${files.length} files is more than the limit of ${MAX_OUTPUT_FILES}; keep the module smaller`;
  }
  const seen = new Set<string>();
  let total = 0;
  for (const file of files) {
    const problem = checkPath(file.path, rules);
    if (problem) return `invalid path "${file.path}": ${problem}`;
    if (seen.has(file.path)) return `the path "${file.path}" appears more than once`;
    seen.add(file.path);
    const bytes = Buffer.byteLength(file.content, "utf8");
    if (bytes > MAX_FILE_BYTES) {
      return `"${file.path}" is ${bytes} bytes, over the limit of ${MAX_FILE_BYTES} bytes per file`;
    }
    total += bytes;
  }
  if (total > MAX_TOTAL_BYTES) {
    return `the files total ${total} bytes, over the limit of ${MAX_TOTAL_BYTES} bytes`;
  }
  return undefined;
}

/** Why a generated path may not be written, or undefined when it may. */
export function checkPath(path: string, rules: OutputFileRules): string | undefined {
  const valid = checkGeneratedPath(path);
  if (!valid.ok) return valid.reason;
  if (!rules.allowWorkflowPaths && path.toLowerCase().startsWith(".github/workflows/")) {
    return "must not write GitHub Actions workflows (.github/workflows/) unless the repository allows it";
  }
  return undefined;
}
