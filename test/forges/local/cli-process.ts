import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { LLM_BASE_URL } from "../../helpers/llm.ts";

const BIN = fileURLToPath(new URL("../../../bin/codegen.mjs", import.meta.url));

export type CliResult = { code: number | null; stdout: string; stderr: string };

/**
 * `codegen run …` as a user runs it: its own process, in `cwd`, with the model behind
 * `llmUrl` (a bridge to this process's nock). Asynchronous, so this process keeps answering
 * the bridge while the child runs.
 */
export function runCli(
  args: readonly string[],
  options: { cwd: string; llmUrl?: string; env?: Record<string, string> },
): Promise<CliResult> & { child: ReturnType<typeof spawn> } {
  const child = spawn(process.execPath, [BIN, "run", ...args], {
    cwd: options.cwd,
    env: cliEnv(options.llmUrl, options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliResult>((resolve) => {
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
  return Object.assign(done, { child });
}

/** The environment a user sets: the endpoint, a key and a model; nothing of the test's own. */
export function cliEnv(llmUrl: string | undefined, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    TESTCONTAINERS_RYUK_DISABLED: "true",
    OPENAI_API_KEY: "sk-test",
    OPENAI_MODEL: "test-model",
    ...(llmUrl ? { OPENAI_BASE_URL: `${llmUrl}/v1` } : {}),
    ...extra,
  };
}

/** The endpoint's model list, which the command checks before it starts. */
export function mockModelList(models: readonly string[] = ["test-model"]): void {
  nock(LLM_BASE_URL)
    .get("/models")
    .reply(200, {
      object: "list",
      data: models.map((id) => ({ id, object: "model", created: 1_764_000_000, owned_by: "test" })),
    });
}
