import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { DEFAULT_PROTECTED_PATHS } from "../core/protected-paths.ts";
import {
  type ExternalServer,
  ExternalServerConfigError,
  parseExternalServers,
} from "../mcp/index.ts";
import { DEFAULT_EGRESS_ALLOW, parseEgressAllow } from "../sandbox/egress-proxy.ts";
import { stackLanguages } from "../stacks/registry.ts";
import { defaultOperatorPolicy, type OperatorPolicy } from "./operator-policy.ts";
import { DEFAULT_OPS_ADDRESS, type OpsAddress } from "./ops-address.ts";

/** Thrown when the environment cannot run the app; `problems` name each bad variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const port = z
  .string()
  .regex(/^\d+$/, "expected a port number")
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, "expected a port number from 1 to 65535")
      .max(65_535, "expected a port number from 1 to 65535"),
  );

const positiveInteger = z
  .string()
  .regex(/^[1-9]\d*$/, "expected a positive integer")
  .transform(Number);

const positiveNumber = z
  .string()
  .regex(/^(?:\d+\.?\d*|\.\d+)$/, "expected a positive number")
  .transform(Number)
  .pipe(z.number().positive("expected a positive number"));

/** A comma-separated list; blanks around the commas are ignored. */
const list = z.string().transform((text) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

const yesNo = z
  .enum(["true", "false"], { message: "expected true or false" })
  .transform((value) => value === "true");

const dockerHost = z
  .string()
  .regex(
    /^(unix|tcp|npipe|ssh|https?):\/\/.+/,
    "expected a URL such as unix:///var/run/docker.sock or tcp://host:2375",
  );

const envSchema = z.object({
  APP_ID: optionalText.pipe(
    z
      .string()
      .regex(
        /^[1-9]\d*$/,
        "expected a positive integer (the App ID on your GitHub App's settings page)",
      )
      .transform(Number)
      .optional(),
  ),
  PRIVATE_KEY: optionalText,
  PRIVATE_KEY_PATH: optionalText,
  WEBHOOK_SECRET: optionalText,
  WEBHOOK_PATH: optionalText.pipe(z.string().startsWith("/").default("/api/github/webhooks")),
  GHE_HOST: optionalText,
  GHE_PROTOCOL: optionalText.pipe(
    z.enum(["https", "http"], "expected https or http").default("https"),
  ),
  HOST: optionalText.pipe(z.string().default("localhost")),
  PORT: optionalText.pipe(port.optional()).transform((value) => value ?? 3000),
  OPS_HOST: optionalText.pipe(z.string().default(DEFAULT_OPS_ADDRESS.host)),
  OPS_PORT: optionalText
    .pipe(port.optional())
    .transform((value) => value ?? DEFAULT_OPS_ADDRESS.port),
  LOG_LEVEL: optionalText.pipe(
    z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  ),
  NODE_ENV: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url("expected an http(s) URL").optional()),
  OPENAI_MODEL: optionalText.pipe(z.string().default("gpt-4.1-mini")),
  OPENAI_CODE_MODEL: optionalText,
  DOCKER_HOST: optionalText.pipe(dockerHost.optional()),
  MCP_SERVERS: optionalText,
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/.+/,
        "expected a PostgreSQL URL such as postgres://user:pass@host:5432/db",
      )
      .optional(),
  ),
  DATA_DIR: optionalText.pipe(z.string().default("./data")),
  APP_ROLE: optionalText.pipe(z.enum(["all", "web", "worker"]).default("all")),
  PREFLIGHT_INTERVAL_SEC: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, "expected a number of seconds (0 turns the checks off)")
      .transform(Number)
      .optional(),
  ),
  ANALYSIS_RATE_LIMIT: optionalText.pipe(
    z
      .string()
      .regex(/^[1-9]\d*$/, "expected a positive integer (re-analyses of one issue per hour)")
      .transform(Number)
      .optional(),
  ),
  SANDBOX_DISK_MB: optionalText.pipe(
    z
      .string()
      .regex(/^[1-9]\d*$/, "expected a positive integer (megabytes)")
      .transform(Number)
      .pipe(z.number().min(16, "expected at least 16 (megabytes)"))
      .optional(),
  ),
  SANDBOX_EGRESS_ALLOW: optionalText,
  SHUTDOWN_TIMEOUT_MS: optionalText.pipe(
    z.string().regex(/^\d+$/, "expected a number of milliseconds").transform(Number).optional(),
  ),
  WORKER_CONCURRENCY: optionalText.pipe(positiveInteger.optional()),
  SANDBOX_MAX_CPUS: optionalText.pipe(positiveNumber.optional()),
  SANDBOX_MAX_MEMORY_MB: optionalText.pipe(positiveInteger.optional()),
  SANDBOX_MAX_PIDS: optionalText.pipe(positiveInteger.optional()),
  SANDBOX_MAX_TIMEOUT_SEC: optionalText.pipe(positiveInteger.optional()),
  SANDBOX_ALLOW_INSTALL_NETWORK: optionalText.pipe(yesNo.optional()),
  ALLOWED_MODELS: optionalText.pipe(list.optional()),
  MAX_MODULES: optionalText.pipe(positiveInteger.optional()),
  PLAN_EDIT_INTERVAL_SEC: optionalText.pipe(
    z.string().regex(/^\d+$/, "expected a number of seconds").transform(Number).optional(),
  ),
  PROTECTED_PATHS_EXTRA: optionalText.pipe(list.optional()),
  PROTECTED_PATHS_REPO_MAY_UNPROTECT: optionalText.pipe(list.optional()),
});

