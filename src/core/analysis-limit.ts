import type { ReanalysisRequest, RunState } from "./types.ts";

const HOUR_MS = 3_600_000;

export type LimitDecision =
  | { allowed: true; analyses: string[] }
  /** `notify`: the first refusal in this window, worth one comment. */
  | { allowed: false; notify: boolean; nextAt: string; windowStart: string };

/**
 * Re-analyses started in the hour before `at` are counted; at the limit the request waits.
 * Each model call is paid by the operator, so a commenter cannot buy one per comment.
 */
export function checkAnalysisLimit(state: RunState, request: ReanalysisRequest): LimitDecision {
  const at = Date.parse(request.at);
  const recent = (state.analyses ?? []).filter((time) => at - Date.parse(time) < HOUR_MS);
  if (recent.length < request.limit.perHour) {
    return { allowed: true, analyses: [...recent, request.at] };
  }
  const windowStart = recent[0] ?? request.at;
  return {
    allowed: false,
    notify: state.analysisLimitNoticed !== windowStart,
    nextAt: new Date(
      Math.ceil((Date.parse(windowStart) + HOUR_MS) / 60_000) * 60_000,
    ).toISOString(),
    windowStart,
  };
}
