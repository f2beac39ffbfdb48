import { z } from "zod";

/**
 * The stack contract: how the sandbox builds and tests one stack's modules. An external MCP
 * server's `toolchain` tool answers with this JSON (docs/mcp.md, "The external stack
 * contract"); the built-in stacks are described by the same shape, with a few fields of their
 * own on top (`baseImage`, `dependencyManifests`, `installOutputs`, `testOutput` and their
 * runners' report formats).
 */

/** Reports the built-in runners write under TEST_REPORT_DIR, each read by its stack's reader. */
export const RUNNER_REPORT_FORMATS = [
  "pytest-junit",
  "node-junit",
  "junit-platform",
  "go-test-json",
] as const;
export type RunnerReportFormat = (typeof RUNNER_REPORT_FORMATS)[number];

/** Console parsers of the built-in runners: the fallback when there is no report. */
export const CONSOLE_FORMATS = ["pytest", "node-test", "junit-console", "go-test"] as const;
export type ConsoleFormat = (typeof CONSOLE_FORMATS)[number];

/** Where the runner formats' reports go; the sandbox empties it before each test phase. */
export const TEST_REPORT_DIR = "/tmp/test-reports";

/**
 * A path in the work dir, as a shell word needing no quotes: the sandbox removes it before the
 * test phase (a stale report must never stand for this attempt) and reads it after.
 */
const reportPath = z
  .string()
  .trim()
  .max(200)
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/,
    "a relative path in the work dir: letters, digits, '.', '_', '-' and '/'",
  )
  .refine(
    (path) => !path.split("/").some((part) => part === ".." || part === "."),
    "must not contain '.' or '..' segments",
  );

export const testReportSchema = z.union([
  z.strictObject({ format: z.literal("junit"), path: reportPath }),
  z.strictObject({ format: z.literal("exit-code") }),
  z.strictObject({ format: z.enum(RUNNER_REPORT_FORMATS) }),
]);
export type TestReportSpec = z.infer<typeof testReportSchema>;

export const limitsSchema = z.strictObject({
  cpus: z.number().positive(),
  memoryMb: z.number().int().positive(),
  pids: z.number().int().positive(),
  /** Wall-clock limit per phase (install, build, test). */
  phaseTimeoutSec: z.number().int().positive(),
});
export type SandboxLimits = z.infer<typeof limitsSchema>;

/** What a stack gets when its toolchain names no limits; the operator's ceilings still apply. */
export const DEFAULT_LIMITS: SandboxLimits = {
  cpus: 1,
  memoryMb: 512,
  pids: 128,
  phaseTimeoutSec: 120,
};

const command = z.string().trim().min(1).max(10_000);

export const toolchainSchema = z.strictObject({
  /** The stack's name, as MCP_SERVERS and plans use it (lower case). */
  language: z.string().trim().toLowerCase().min(1).max(64),
  /** The image's Dockerfile, as text: built on the operator's engine, cached by its hash. */
  dockerfile: z
    .string()
    .min(1)
    .max(64_000)
    .refine((text) => /^\s*FROM\s/im.test(text), "a Dockerfile's text, with a FROM line"),
  /** The Dockerfile's `ARG BASE` (built-in stacks: the image it builds on). */
  baseImage: z.string().min(1).optional(),
  /** Run in the work dir; the only phase that may get network (repository config). */
  install: command.nullable(),
  /** Files whose change re-runs `install`; while they stay the same, install is skipped. */
  dependencyManifests: z.array(z.string().min(1)).max(20).readonly().optional(),
  /** Where `install` puts dependencies, under /sandbox; copied back from a networked install. */
  installOutputs: z
    .array(z.string().regex(/^\/sandbox\/[A-Za-z0-9._/-]+$/, "an absolute path under /sandbox/"))
    .max(10)
    .readonly()
    .optional(),
  build: command,
  test: command,
  /** How the test phase's results are read: a JUnit XML file, or its exit code only. */
  testReport: testReportSchema,
  /** A built-in runner's console parser, for counts and errors when there is no report. */
  testOutput: z.enum(CONSOLE_FORMATS).optional(),
  /** Each at most the operator's ceiling; missing ones take DEFAULT_LIMITS. */
  limits: limitsSchema.partial().optional(),
});
export type Toolchain = z.infer<typeof toolchainSchema>;
