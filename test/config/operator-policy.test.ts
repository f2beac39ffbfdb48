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
