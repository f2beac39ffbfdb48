import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROTECTED_PATHS,
  globToRegExp,
  judgePath,
  type PathProtection,
} from "../../src/core/protected-paths.ts";

const defaults: PathProtection = {
  operator: DEFAULT_PROTECTED_PATHS,
  repository: [],
  repositoryUnprotects: [],
  operatorAllowsUnprotecting: [],
};

const writable = (path: string, protection = defaults) => judgePath(path, protection).writable;

describe("the default protected set", () => {
  // Files a hostile module wrote in the attack, and others CI or Git act on.
  it.each([
    ".github/actions/setup/action.yml",
    ".github/codegen.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/.hidden.yml",
    ".github/CODEOWNERS",
    ".github/dependabot.yml",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitmodules",
    ".gitattributes",
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    "Jenkinsfile",
    "ci/Jenkinsfile",
    "azure-pipelines.yml",
    ".buildkite/pipeline.yml",
    ".devcontainer/devcontainer.json",
    ".husky/pre-commit",
    ".pre-commit-config.yaml",
    ".git/hooks/post-checkout",
  ])("refuses %s", (path) => {
    expect(writable(path)).toBe(false);
  });

  it("matches case-insensitively, as a macOS or Windows checkout does", () => {
    expect(writable(".GitHub/workflows/ci.yml")).toBe(false);
    expect(writable("codeowners")).toBe(false);
  });

  it("refuses paths that are not canonical instead of normalising them", () => {
    for (const path of ["./.github/x.yml", ".github//x.yml", "a/../.github/x.yml", "/etc/x"]) {
      expect(judgePath(path, defaults)).toEqual({ writable: false, reason: "not_canonical" });
    }
  });

  // package.json stays writable: a Node module needs one, and its scripts run only where CI
  // runs them, which the protected workflows decide (docs/security.md).
  it.each(["src/app.py", "package.json", "github/notes.md", "docs/owners.md", "my.github/x"])(
    "lets %s through",
    (path) => {
      expect(judgePath(path, defaults)).toEqual({ writable: true, protectedByDefault: false });
    },
  );
});

describe("narrowing and widening", () => {
  it("adds the repository's own globs", () => {
    expect(writable("secrets/token.txt", { ...defaults, repository: ["secrets/**"] })).toBe(false);
  });

  it("lets a repository unprotect a path only where the operator allows it", () => {
    const asked = { ...defaults, repositoryUnprotects: [".github/actions/**"] };
    expect(writable(".github/actions/setup/action.yml", asked)).toBe(false);
    const allowed = { ...asked, operatorAllowsUnprotecting: [".github/actions/**"] };
    expect(judgePath(".github/actions/setup/action.yml", allowed)).toEqual({
      writable: true,
      protectedByDefault: true,
    });
    expect(writable(".github/workflows/ci.yml", allowed)).toBe(false);
    // The operator's allowance alone changes nothing.
    expect(
      writable(".github/actions/x.yml", {
        ...defaults,
        operatorAllowsUnprotecting: [".github/**"],
      }),
    ).toBe(false);
  });

  it("never unprotects .git/ or what the repository protects itself", () => {
    const everything = {
      ...defaults,
      repository: ["secrets/**"],
      repositoryUnprotects: ["**"],
      operatorAllowsUnprotecting: ["**"],
    };
    expect(writable(".git/config", everything)).toBe(false);
    expect(writable("secrets/a", everything)).toBe(false);
    expect(writable(".github/workflows/ci.yml", everything)).toBe(true);
  });
});

describe("globToRegExp", () => {
  it.each([
    ["**/CODEOWNERS", "CODEOWNERS", true],
    ["**/CODEOWNERS", ".github/CODEOWNERS", true],
    ["**/CODEOWNERS", "a/.b/CODEOWNERS", true],
    ["**/CODEOWNERS", "CODEOWNERS.md", false],
    [".github/**", ".github/.hidden/x", true],
    [".github/**", ".githubx/y", false],
    ["a/**/b", "a/b", true],
    ["a/**/b", "a/x/y/b", true],
    ["*.yml", "ci.yml", true],
    ["*.yml", "dir/ci.yml", false],
    ["file?.txt", "file1.txt", true],
    ["a+b(c).txt", "a+b(c).txt", true],
  ])("%s against %s is %s", (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
