import type { BuildSummary, TestCounts } from "../core/types.ts";
import type { SandboxResult } from "../sandbox/index.ts";

const LOG_TAIL_CHARS = 4_000;
const MAX_ERRORS = 50;

/**
 * The part of a sandbox result the run keeps: enough for the fixer, the PR and check runs.
 * `moduleFiles` are the module's own paths: its tests are counted apart from the rest.
 */
export function summarizeBuild(
  result: SandboxResult,
  moduleFiles: readonly string[] = [],
): BuildSummary {
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
    ...ownTests(result, new Set(moduleFiles)),
    phases: result.phases.map((phase) => ({
      phase: phase.phase,
      status: phase.status,
      durationMs: phase.durationMs,
    })),
    logTail: `${output.slice(-LOG_TAIL_CHARS)}${limit}${timeout}`,
    errors: result.errors.slice(0, MAX_ERRORS).map((error) => ({
      file: error.file,
      line: error.line,
      message: error.message,
      ...(error.test === undefined ? {} : { test: error.test }),
    })),
    durationMs: result.durationMs,
  };
}

/** Counts per test file split by owner; without them (console counts) the suite's stand. */
function ownTests(
  result: SandboxResult,
  own: ReadonlySet<string>,
): Pick<BuildSummary, "tests" | "earlierTests"> {
  if (result.testsByFile.length === 0) return { tests: result.tests, earlierTests: null };
  const sum = (owned: boolean): TestCounts =>
    result.testsByFile
      .filter((counts) => own.has(counts.file) === owned)
      .reduce(
        (total, counts) => ({
          passed: total.passed + counts.passed,
          failed: total.failed + counts.failed,
          skipped: total.skipped + counts.skipped,
        }),
        { passed: 0, failed: 0, skipped: 0 },
      );
  const others = result.testsByFile.some((counts) => !own.has(counts.file));
  return { tests: sum(true), earlierTests: others ? sum(false) : null };
}
