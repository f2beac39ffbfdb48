import OpenAI from "openai";
import { sandboxCeilings } from "../../config/operator-policy.ts";
import { createAnalyzer } from "../../llm/analyzer.ts";
import { createLlm } from "../../llm/client.ts";
import { createMcpRouter } from "../../mcp/index.ts";
import { createRunStore } from "../../persistence/run-store/create-run-store.ts";
import type { DurableRunStore } from "../../persistence/run-store/run-store.ts";
import { checkLlm } from "../../preflight/llm-check.ts";
import { checkSandbox } from "../../preflight/sandbox-check.ts";
import type { Analyzer, CodeGenerator } from "../../run/ports.ts";
import { createDockerSandbox } from "../../sandbox/index.ts";
import { createSandboxSessions, type SandboxSessions } from "../../sandbox/sessions.ts";
import { createStackRegistry, type StackRegistry } from "../../stacks/registry.ts";
import { type LocalSettings, SettingsError } from "./settings.ts";

/** The engine's parts for a local run: the same model client, MCP servers and sandbox. */
export type LocalServices = {
  store: DurableRunStore;
  analyzer: Analyzer;
  generator: CodeGenerator;
  sessions: SandboxSessions;
  stacks: StackRegistry;
  /** Removes containers a killed earlier process left for run `run`; how many. */
  reapLeftovers(run: string): Promise<number>;
  /** Removes the run's containers and stops the MCP servers and the store. */
  close(): Promise<void>;
};

/**
 * The endpoint and the Docker engine answer, or one line says which does not and what to
 * set (the preflight checks `codegen doctor` runs).
 */
export async function checkParts(settings: LocalSettings): Promise<void> {
  const [llm, sandbox] = await Promise.all([
    checkLlm({
      apiKey: settings.llm.apiKey,
      baseURL: settings.llm.baseURL,
      models: [
        { name: settings.llm.model, setting: "OPENAI_MODEL or --model" },
        { name: settings.llm.codeModel, setting: "OPENAI_CODE_MODEL or --model" },
      ],
    }),
    // Only the engine: images are built on first use, as the App does.
    checkSandbox([]),
  ]);
  for (const report of [llm, sandbox]) {
    if (!report.ok) throw new SettingsError(`${report.detail}; ${report.fix}`);
  }
}

export async function startServices(
  settings: LocalSettings,
  sqlitePath: string,
): Promise<LocalServices> {
  const openai = new OpenAI({ apiKey: settings.llm.apiKey, baseURL: settings.llm.baseURL });
  const stacks = createStackRegistry({
    external: [],
    fetchToolchain: (language) => router.toolchain(language),
  });
  const router = createMcpRouter({
    llm: { client: openai, model: settings.llm.codeModel },
    stacks,
  });
  const sandbox = createDockerSandbox({ ceilings: sandboxCeilings(settings.policy) });
  const sessions = createSandboxSessions(sandbox);
  const store = await createRunStore({ sqlitePath });
  return {
    store,
    analyzer: createAnalyzer(createLlm(openai, settings.llm.model)),
    generator: router,
    sessions,
    stacks,
    reapLeftovers: (run) => sandbox.reapStale(undefined, { run }).catch(() => 0),
    async close() {
      await sessions.closeAll().catch(() => undefined);
      await Promise.allSettled([sandbox.close(), router.close(), store.close()]);
    },
  };
}
