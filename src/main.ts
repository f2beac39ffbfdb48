import OpenAI from "openai";
import { run } from "probot";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config/env.ts";
import { createSandboxSessions } from "./github/sandbox-sessions.ts";
import { createLlm } from "./llm/client.ts";
import { createMcpRouter } from "./mcp/index.ts";
import { createDockerSandbox } from "./sandbox/index.ts";
import { createServer } from "./server.ts";
import { createMemoryRunStore } from "./store/memory-run-store.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    fail(`${error.message}\nSee .env.example and README.md ("Configuration").`);
  }
  throw error;
}

if (config.mode === "setup") {
  // Probot's manifest flow serves the "Register GitHub App" page and writes .env; the app
  // itself is not loaded until the process restarts with credentials.
  await run(() => {});
} else {
  if (config.dockerHost) process.env.DOCKER_HOST = config.dockerHost;
  const openai = new OpenAI({ apiKey: config.llm.apiKey, baseURL: config.llm.baseURL });
  const router = createMcpRouter({
    llm: { client: openai, model: config.llm.codeModel },
    external: config.mcpServers,
  });
  const sandbox = createDockerSandbox({ log: (message) => console.info(`[sandbox] ${message}`) });
  // Containers left by a crashed process are removed before new ones start.
  await sandbox.reapStale().catch((error: unknown) => {
    console.warn(`Could not reach the Docker engine to reap old sandboxes: ${String(error)}`);
  });
  const server = createServer(config);
  await server.load(
    createApp({
      llm: createLlm(openai, config.llm.model),
      store: createMemoryRunStore(),
      router,
      sessions: createSandboxSessions(sandbox),
    }),
  );
  await server.start();
  const stop = async (signal: string) => {
    console.info(`${signal} received, stopping`);
    await server.stop();
    await Promise.allSettled([sandbox.close(), router.close()]);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
