import { checkGeneratedPath } from "../core/paths.ts";
import { SandboxError } from "./errors.ts";

/**
 * The path itself, or a SandboxError when it breaks the path policy. Callers validate paths
 * already; this is the last line of defence before a path reaches the container.
 */
export function checkedRelativePath(path: string): string {
  const valid = checkGeneratedPath(path);
  if (!valid.ok) {
    throw new SandboxError(
      "invalid-file",
      `Refusing file path ${JSON.stringify(path)}: ${valid.reason}.`,
    );
  }
  return path;
}
