import type { BuildSummary, TestCounts } from "../core/types.ts";

/**
 * A module's own tests, then whether the earlier modules' still pass:
 * "13 passed, 0 failed · earlier modules: 8 passed". Null when nothing was counted.
 */
export function testsText(build: BuildSummary | null | undefined): string | null {
  const tests = build?.tests;
  if (!tests) return null;
  const own = `${tests.passed} passed, ${tests.failed} failed`;
  const earlier = build.earlierTests;
  return earlier ? `${own} · earlier modules: ${earlierText(earlier)}` : own;
}

function earlierText(counts: TestCounts): string {
  return counts.failed > 0
    ? `${counts.passed} passed, ${counts.failed} failed`
    : `${counts.passed} passed`;
}
