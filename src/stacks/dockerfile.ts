import { readFileSync } from "node:fs";

/**
 * The text of the `Dockerfile` beside a built-in stack's profile (`import.meta.url`). The
 * toolchain carries the text, as an external server's does, so the sandbox never reads files.
 */
export function dockerfileBeside(profileUrl: string): string {
  return readFileSync(new URL("./Dockerfile", profileUrl), "utf8");
}
