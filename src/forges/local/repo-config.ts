import { parse } from "yaml";
import { applyOperatorPolicy, type OperatorPolicy } from "../../config/operator-policy.ts";
import { checkLanguages, parseRepoConfig, type RepoConfig } from "../../config/repo-config.ts";
import type { GitRepository } from "./git.ts";

export const REPO_CONFIG_PATH = ".github/codegen.yml";

/**
 * `.github/codegen.yml` as the commit checked out has it (never the work tree's edits, as on
 * GitHub it is the default branch's), validated by the same schema and bounded by the same
 * policy. `notices` name each problem; with a problem the defaults apply as a whole.
 */
export async function readLocalRepoConfig(
  repo: Pick<GitRepository, "readAtHead">,
  policy: OperatorPolicy,
): Promise<{ config: RepoConfig; notices: string[] }> {
  const text = await repo.readAtHead(REPO_CONFIG_PATH);
  if (text === null) return { config: parseRepoConfig(null).config, notices: [] };
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return {
      config: parseRepoConfig(null).config,
      notices: [`${REPO_CONFIG_PATH} is not valid YAML (${reason}); using the defaults.`],
    };
  }
  const { config, problems } = parseRepoConfig(raw);
  const bounded = applyOperatorPolicy(config, policy);
  const languages = checkLanguages(bounded.config, policy.languages);
  return {
    config: languages.config,
    notices: [
      ...problems.map((problem) => `${REPO_CONFIG_PATH}: ${problem}; using the defaults.`),
      ...[...bounded.notices, ...languages.notices].map(
        (notice) => `${REPO_CONFIG_PATH}: ${notice}`,
      ),
    ],
  };
}
