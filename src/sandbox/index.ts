import "./ryuk-off.ts";

export { createDockerSandbox, type DockerSandboxOptions } from "./docker-sandbox.ts";
export { SandboxError, type SandboxErrorKind } from "./errors.ts";
export { parseOutput } from "./parsers/index.ts";
export type {
  FileTestCounts,
  ParsedError,
  PhaseName,
  PhaseResult,
  Sandbox,
  SandboxFailure,
  SandboxFile,
  SandboxLimits,
  SandboxResult,
  SandboxSession,
  SessionOptions,
  TestCounts,
  Toolchain,
} from "./types.ts";
