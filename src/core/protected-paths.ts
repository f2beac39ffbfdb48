import { isValidGeneratedPath } from "./paths.ts";

/**
 * Which paths generated code may not write: files that CI, Git or the app itself run or
 * trust. Generated source is reviewed as code; these files act before anyone reviews them
 * (a workflow runs on push with the repository's secrets, CODEOWNERS decides who reviews).
 */

/** Never writable, whatever the operator or the repository says. */
export const ALWAYS_PROTECTED: readonly string[] = [".git/**"];

/** Protected unless the operator lets a repository take a path out (see `PathProtection`). */
export const DEFAULT_PROTECTED_PATHS: readonly string[] = [
  // GitHub: Actions workflows and actions, CODEOWNERS, and this app's own config.
  ".github/**",
  // Git: submodule URLs, filters and attributes, LFS endpoints.
  ".gitmodules",
  ".gitattributes",
  ".lfsconfig",
  // CODEOWNERS at the root, in docs/ or .github/, for GitHub and GitLab alike.
  "**/CODEOWNERS",
  // Other CI systems.
  ".gitlab-ci.yml",
  ".gitlab/**",
  ".circleci/**",
  "**/Jenkinsfile",
  "azure-pipelines.yml",
  ".azure-pipelines/**",
  ".buildkite/**",
  ".travis.yml",
  "bitbucket-pipelines.yml",
  ".drone.yml",
  "appveyor.yml",
  ".appveyor.yml",
  ".woodpecker.yml",
  ".woodpecker/**",
  // What developers' machines run when they open or commit to the repository.
  ".devcontainer/**",
  ".devcontainer.json",
  ".husky/**",
  ".pre-commit-config.yaml",
];

export type PathProtection = {
  /** The operator's protected set: the defaults plus any the operator added. */
  operator: readonly string[];
  /** What the repository protects on top (its `protectedPaths`); it cannot unprotect these. */
  repository: readonly string[];
  /** Paths the repository asks to write although the operator's set protects them. */
  repositoryUnprotects: readonly string[];
  /** Paths the operator lets a repository unprotect; none by default. */
  operatorAllowsUnprotecting: readonly string[];
};

export type PathVerdict =
  | { writable: true; protectedByDefault: boolean }
  | { writable: false; reason: "not_canonical" | "always" | "operator" | "repository" };

/**
 * A path in the operator's set is written only when the repository asks for it and the
 * operator allows it; then `protectedByDefault` says so, for the pull request to list.
 */
export function judgePath(path: string, protection: PathProtection): PathVerdict {
  // Judged on the normal form only: `./.github/x` must not slip past `.github/**`.
  if (!isValidGeneratedPath(path)) return { writable: false, reason: "not_canonical" };
  if (matchesAny(path, ALWAYS_PROTECTED)) return { writable: false, reason: "always" };
  if (matchesAny(path, protection.repository)) return { writable: false, reason: "repository" };
  if (!matchesAny(path, protection.operator)) return { writable: true, protectedByDefault: false };
  const unprotected =
    matchesAny(path, protection.repositoryUnprotects) &&
    matchesAny(path, protection.operatorAllowsUnprotecting);
  return unprotected
    ? { writable: true, protectedByDefault: true }
    : { writable: false, reason: "operator" };
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(path));
}

/**
 * A glob matched against the whole path, case-insensitively (a checkout on macOS or Windows
 * treats `.GitHub` as `.github`), dot files included: `*` and `?` stay within one segment,
 * `**` spans any number of segments. `path.matchesGlob` skips dot files under `**`, so
 * `**\/CODEOWNERS` would miss `.github/CODEOWNERS`.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? "";
    if (char === "*" && glob[i + 1] === "*") {
      const atStart = i === 0 || glob[i - 1] === "/";
      const slashAfter = glob[i + 2] === "/";
      if (atStart && slashAfter) {
        source += "(?:[^/]+/)*"; // `**/`: zero or more whole segments
        i += 2;
      } else if (atStart && i + 2 === glob.length) {
        source += ".*"; // trailing `/**`: everything below
        i += 1;
      } else {
        source += "[^/]*";
        i += 1;
      }
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}
