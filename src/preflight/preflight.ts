import type { Check, PartDown, PartName, PartReport } from "./types.ts";

export type PreflightLog = {
  error(fields: object, message: string): void;
  info(fields: object, message: string): void;
};

export type Preflight = {
  /** Runs every check now; logs each part that went down (once) or came back. */
  check(): Promise<PartReport[]>;
  /** The latest report per part; empty until the first check finishes. */
  reports(): PartReport[];
  /** The first of `parts` the latest check found down, if any. */
  unavailable(parts: readonly PartName[]): PartDown | null;
  /** Repeats the checks every `intervalMs` until `stop()`. */
  start(intervalMs: number): void;
  stop(): void;
};

/** One clear line: what failed, the setting involved, how to fix it. */
export function failureLine(report: PartDown): string {
  return `${report.part}: ${report.detail}. Setting: ${report.setting}. Fix: ${report.fix}.`;
}

export function createPreflight(checks: readonly Check[], log: PreflightLog): Preflight {
  const latest = new Map<PartName, PartReport>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const record = (report: PartReport) => {
    const before = latest.get(report.part);
    latest.set(report.part, report);
    if (!report.ok) {
      if (before?.ok === false && before.detail === report.detail) return;
      log.error({ preflight: report.part, setting: report.setting }, failureLine(report));
    } else if (before?.ok === false) {
      log.info({ preflight: report.part }, `${report.part} is back: ${report.detail}`);
    }
  };

  const preflight: Preflight = {
    async check() {
      const reports = await Promise.all(checks.map((check) => check()));
      for (const report of reports) record(report);
      return reports;
    },
    reports: () => [...latest.values()],
    unavailable(parts) {
      for (const part of parts) {
        const report = latest.get(part);
        if (report && !report.ok) return report;
      }
      return null;
    },
    start(intervalMs) {
      stopped = false;
      const runOnce = () =>
        preflight
          .check()
          .catch((error: unknown) => log.error({ err: error }, "preflight: a check crashed"))
          .finally(again);
      const again = () => {
        if (stopped) return;
        timer = setTimeout(runOnce, intervalMs);
        timer.unref();
      };
      void runOnce();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
  return preflight;
}
