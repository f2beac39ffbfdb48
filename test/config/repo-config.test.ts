import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG, parseRepoConfig } from "../../src/config/repo-config.ts";

describe("parseRepoConfig", () => {
  it("gives the defaults for a missing or empty file", () => {
    expect(parseRepoConfig(null)).toEqual({ config: DEFAULT_REPO_CONFIG, problems: [] });
    expect(parseRepoConfig({}).config).toEqual(DEFAULT_REPO_CONFIG);
    expect(DEFAULT_REPO_CONFIG).toMatchObject({
      trigger: { mode: "all", label: "codegen" },
      maxAttempts: 5,
      branchPrefix: "codegen/",
      protectedPaths: [],
      unprotectedPaths: [],
      sandbox: { allowInstallNetwork: false },
      tokenBudget: null,
    });
    // No list: every stack the registry holds (the operator's MCP servers' included).
    expect(DEFAULT_REPO_CONFIG.languages).toBeUndefined();
  });

  it("reads every documented key", () => {
    const { config, problems } = parseRepoConfig({
      trigger: { mode: "label", label: "build-me" },
      languages: ["go"],
      maxAttempts: 3,
      models: { analysis: "small", code: "large" },
      sandbox: { cpus: 2, memoryMb: 2048, pids: 256, timeoutSec: 300, allowInstallNetwork: true },
      branchPrefix: "bot/gen-",
      protectedPaths: [".github/**"],
      tokenBudget: 200_000,
    });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      trigger: { mode: "label", label: "build-me", mention: "@issue-codegen" },
      languages: ["go"],
      sandbox: { cpus: 2, allowInstallNetwork: true },
      tokenBudget: 200_000,
    });
  });

  it("names bad and unknown keys, and falls back to the defaults as a whole", () => {
    const { config, problems } = parseRepoConfig({
      maxAttempts: 0,
      languages: [],
      branchPrefix: "../escape",
      sandbox: { memory: 512 },
      colour: "blue",
    });
    expect(config).toEqual(DEFAULT_REPO_CONFIG);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^`maxAttempts`: /),
        expect.stringMatching(/^`languages`: /),
        "`branchPrefix`: must not contain '..'",
        "unknown key `sandbox.memory`",
        "unknown key `colour`",
      ]),
    );
  });
});
