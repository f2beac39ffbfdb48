import { checkDatabase } from "./database-check.ts";
import type { PreflightLog } from "./preflight.ts";
import { failureLine } from "./preflight.ts";

/**
 * Without its database the app can neither queue webhooks nor read runs, so in PostgreSQL
 * mode it waits for it: one line saying what is wrong, then a check every `intervalMs`
 * (repeating the line only when the error changes) until it answers.
 */
export async function waitForDatabase(
  databaseUrl: string,
  log: PreflightLog,
  intervalMs: number,
): Promise<void> {
  let last: string | null = null;
  for (;;) {
    const report = await checkDatabase(databaseUrl);
    if (report.ok) {
      if (last !== null) log.info({ preflight: "database" }, `database is back: ${report.detail}`);
      return;
    }
    if (report.detail !== last) {
      log.error(
        { preflight: "database", setting: report.setting },
        `${failureLine(report)} Waiting for it before starting.`,
      );
      last = report.detail;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
