import type { AppConfig } from "../config/env.ts";
import { checkDatabase } from "./database-check.ts";
import { createLlmCheck } from "./llm-check.ts";
import { checkSandbox } from "./sandbox-check.ts";
import type { Check } from "./types.ts";

export { createPreflight, failureLine, type Preflight } from "./preflight.ts";
export type { PartDown, PartName, PartReport } from "./types.ts";

type PreflightConfig = Pick<AppConfig, "llm" | "databaseUrl" | "role">;

/**
 * The checks for what this process needs: its database always (PostgreSQL mode), the
 * sandbox and the LLM only where jobs are processed (not in the `web` role).
 */
export function preflightChecks(config: PreflightConfig): Check[] {
  const checks: Check[] = [];
  if (config.role !== "web") {
    checks.push(
      checkSandbox,
      createLlmCheck({
        apiKey: config.llm.apiKey,
        baseURL: config.llm.baseURL,
        models: [
          { name: config.llm.model, setting: "OPENAI_MODEL" },
          { name: config.llm.codeModel, setting: "OPENAI_CODE_MODEL" },
        ],
      }),
    );
  }
  const databaseUrl = config.databaseUrl;
  if (databaseUrl) checks.push(() => checkDatabase(databaseUrl));
  return checks;
}
