import type { ModuleProgress, TokenUsage } from "../core/types.ts";
import { testsText } from "./tests-text.ts";

/**
 * The run's results as a Markdown table, one row per module: the pull request body's table
 * on GitHub, the report of a local run. `results` fills the last column (links on GitHub,
 * the commit locally).
 */

export const STATUS_ICON: Readonly<Record<string, string>> = {
  queued: "⏳",
  running: "🔨",
  succeeded: "✅",
  failed: "❌",
  skipped: "⏭",
};

export function totalTokens(usage: TokenUsage): number {
  return usage.promptTokens + usage.completionTokens;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function buildCell(module: ModuleProgress): string {
  if (!module.build) return module.error ? "no build (generator error)" : "—";
  if (module.build.ok) return "✅ passed";
  return `❌ ${module.build.failure ?? "failed"}`;
}

export function moduleTable(
  modules: readonly ModuleProgress[],
  results: (module: ModuleProgress) => string,
): string[] {
  const rows = modules.map(
    (module) =>
      `| \`${module.name}\` | ${STATUS_ICON[module.status] ?? ""} ${module.status} | ${module.attempts} | ${buildCell(module)} | ${testsText(module.build) ?? "—"} | ${seconds(module.durationMs)} | ${totalTokens(module.tokens)} | ${results(module)} |`,
  );
  return [
    "| Module | Status | Attempts | Build | Tests | Duration | Tokens | Results |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ];
}

/** The modules that did not pass, which stay on the branch and fail there. */
export function unfinishedModules(modules: readonly ModuleProgress[]): ModuleProgress[] {
  return modules.filter((module) => module.status === "skipped" || module.status === "failed");
}
