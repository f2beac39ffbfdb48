import type { SandboxFile } from "../types.ts";

/** A file the test command wrote under the report directory (path relative to it). */
export type ReportFile = { path: string; content: string };

/** One test as its runner reported it. `file` is relative to the work dir, or "" if unknown. */
export type ReportedTest = {
  name: string;
  file: string;
  outcome: "passed" | "failed" | "skipped";
  /** Where it failed, in the test file; null when the report does not say. */
  line: number | null;
  message: string | null;
};

export type ReportContext = {
  /** The module's files as synced, for runners whose report names packages, not files. */
  files: readonly SandboxFile[];
  /** The test phase's console output, for what a report leaves out. */
  output: string;
};

export type RunnerReport = {
  tests: ReportedTest[];
  /** Text the runner would have printed, when the report replaced its console (go test -json). */
  console: string | null;
};
