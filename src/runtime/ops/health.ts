import type { PartReport } from "../../preflight/types.ts";

export type PartHealth =
  | { ok: true; detail?: string }
  | { ok: false; detail: string; setting: string; fix: string };

/**
 * `/healthz`'s body: `ok`, `degraded` (a part generation needs is down; webhooks are still
 * taken and queued) or `unavailable` (the queue's database does not answer: 503).
 */
export type Health = {
  status: "ok" | "degraded" | "unavailable";
  parts: Record<string, PartHealth>;
};

export function healthOf(queueAnswers: boolean, reports: readonly PartReport[]): Health {
  const parts: Record<string, PartHealth> = {
    queue: queueAnswers
      ? { ok: true }
      : {
          ok: false,
          detail: "the queue's database does not answer",
          setting: "DATABASE_URL or DATA_DIR",
          fix: "see the database part and the log",
        },
  };
  for (const report of reports) {
    parts[report.part] = report.ok
      ? { ok: true, detail: report.detail }
      : { ok: false, detail: report.detail, setting: report.setting, fix: report.fix };
  }
  const allUp = Object.values(parts).every((part) => part.ok);
  return { status: !queueAnswers ? "unavailable" : allUp ? "ok" : "degraded", parts };
}
