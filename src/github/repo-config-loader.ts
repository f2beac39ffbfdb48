import type { Context } from "probot";
import {
  DEFAULT_REPO_CONFIG,
  parseRepoConfig,
  type RepoConfigResult,
} from "../config/repo-config.ts";

/** Reads `.github/codegen.yml` with Probot's config loader and validates it. */
export async function loadRepoConfig(context: Context): Promise<RepoConfigResult> {
  let raw: unknown;
  try {
    raw = await context.config("codegen.yml");
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { config: DEFAULT_REPO_CONFIG, problems: [`the file could not be read (${reason})`] };
  }
  return parseRepoConfig(raw);
}
