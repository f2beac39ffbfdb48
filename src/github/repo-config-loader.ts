import {
  DEFAULT_REPO_CONFIG,
  parseRepoConfig,
  type RepoConfigResult,
} from "../config/repo-config.ts";
import type { GitHubClient, RepoRef } from "./types.ts";

/**
 * Reads `.github/codegen.yml` (or the owner's `.github` repository's, as Probot's
 * `context.config` does) and validates it. Works from a webhook or a queued job alike.
 */
export async function loadRepoConfig(
  octokit: GitHubClient,
  repo: RepoRef,
): Promise<RepoConfigResult> {
  let files: { config: unknown }[];
  try {
    ({ files } = await octokit.config.get({ ...repo, path: ".github/codegen.yml" }));
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { config: DEFAULT_REPO_CONFIG, problems: [`the file could not be read (${reason})`] };
  }
  const found = files.find((file) => file.config !== null && file.config !== undefined);
  return parseRepoConfig(found?.config ?? null);
}
