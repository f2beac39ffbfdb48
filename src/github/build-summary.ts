import type { SandboxResult } from "../sandbox/index.ts";
import type { BuildSummary } from "../workflow/types.ts";

const LOG_TAIL_CHARS = 4_000;
const MAX_ERRORS = 50;

/** The part of a sandbox result the run keeps: enough for the fixer, the PR and check runs. */
export function summarizeBuild(result: SandboxResult): BuildSummary {
  const failing = result.phases.find(
    (phase) => phase.status === "failed" || phase.status === "timeout",
  );
  const shown =
    failing ?? result.phases.find((phase) => phase.phase === "test") ?? result.phases.at(-1);
  const output = shown
    ? [shown.stdout, shown.stderr].filter((text) => text.trim() !== "").join("\n")
    : "";
  const limit = failing?.limitReached
    ? `\n[the ${failing.phase} phase hit the ${failing.limitReached} limit]`
    : "";
  const timeout =
    failing?.status === "timeout"
      ? `\n[the ${failing.phase} phase hit its time limit and was killed]`
      : "";
  return {
    ok: result.ok,
    failure: result.failure,
    tests: result.tests,
    phases: result.phases.map((phase) => ({
      phase: phase.phase,
      status: phase.status,
      durationMs: phase.durationMs,
    })),
    logTail: `${output.slice(-LOG_TAIL_CHARS)}${limit}${timeout}`,
    errors: result.errors
      .slice(0, MAX_ERRORS)
      .map((error) => ({ file: error.file, line: error.line, message: error.message })),
    durationMs: result.durationMs,
  };
}
