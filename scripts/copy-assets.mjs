// The files the built app reads at run time besides its JavaScript: prompts and Dockerfiles.
// `npm run build` and the built-CLI test both copy them with this, so the two cannot differ.
import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ASSET_DIRS = ["llm/prompts", "mcp/prompts", "sandbox/images", "stacks"];

export function copyAssets(srcRoot, distRoot) {
  for (const dir of ASSET_DIRS) {
    cpSync(join(srcRoot, dir), join(distRoot, dir), {
      recursive: true,
      filter: (file) => !file.endsWith(".ts"),
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) copyAssets("src", "dist");
