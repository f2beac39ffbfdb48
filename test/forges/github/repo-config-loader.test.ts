import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../../src/config/repo-config.ts";
import { loadRepoConfig } from "../../../src/forges/github/repo-config-loader.ts";
import { testPolicy } from "../../helpers/app.ts";
import { createFakeGitHub } from "../../helpers/fake-github/index.ts";
import { TestOctokit } from "../../helpers/probot.ts";

const octokit = new TestOctokit({ auth: { token: "ghs_test" } } as never);
const REPO = { owner: "Codertocat", repo: "Hello-World" };
const ORG_FILE = "Codertocat/.github";

describe("loadRepoConfig", () => {
  it("merges the settings a repository inherits through `_extends: .github`", async () => {
    createFakeGitHub({
      repoConfig: "_extends: .github\nmaxAttempts: 3\nsandbox:\n  memoryMb: 2048\n",
      otherRepos: {
        [ORG_FILE]: {
          ".github/codegen.yml":
            "maxAttempts: 7\nsandbox:\n  timeoutSec: 600\n  memoryMb: 512\nprotectedPaths: ['.github/**', 'deploy/**']\n",
        },
      },
    });
    const { config, problems } = await loadRepoConfig(octokit, REPO, testPolicy());
    expect(problems).toEqual([]);
    // The repository's own values win; nested settings merge key by key.
    expect(config.maxAttempts).toBe(3);
    expect(config.sandbox).toEqual({
      timeoutSec: 600,
      memoryMb: 2048,
      allowInstallNetwork: false,
    });
    expect(config.protectedPaths).toEqual([".github/**", "deploy/**"]);
  });

  it("follows a chain from the owner's .github repository to another owner's file", async () => {
    createFakeGitHub({
      otherRepos: {
        [ORG_FILE]: {
          ".github/codegen.yml":
            "_extends: octo-org/settings:codegen/base.yml\nlanguages: [python]\ntrigger:\n  mode: label\n",
        },
        "octo-org/settings": {
          "codegen/base.yml":
            "languages: [go, node]\ntrigger:\n  label: build-me\ntokenBudget: 100000\n",
        },
      },
    });
    const { config, problems } = await loadRepoConfig(octokit, REPO, testPolicy());
    expect(problems).toEqual([]);
    // A list in a nearer file replaces the farther one's rather than adding to it.
    expect(config.languages).toEqual(["python"]);
    expect(config.trigger).toEqual({ mode: "label", label: "build-me", mention: "@issue-codegen" });
    expect(config.tokenBudget).toBe(100_000);
  });

  it("lets an explicit null in a nearer file clear an inherited value", async () => {
    createFakeGitHub({
      repoConfig: "_extends: .github\ntokenBudget: null\n",
      otherRepos: { [ORG_FILE]: { ".github/codegen.yml": "tokenBudget: 5000\n" } },
    });
    expect((await loadRepoConfig(octokit, REPO, testPolicy())).config.tokenBudget).toBeNull();
  });

  it("names the file a bad key is in, and applies the defaults as a whole", async () => {
    createFakeGitHub({
      repoConfig: "_extends: .github\nmaxAttempts: 3\n",
      otherRepos: {
        [ORG_FILE]: { ".github/codegen.yml": "colour: blue\nsandbox:\n  cpus: lots\n" },
      },
    });
    const { config, problems } = await loadRepoConfig(octokit, REPO, testPolicy());
    expect(config).toEqual(DEFAULT_REPO_CONFIG);
    expect(problems).toEqual([
      "in `Codertocat/.github:.github/codegen.yml`: `sandbox.cpus`: Invalid input: expected number, received string",
      "in `Codertocat/.github:.github/codegen.yml`: unknown key `colour`",
    ]);
  });

  it("refuses a `__proto__` key in a shared file before anything is merged", async () => {
    createFakeGitHub({
      repoConfig: "_extends: .github\n",
      otherRepos: {
        [ORG_FILE]: { ".github/codegen.yml": "__proto__:\n  protectedPaths: ['polluted/**']\n" },
      },
    });
    const { config, problems } = await loadRepoConfig(octokit, REPO, testPolicy());
    expect(problems).toEqual([
      "in `Codertocat/.github:.github/codegen.yml`: unknown key `__proto__`",
    ]);
    expect(config.protectedPaths).toEqual([]);
    expect(({} as Record<string, unknown>).protectedPaths).toBeUndefined();
  });

  it("says why when an `_extends` cannot be followed", async () => {
    createFakeGitHub({ repoConfig: "_extends: 42\n" });
    const { config, problems } = await loadRepoConfig(octokit, REPO, testPolicy());
    expect(config).toEqual(DEFAULT_REPO_CONFIG);
    expect(problems).toEqual([expect.stringMatching(/^the file could not be read \(.*_extends/)]);
  });

  it("reads the default branch, never a run's branch that generated code writes to", async () => {
    const fake = createFakeGitHub({ repoConfig: "maxAttempts: 3\n" });
    await octokit.rest.git.createRef({
      ...REPO,
      ref: "refs/heads/codegen/issue-1",
      sha: fake.head("master") ?? "",
    });
    fake.pushCommit(
      "codegen/issue-1",
      { ".github/codegen.yml": "maxAttempts: 10\nprotectedPaths: ['nothing/**']\n" },
      "codegen(parser): generate, attempt 1",
    );
    const { config } = await loadRepoConfig(octokit, REPO, testPolicy());
    expect(config).toMatchObject({ maxAttempts: 3, protectedPaths: [] });
    const reads = fake.requests().filter((request) => request.path.includes("/contents/"));
    expect(reads.map((request) => request.query)).toEqual([{}]);
  });
});