export type LlmConfig = {
  apiKey: string;
  baseURL: string | undefined;
  /** Model for analysis and planning. */
  model: string;
  /** Model for code generation and fixing. */
  codeModel: string;
};

export type ServerConfig = {
  host: string;
  port: number;
  webhookPath: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
};

export type AppConfig = {
  mode: "app";
  appId: number;
  privateKey: string;
  webhookSecret: string;
  githubBaseUrl: string | undefined;
  server: ServerConfig;
  llm: LlmConfig;
  dockerHost: string | undefined;
  /** MCP servers for more stacks; operator config only, as a stdio entry runs a command. */
  mcpServers: ExternalServer[];
  /** Where jobs and run state live: PostgreSQL when set, else a SQLite file in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Jobs (issues) worked on at once by this process. */
  workerConcurrency: number;
  /** How many times comments and edits may re-analyse one issue in an hour. */
  analysisRateLimit: number;
  /** `web` receives and enqueues webhooks, `worker` processes jobs, `all` (default) both. */
  role: "all" | "web" | "worker";
  /** After SIGTERM, how long running steps get to finish before they are aborted. */
  shutdownTimeoutMs: number;
  /** How often the Docker engine, the LLM endpoint and the database are checked; 0: never. */
  preflightIntervalSec: number;
  /** Sandbox limits that are the operator's alone (docs/security.md). */
  sandbox?: { diskMb: number | undefined; egressAllow: readonly string[] };
  /** The ops listener (`/metrics`, detailed `/healthz`); loopback unless the operator opens it. */
  ops?: OpsAddress;
  /** The ceilings and allowances every repository's config is bounded by. */
  policy: OperatorPolicy;
};

/** No credentials yet: Probot serves its GitHub App manifest setup page. */
export type SetupConfig = { mode: "setup"; server: ServerConfig };

export type Config = AppConfig | SetupConfig;

type ReadFile = (path: string) => string;

