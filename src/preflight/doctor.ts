import { ConfigError, loadConfig } from "../config/env.ts";
import { preflightChecks } from "./index.ts";
import { checkSandbox } from "./sandbox-check.ts";
import type { PartReport } from "./types.ts";

type Row = { part: string; status: "ok" | "FAIL" | "skipped"; detail: string; fix: string };

/**
 * `codegen doctor`: the start-up checks, run once, as a table (part, status, detail, fix).
 * Returns the exit code: 0 when every part is well, 1 otherwise.
 */
export async function runDoctor(
  env: Record<string, string | undefined>,
  write: (text: string) => void,
): Promise<number> {
  const rows: Row[] = [];
  let reports: PartReport[];
  try {
    const config = loadConfig(env);
    if (config.mode === "app") {
      rows.push({ part: "config", status: "ok", detail: "every setting is valid", fix: "" });
      if (config.dockerHost) process.env.DOCKER_HOST = config.dockerHost;
      reports = await Promise.all(preflightChecks({ ...config, role: "all" }).map((c) => c()));
    } else {
      rows.push({
        part: "config",
        status: "FAIL",
        detail: "no GitHub App credentials yet (APP_ID, PRIVATE_KEY)",
        fix: "run `npm start`, open http://localhost:3000 and register the app; it writes .env",
      });
      reports = [await checkSandbox()];
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    rows.push({
      part: "config",
      status: "FAIL",
      detail: error.problems.join("; "),
      fix: "see .env.example and README.md (Configuration)",
    });
    reports = [];
  }
  for (const report of reports) {
    rows.push(
      report.ok
        ? { part: report.part, status: "ok", detail: report.detail, fix: "" }
        : {
            part: report.part,
            status: "FAIL",
            detail: report.detail,
            fix: `${report.fix} (setting: ${report.setting})`,
          },
    );
  }
  for (const part of ["sandbox", "llm"]) {
    if (!rows.some((row) => row.part === part)) {
      rows.push({ part, status: "skipped", detail: "needs a valid configuration", fix: "" });
    }
  }
  write(table(rows));
  return rows.every((row) => row.status === "ok") ? 0 : 1;
}

function table(rows: Row[]): string {
  const header: Row = { part: "part", status: "ok", detail: "detail", fix: "fix" };
  const cells = [header, ...rows].map((row, index) => [
    row.part,
    index === 0 ? "status" : row.status,
    row.detail,
    row.fix,
  ]);
  const widths = [0, 1, 2].map((column) =>
    Math.max(...cells.map((cell) => (cell[column] ?? "").length)),
  );
  return cells
    .map((cell) =>
      cell
        .map((text, column) => (column < 3 ? text.padEnd(widths[column] ?? 0) : text))
        .join("  ")
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join("");
}
