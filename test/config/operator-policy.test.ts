import { describe, expect, it } from "vitest";
import {
  applyOperatorPolicy,
  defaultOperatorPolicy,
  pathProtection,
} from "../../src/config/operator-policy.ts";
import { DEFAULT_REPO_CONFIG, parseRepoConfig } from "../../src/config/repo-config.ts";
import { judgePath } from "../../src/core/protected-paths.ts";

const policy = defaultOperatorPolicy({ model: "plan-m", codeModel: "code-m" }, 2);

function repo(raw: unknown) {
  const { config, problems } = parseRepoConfig(raw);
  expect(problems).toEqual([]);
  return config;
}

describe("the repository's languages, against the stack registry", () => {
  it("keeps the registered ones, an external server's included", () => {
    const withBash = { ...policy, languages: [...policy.languages, "bash"] };
    expect(applyOperatorPolicy(repo({ languages: ["Bash", "go"] }), withBash)).toEqual({
      config: { ...DEFAULT_REPO_CONFIG, languages: ["bash", "go"] },
      notices: [],
    });
  });

  it("names an unknown language and the known ones, and goes on with the rest", () => {
    const { config, notices } = applyOperatorPolicy(repo({ languages: ["cobol", "go"] }), policy);

    expect(config.languages).toEqual(["go"]);
    expect(notices).toEqual([
      "`languages`: no stack here is called `cobol` (the known ones are `python`, `node`, `java`, `go`), so I use `go`.",
    ]);
  });

  it("lets every known stack be used when none of the named ones is known", () => {
    const { config, notices } = applyOperatorPolicy(repo({ languages: ["bash"] }), policy);

    expect(config.languages).toBeUndefined();
    expect(notices).toEqual([
      "`languages`: no stack here is called `bash` (the known ones are `python`, `node`, `java`, `go`), so every known stack may be used.",
    ]);
  });
});

describe("applyOperatorPolicy", () => {
  it("changes nothing and says nothing for the defaults or values within bounds", () => {
    expect(applyOperatorPolicy(DEFAULT_REPO_CONFIG, policy)).toEqual({
      config: DEFAULT_REPO_CONFIG,
      notices: [],
    });
    const modest = repo({ sandbox: { cpus: 1, memoryMb: 512 }, models: { code: "code-m" } });
    expect(applyOperatorPolicy(modest, policy).notices).toEqual([]);
  });

  it("clamps a hostile config: 16 GB, 8 CPUs, 4096 pids, 3600 s, network, any model", () => {
    const hostile = repo({
      sandbox: {
        memoryMb: 16_384,
        cpus: 8,
        pids: 4096,
        timeoutSec: 3600,
        allowInstallNetwork: true,
      },
      models: { analysis: "gpt-5-pro", code: "o3-pro" },
      protectedPaths: [],
      unprotectedPaths: [".github/**"],
    });
    const { config, notices } = applyOperatorPolicy(hostile, policy);
    expect(config.sandbox).toEqual({
      memoryMb: 2048,
      cpus: 2,
      pids: 512,
      timeoutSec: 600,
      allowInstallNetwork: false,
    });
    expect(config.models).toEqual({});
    expect(notices).toHaveLength(8);
    expect(notices.join("\n")).toContain("`unprotectedPaths`: the operator lets no repository");
    // Unprotecting asked for, not allowed: the defaults still hold.
    const protection = pathProtection(config, policy);
    expect(judgePath(".github/workflows/ci.yml", protection).writable).toBe(false);
  });
});