/**
 * Validates the process environment. With no APP_ID and no private key (outside production)
 * the app starts in setup mode; otherwise every problem is collected and thrown together so
 * the operator fixes them in one go.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: ReadFile = (path) => readFileSync(path, "utf8"),
  hostCpus: number = availableParallelism(),
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const vars = parsed.data;
  const server: ServerConfig = {
    host: vars.HOST,
    port: vars.PORT,
    webhookPath: vars.WEBHOOK_PATH,
    logLevel: vars.LOG_LEVEL,
  };
  const hasCredentials = vars.APP_ID !== undefined || vars.PRIVATE_KEY || vars.PRIVATE_KEY_PATH;
  if (!hasCredentials && vars.NODE_ENV !== "production") return { mode: "setup", server };

  const problems: string[] = [];
  if (vars.APP_ID === undefined) {
    problems.push(
      "APP_ID: missing; set it to your GitHub App's ID (see README, 'Register the app')",
    );
  }
  const privateKey = readPrivateKey(vars.PRIVATE_KEY, vars.PRIVATE_KEY_PATH, readFile, problems);
  if (!vars.WEBHOOK_SECRET) {
    problems.push("WEBHOOK_SECRET: missing; set it to the webhook secret of your GitHub App");
  }
  if (!vars.OPENAI_API_KEY) {
    problems.push(
      "OPENAI_API_KEY: missing; set it to the key of your OpenAI-compatible endpoint (any non-empty value if it needs none)",
    );
  }
  const mcpServers = readMcpServers(vars.MCP_SERVERS, problems);
  const egressAllow = readEgressAllow(vars.SANDBOX_EGRESS_ALLOW, problems);
  if (problems.length > 0 || vars.APP_ID === undefined || !privateKey) {
    throw new ConfigError(problems);
  }
  const llm = {
    apiKey: vars.OPENAI_API_KEY ?? "",
    baseURL: vars.OPENAI_BASE_URL,
    model: vars.OPENAI_MODEL,
    codeModel: vars.OPENAI_CODE_MODEL ?? vars.OPENAI_MODEL,
  };
  return {
    mode: "app",
    appId: vars.APP_ID,
    privateKey,
    webhookSecret: vars.WEBHOOK_SECRET ?? "",
    githubBaseUrl: vars.GHE_HOST ? `${vars.GHE_PROTOCOL}://${vars.GHE_HOST}/api/v3` : undefined,
    server,
    llm,
    dockerHost: vars.DOCKER_HOST,
    mcpServers,
    databaseUrl: vars.DATABASE_URL,
    dataDir: vars.DATA_DIR,
    workerConcurrency: vars.WORKER_CONCURRENCY ?? 2,
    analysisRateLimit: vars.ANALYSIS_RATE_LIMIT ?? 5,
    role: vars.APP_ROLE,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 30_000,
    preflightIntervalSec: vars.PREFLIGHT_INTERVAL_SEC ?? 60,
    sandbox: { diskMb: vars.SANDBOX_DISK_MB, egressAllow },
    ops: { host: vars.OPS_HOST, port: vars.OPS_PORT },
    policy: operatorPolicy(vars, llm, hostCpus, mcpServers),
  };
}

function operatorPolicy(
  vars: z.infer<typeof envSchema>,
  llm: LlmConfig,
  hostCpus: number,
  mcpServers: readonly ExternalServer[],
): OperatorPolicy {
  const defaults = defaultOperatorPolicy(llm, hostCpus);
  return {
    sandbox: {
      maxCpus: vars.SANDBOX_MAX_CPUS ?? defaults.sandbox.maxCpus,
      maxMemoryMb: vars.SANDBOX_MAX_MEMORY_MB ?? defaults.sandbox.maxMemoryMb,
      maxPids: vars.SANDBOX_MAX_PIDS ?? defaults.sandbox.maxPids,
      maxTimeoutSec: vars.SANDBOX_MAX_TIMEOUT_SEC ?? defaults.sandbox.maxTimeoutSec,
      installNetworkAllowed:
        vars.SANDBOX_ALLOW_INSTALL_NETWORK ?? defaults.sandbox.installNetworkAllowed,
    },
    // The operator's own models are always allowed: they are what a run falls back to.
    allowedModels: [...new Set([...defaults.allowedModels, ...(vars.ALLOWED_MODELS ?? [])])],
    maxModules: vars.MAX_MODULES ?? defaults.maxModules,
    planEditIntervalSec: vars.PLAN_EDIT_INTERVAL_SEC ?? defaults.planEditIntervalSec,
    protectedPaths: [...DEFAULT_PROTECTED_PATHS, ...(vars.PROTECTED_PATHS_EXTRA ?? [])],
    repoMayUnprotect: vars.PROTECTED_PATHS_REPO_MAY_UNPROTECT ?? defaults.repoMayUnprotect,
    languages: stackLanguages(mcpServers),
  };
}

function readEgressAllow(text: string | undefined, problems: string[]): readonly string[] {
  if (text === undefined) return DEFAULT_EGRESS_ALLOW;
  try {
    return parseEgressAllow(text);
  } catch (error) {
    problems.push(
      `SANDBOX_EGRESS_ALLOW: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [];
  }
}

function readMcpServers(text: string | undefined, problems: string[]): ExternalServer[] {
  if (!text) return [];
  try {
    return parseExternalServers(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError)
      problems.push(`MCP_SERVERS: not valid JSON (${error.message})`);
    else if (error instanceof ExternalServerConfigError) {
      const entries = error.message.split("\n").slice(1);
      problems.push(
        `MCP_SERVERS: ${entries.map((entry) => entry.replace(/^\s*-\s*/, "")).join("; ")}`,
      );
    } else throw error;
    return [];
  }
}

const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/;

function readPrivateKey(
  inline: string | undefined,
  path: string | undefined,
  readFile: ReadFile,
  problems: string[],
): string | undefined {
  if (inline) {
    // Environment files often carry the key on one line with literal "\n".
    const key = inline.replace(/\\n/g, "\n");
    if (PEM.test(key)) return key;
    const decoded = Buffer.from(inline, "base64").toString("utf8");
    if (PEM.test(decoded)) return decoded;
    problems.push(
      "PRIVATE_KEY: not a PEM private key (expected '-----BEGIN RSA PRIVATE KEY-----')",
    );
    return undefined;
  }
  if (path) {
    let key: string;
    try {
      key = readFile(path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(`PRIVATE_KEY_PATH: cannot read ${path} (${reason})`);
      return undefined;
    }
    if (PEM.test(key)) return key;
    problems.push(`PRIVATE_KEY_PATH: ${path} does not contain a PEM private key`);
    return undefined;
  }
  problems.push(
    "PRIVATE_KEY or PRIVATE_KEY_PATH: missing; download the private key from your GitHub App's settings",
  );
  return undefined;
}
