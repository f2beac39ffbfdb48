import { applyOperatorPolicy, type OperatorPolicy } from "../../config/operator-policy.ts";
import {
  DEFAULT_REPO_CONFIG,
  parseRepoConfig,
  type RepoConfigResult,
} from "../../config/repo-config.ts";
import type { GitHubClient, RepoRef } from "./types.ts";

export const REPO_CONFIG_PATH = ".github/codegen.yml";

type ConfigFile = { owner: string; repo: string; path: string; config: unknown };

/**
 * Reads `.github/codegen.yml` the way Probot's `context.config` does: from the repository's
 * default branch (never a run's branch, which generated code writes to), falling back to the
 * owner's `.github` repository, and following `_extends` to shared files. Works from a webhook
 * or a queued job alike. The result is bounded by the operator's policy; `notices` name what
 * the policy changed.
 *
 * Each file is validated with the same schema and a problem names the file it is in; any
 * problem means the defaults apply as a whole. The files merge nearest-last: nested settings
 * key by key, while a list or a value in a nearer file replaces the farther one's.
 */
export async function loadRepoConfig(
  octokit: GitHubClient,
  repo: RepoRef,
  policy: OperatorPolicy,
): Promise<RepoConfigResult & { notices: string[] }> {
  const read = await readRepoConfig(octokit, repo);
  return { ...read, ...applyOperatorPolicy(read.config, policy) };
}

/** The repository's settings as its files say, before the operator's policy bounds them. */
export async function readRepoConfig(
  octokit: GitHubClient,
  repo: RepoRef,
): Promise<RepoConfigResult> {
  let files: ConfigFile[];
  try {
    ({ files } = await octokit.config.get({ ...repo, path: REPO_CONFIG_PATH }));
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { config: DEFAULT_REPO_CONFIG, problems: [`the file could not be read (${reason})`] };
  }
  // The plugin lists the repository's own file first, then the ones it extends.
  const found = files.filter((file) => file.config !== null && file.config !== undefined);
  const problems = found.flatMap((file) =>
    parseRepoConfig(file.config).problems.map(
      (problem) => `in \`${file.owner}/${file.repo}:${file.path}\`: ${problem}`,
    ),
  );
  if (problems.length > 0) return { config: DEFAULT_REPO_CONFIG, problems };
  return parseRepoConfig(
    found.reduceRight<unknown>((merged, file) => mergeSettings(merged, file.config), null),
  );
}

/**
 * `nearer` over `farther`: objects merge key by key, anything else (a list, an explicit null)
 * replaces. Only runs on files the schema accepted, so every key is a known one.
 */
function mergeSettings(farther: unknown, nearer: unknown): unknown {
  if (nearer === undefined) return farther;
  if (!isPlainObject(farther) || !isPlainObject(nearer)) return nearer;
  const merged: Record<string, unknown> = { ...farther };
  for (const [key, value] of Object.entries(nearer)) {
    merged[key] = mergeSettings(farther[key], value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
