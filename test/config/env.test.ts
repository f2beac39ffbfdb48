import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.ts";
import { testPrivateKey } from "../helpers/probot.ts";

const complete = {
  APP_ID: "123",
  PRIVATE_KEY: testPrivateKey(),
  WEBHOOK_SECRET: "s3cret",
  OPENAI_API_KEY: "sk-test",
};

function problemsOf(
  env: Record<string, string | undefined>,
  readFile?: (path: string) => string,
): readonly string[] {
  try {
    loadConfig(env, readFile);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("starts in setup mode when no credentials are set", () => {
    expect(loadConfig({})).toEqual({
      mode: "setup",
      server: {
        host: "localhost",
        port: 3000,
        webhookPath: "/api/github/webhooks",
        logLevel: "info",
      },
    });
  });

  it("refuses setup mode in production and names the missing variables", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "APP_ID",
      "PRIVATE_KEY or PRIVATE_KEY_PATH",
      "WEBHOOK_SECRET",
      "OPENAI_API_KEY",
    ]);
  });

  it("reads a complete environment", () => {
    const config = loadConfig({
      ...complete,
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      OPENAI_MODEL: "qwen",
      DOCKER_HOST: "tcp://docker:2375",
      PORT: "8080",
    });
    expect(config).toMatchObject({
      mode: "app",
      appId: 123,
      webhookSecret: "s3cret",
      server: { port: 8080 },
      llm: {
        apiKey: "sk-test",
        baseURL: "http://127.0.0.1:11434/v1",
        model: "qwen",
        codeModel: "qwen",
      },
      dockerHost: "tcp://docker:2375",
    });
  });

  it("accepts a one-line key with literal \\n and a base64 key", () => {
    const oneLine = complete.PRIVATE_KEY.replace(/\n/g, "\\n");
    const base64 = Buffer.from(complete.PRIVATE_KEY).toString("base64");
    for (const PRIVATE_KEY of [oneLine, base64]) {
      const config = loadConfig({ ...complete, PRIVATE_KEY });
      expect(config.mode === "app" && config.privateKey).toBe(complete.PRIVATE_KEY);
    }
  });

  it("reads PRIVATE_KEY_PATH and explains an unreadable or wrong file", () => {
    const { PRIVATE_KEY: _, ...withoutKey } = complete;
    const files: Record<string, string> = {
      "/keys/app.pem": complete.PRIVATE_KEY,
      "/keys/x": "nope",
    };
    const readFile = (path: string) => {
      const content = files[path];
      if (content === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return content;
    };
    const config = loadConfig({ ...withoutKey, PRIVATE_KEY_PATH: "/keys/app.pem" }, readFile);
    expect(config.mode === "app" && config.privateKey).toBe(complete.PRIVATE_KEY);
    expect(problemsOf({ ...withoutKey, PRIVATE_KEY_PATH: "/keys/none.pem" }, readFile)).toEqual([
      "PRIVATE_KEY_PATH: cannot read /keys/none.pem (ENOENT: no such file, open '/keys/none.pem')",
    ]);
    expect(problemsOf({ ...withoutKey, PRIVATE_KEY_PATH: "/keys/x" }, readFile)).toEqual([
      "PRIVATE_KEY_PATH: /keys/x does not contain a PEM private key",
    ]);
  });

  it("names each malformed variable without echoing secrets", () => {
    const problems = problemsOf({
      ...complete,
      APP_ID: "my-app",
      PRIVATE_KEY: "hunter2",
      PORT: "http",
      OPENAI_BASE_URL: "not a url",
      DOCKER_HOST: "/var/run/docker.sock",
      LOG_LEVEL: "loud",
    });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(
      ["APP_ID", "DOCKER_HOST", "LOG_LEVEL", "OPENAI_BASE_URL", "PORT"].sort(),
    );
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("reads external MCP servers from MCP_SERVERS and names a bad entry", () => {
    const servers = JSON.stringify([
      { language: "rust", transport: "http", url: "http://127.0.0.1:8800/mcp" },
    ]);
    const config = loadConfig({ ...complete, MCP_SERVERS: servers });
    expect(config.mode === "app" && config.mcpServers).toEqual([
      { language: "rust", aliases: [], transport: "http", url: "http://127.0.0.1:8800/mcp" },
    ]);
    expect(problemsOf({ ...complete, MCP_SERVERS: "[{" })[0]).toMatch(
      /^MCP_SERVERS: not valid JSON/,
    );
    expect(
      problemsOf({ ...complete, MCP_SERVERS: '[{"language":"rust","transport":"ftp"}]' })[0],
    ).toMatch(/^MCP_SERVERS: 0\.transport/);
  });

  it("reads SHUTDOWN_TIMEOUT_MS (default 30 s) and refuses one that is not milliseconds", () => {
    const drain = (env: Record<string, string>) => {
      const config = loadConfig({ ...complete, ...env });
      return config.mode === "app" ? config.shutdownTimeoutMs : undefined;
    };
    expect(drain({})).toBe(30_000);
    expect(drain({ SHUTDOWN_TIMEOUT_MS: "1500" })).toBe(1_500);
    expect(problemsOf({ ...complete, SHUTDOWN_TIMEOUT_MS: "30s" })).toEqual([
      "SHUTDOWN_TIMEOUT_MS: expected a number of milliseconds",
    ]);
  });

  it("checks the preflight every 60 s unless PREFLIGHT_INTERVAL_SEC says otherwise", () => {
    expect(loadConfig(complete)).toMatchObject({ preflightIntervalSec: 60 });
    expect(loadConfig({ ...complete, PREFLIGHT_INTERVAL_SEC: "0" })).toMatchObject({
      preflightIntervalSec: 0,
    });
    expect(problemsOf({ ...complete, PREFLIGHT_INTERVAL_SEC: "soon" })).toEqual([
      "PREFLIGHT_INTERVAL_SEC: expected a number of seconds (0 turns the checks off)",
    ]);
  });

  it("limits re-analyses to 5 an hour per issue unless ANALYSIS_RATE_LIMIT says otherwise", () => {
    expect(loadConfig(complete)).toMatchObject({ analysisRateLimit: 5 });
    expect(loadConfig({ ...complete, ANALYSIS_RATE_LIMIT: "2" })).toMatchObject({
      analysisRateLimit: 2,
    });
    expect(problemsOf({ ...complete, ANALYSIS_RATE_LIMIT: "0" })).toEqual([
      "ANALYSIS_RATE_LIMIT: expected a positive integer (re-analyses of one issue per hour)",
    ]);
  });

  it("serves the ops routes on loopback unless OPS_HOST and OPS_PORT say otherwise", () => {
    expect(loadConfig(complete)).toMatchObject({ ops: { host: "127.0.0.1", port: 9464 } });
    expect(
      loadConfig({ ...complete, HOST: "0.0.0.0", OPS_HOST: "10.0.0.7", OPS_PORT: "9100" }),
    ).toMatchObject({ server: { host: "0.0.0.0" }, ops: { host: "10.0.0.7", port: 9100 } });
    expect(problemsOf({ ...complete, OPS_PORT: "metrics" })[0]).toMatch(/^OPS_PORT: /);
  });

  it("reads the sandbox's egress allowlist and disk cap, refusing IP addresses", () => {
    const defaults = loadConfig(complete);
    expect(defaults.mode === "app" && defaults.sandbox).toEqual({
      diskMb: undefined,
      egressAllow: expect.arrayContaining(["pypi.org", "registry.npmjs.org", "proxy.golang.org"]),
    });
    const set = loadConfig({
      ...complete,
      SANDBOX_EGRESS_ALLOW: "pypi.org, *.pythonhosted.org",
      SANDBOX_DISK_MB: "256",
    });
    expect(set.mode === "app" && set.sandbox).toEqual({
      diskMb: 256,
      egressAllow: ["pypi.org", "*.pythonhosted.org"],
    });
    expect(problemsOf({ ...complete, SANDBOX_EGRESS_ALLOW: "pypi.org,172.17.0.1" })).toEqual([
      'SANDBOX_EGRESS_ALLOW: "172.17.0.1" is not a host name pattern (expected e.g. pypi.org or *.pythonhosted.org; IP addresses are never allowed)',
    ]);
    expect(problemsOf({ ...complete, SANDBOX_DISK_MB: "lots" })[0]).toMatch(/^SANDBOX_DISK_MB: /);
  });

  it("rejects a private key that is not PEM", () => {
    expect(problemsOf({ ...complete, PRIVATE_KEY: "hunter2" })).toEqual([
      "PRIVATE_KEY: not a PEM private key (expected '-----BEGIN RSA PRIVATE KEY-----')",
    ]);
  });

  it("builds the GitHub Enterprise API URL from GHE_HOST and GHE_PROTOCOL", () => {
    const https = loadConfig({ ...complete, GHE_HOST: "ghe.example.com" });
    expect(https.mode === "app" && https.githubBaseUrl).toBe("https://ghe.example.com/api/v3");
    const http = loadConfig({ ...complete, GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" });
    expect(http.mode === "app" && http.githubBaseUrl).toBe("http://127.0.0.1:8080/api/v3");
    expect(problemsOf({ ...complete, GHE_HOST: "h", GHE_PROTOCOL: "ftp" })).toEqual([
      "GHE_PROTOCOL: expected https or http",
    ]);
  });

  it("treats blank variables as unset", () => {
    expect(loadConfig({ APP_ID: " ", PRIVATE_KEY: "", PORT: "" }).mode).toBe("setup");
  });
});

describe("the operator's policy", () => {
  const policyOf = (env: Record<string, string>, hostCpus = 2) => {
    const config = loadConfig({ ...complete, ...env }, undefined, hostCpus);
    if (config.mode !== "app") throw new Error("expected app mode");
    return config.policy;
  };

  it("defaults to the host's CPUs, the configured models and no unprotecting", () => {
    const policy = policyOf({ OPENAI_MODEL: "plan-m", OPENAI_CODE_MODEL: "code-m" }, 3);
    expect(policy).toMatchObject({
      sandbox: {
        maxCpus: 3,
        maxMemoryMb: 2048,
        maxPids: 512,
        maxTimeoutSec: 600,
        installNetworkAllowed: false,
      },
      allowedModels: ["plan-m", "code-m"],
      maxModules: 20,
      planEditIntervalSec: 10,
      repoMayUnprotect: [],
    });
    expect(policy.protectedPaths).toContain(".github/**");
  });

  it("reads every setting", () => {
    const policy = policyOf({
      SANDBOX_MAX_CPUS: "1.5",
      SANDBOX_MAX_MEMORY_MB: "1024",
      SANDBOX_MAX_PIDS: "128",
      SANDBOX_MAX_TIMEOUT_SEC: "300",
      SANDBOX_ALLOW_INSTALL_NETWORK: "true",
      ALLOWED_MODELS: "gpt-4.1, o4-mini ,",
      MAX_MODULES: "8",
      PLAN_EDIT_INTERVAL_SEC: "0",
      PROTECTED_PATHS_EXTRA: "secrets/**",
      PROTECTED_PATHS_REPO_MAY_UNPROTECT: ".github/actions/**,CODEOWNERS",
    });
    expect(policy).toMatchObject({
      sandbox: {
        maxCpus: 1.5,
        maxMemoryMb: 1024,
        maxPids: 128,
        maxTimeoutSec: 300,
        installNetworkAllowed: true,
      },
      allowedModels: ["gpt-4.1-mini", "gpt-4.1", "o4-mini"],
      maxModules: 8,
      planEditIntervalSec: 0,
      repoMayUnprotect: [".github/actions/**", "CODEOWNERS"],
    });
    expect(policy.protectedPaths).toEqual(expect.arrayContaining([".github/**", "secrets/**"]));
  });

  it("lets repositories name the built-in stacks and those of MCP_SERVERS", () => {
    expect(policyOf({}).languages).toEqual(["python", "node", "java", "go"]);
    const servers = [
      { language: "bash", transport: "stdio", command: "bash-mcp" },
      { language: "python", transport: "stdio", command: "our-python-mcp" },
    ];
    expect(policyOf({ MCP_SERVERS: JSON.stringify(servers) }).languages).toEqual([
      "python",
      "node",
      "java",
      "go",
      "bash",
    ]);
  });

  it("names each bad setting", () => {
    const problems = problemsOf({
      ...complete,
      SANDBOX_MAX_CPUS: "lots",
      SANDBOX_MAX_MEMORY_MB: "0",
      SANDBOX_MAX_PIDS: "-1",
      SANDBOX_MAX_TIMEOUT_SEC: "1.5",
      SANDBOX_ALLOW_INSTALL_NETWORK: "yes",
      MAX_MODULES: "many",
      PLAN_EDIT_INTERVAL_SEC: "soon",
    });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(
      [
        "MAX_MODULES",
        "PLAN_EDIT_INTERVAL_SEC",
        "SANDBOX_ALLOW_INSTALL_NETWORK",
        "SANDBOX_MAX_CPUS",
        "SANDBOX_MAX_MEMORY_MB",
        "SANDBOX_MAX_PIDS",
        "SANDBOX_MAX_TIMEOUT_SEC",
      ].sort(),
    );
  });
});
