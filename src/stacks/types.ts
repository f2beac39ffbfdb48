/** The built-in stacks. Adding one is a folder under src/stacks/ (profile, Dockerfile, readers). */
export const LANGUAGE_IDS = ["python", "node", "java", "go"] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/** How the sandbox reads a test runner's console output into counts and errors (the fallback). */
export type TestOutputFormat = "pytest" | "node-test" | "junit-console" | "go-test";

/** The structured report a test runner writes itself, under `TEST_REPORT_DIR`. */
export type TestReportFormat = "pytest-junit" | "node-junit" | "junit-platform" | "go-test-json";

/** Where `test` commands write their reports; the sandbox empties it before each test phase. */
export const TEST_REPORT_DIR = "/tmp/test-reports";

export type SandboxLimits = {
  cpus: number;
  memoryMb: number;
  pids: number;
  /** Wall-clock limit per phase (install, build, test). */
  phaseTimeoutSec: number;
};

/** What the sandbox needs to build and test a module of one language. */
export type Toolchain = {
  language: LanguageId;
  /** The image's Dockerfile, as text; a built-in's takes `ARG BASE`. Images are cached by its hash. */
  dockerfile: string;
  /** The default `BASE` (works with no registry); repo config may pick an official image. */
  baseImage: string;
  /** Shell commands run in the work dir; `install` is the only phase that may get network. */
  install: string | null;
  /** Files whose change re-runs `install`; while they stay the same, install is skipped. */
  dependencyManifests?: readonly string[];
  /** Where `install` puts dependencies (absolute); copied back when it ran in its own networked container. */
  installOutputs?: readonly string[];
  build: string;
  test: string;
  testOutput: TestOutputFormat;
  /** The report `test` writes; read first, with the console output as the fallback. */
  testReport?: TestReportFormat;
  limits: SandboxLimits;
};

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
  toolchain: Toolchain;
};
