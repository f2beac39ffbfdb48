/** The built-in stacks. Adding one is a folder under src/stacks/ (profile, Dockerfile, readers). */
export const LANGUAGE_IDS = ["python", "node", "java", "go"] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

import type { ConsoleFormat, SandboxLimits, Toolchain } from "./toolchain.ts";

export type {
  ConsoleFormat,
  RunnerReportFormat,
  SandboxLimits,
  TestReportSpec,
  Toolchain,
} from "./toolchain.ts";
export { TEST_REPORT_DIR } from "./toolchain.ts";

export type LanguageProfile = {
  id: LanguageId;
  displayName: string;
  /** Names a plan or a human may use for this stack, lower case ("ts", "golang", "py"). */
  aliases: readonly string[];
  /** Frameworks that run on this stack, so a module's framework also routes it here. */
  frameworks: readonly string[];
  /** Files whose presence at the repo root says the repo already uses this stack. */
  markers: readonly string[];
  /** Layout rules every generated module follows; shown to the model and checked in review. */
  conventions: readonly string[];
  toolchain: BuiltinToolchain;
};

/** A built-in stack's toolchain: the contract, with its image base, console parser and limits set. */
export type BuiltinToolchain = Toolchain & {
  baseImage: string;
  testOutput: ConsoleFormat;
  limits: SandboxLimits;
};
