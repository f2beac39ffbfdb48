import type { SandboxLimits, Toolchain } from "../stacks/toolchain.ts";

export type { SandboxLimits, Toolchain };

/** A file of the module, with a path relative to the work dir. */
export type SandboxFile = { path: string; content: string };

export type PhaseName = "install" | "build" | "test";

export type PhaseResult = {
  phase: PhaseName;
  status: "passed" | "failed" | "timeout" | "skipped";
  exitCode: number | null;
  durationMs: number;
  /** Bounded tails; `truncated` says whether anything was cut (the text then starts with a note). */
  stdout: string;
  stderr: string;
  truncated: boolean;
  /**
   * A resource limit the phase ran into: memory and pids from the container's cgroup counters,
   * disk when the /sandbox tmpfs is full.
   */
  limitReached: "memory" | "pids" | "disk" | null;
};

export type ParsedError = {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
  /** The failing test, when the error is a test failure read from the runner's report. */
  test?: string;
};

export type TestCounts = { passed: number; failed: number; skipped: number };

/** The counts of one test file (relative to the work dir), from the runner's report. */
export type FileTestCounts = TestCounts & { file: string };

export type SandboxFailure = "install" | "build" | "test" | "timeout" | "oom";

export type SandboxResult = {
  ok: boolean;
  phases: PhaseResult[];
  tests: TestCounts | null;
  /** Per test file; empty when the counts came from the console output. */
  testsByFile: FileTestCounts[];
  /** Where `tests` came from: the runner's report, its console output, or nowhere. */
  testsFrom: "report" | "console" | null;
  errors: ParsedError[];
  durationMs: number;
  failure: SandboxFailure | null;
};

export type SessionOptions = {
  toolchain: Toolchain;
  /** Identify the container (labels) so a human or the reaper can tell what it belongs to. */
  labels: { run: string; module: string };
  limits?: Partial<SandboxLimits>;
  /** Let the install phase reach the network (repo config; default off). */
  allowInstallNetwork?: boolean;
  /** Overrides the toolchain's `BASE` image, e.g. an official language image. */
  baseImage?: string;
};

/** `signal` ends the running command and the run, which rejects with the signal's reason. */
export type RunOptions = { signal?: AbortSignal | undefined };

export interface SandboxSession {
  /** Syncs the files into the warm container (changed ones only) and runs install, build, test. */
  run(files: readonly SandboxFile[], options?: RunOptions): Promise<SandboxResult>;
  /** Removes the session's container. Idempotent. */
  close(): Promise<void>;
}

export interface Sandbox {
  openSession(options: SessionOptions): Promise<SandboxSession>;
  /**
   * Removes what crashed app instances left (of one run if given), except this sandbox's own:
   * containers whose owner process on this host is gone, exited ones, and any older than
   * `maxAgeMs`. Returns how many.
   */
  reapStale(maxAgeMs?: number, options?: { run?: string }): Promise<number>;
  /** Removes every container this sandbox opened (app shutdown). */
  close(): Promise<void>;
}
