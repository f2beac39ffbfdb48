import { type AppDeps, createApp } from "../../src/app.ts";
import { createSandboxSessions } from "../../src/github/sandbox-sessions.ts";
import { createKeySerializer } from "../../src/jobs/key-serializer.ts";
import { createMcpRouter } from "../../src/mcp/index.ts";
import { createDockerSandbox } from "../../src/sandbox/index.ts";
import { createMemoryRunStore } from "../../src/store/memory-run-store.ts";
import { testLlm, testOpenAI } from "./llm.ts";
import { TEST_APP_ID } from "./probot.ts";

/**
 * The whole app as production wires it, with the LLM at the nock-mocked endpoint: real MCP
 * servers in process, the real Docker sandbox (containers start only when a module builds).
 */
export function testApp(options: Partial<Pick<AppDeps, "defer" | "isRetry" | "store">> = {}) {
  const store = options.store ?? createMemoryRunStore();
  const serializer = createKeySerializer();
  const router = createMcpRouter({ llm: { client: testOpenAI(), model: "test-code-model" } });
  const sandbox = createDockerSandbox();
  const sessions = createSandboxSessions(sandbox);
  const { app, runStep } = createApp({
    appId: TEST_APP_ID,
    llm: testLlm(),
    store,
    router,
    sessions,
    serializer,
    ...options,
  });
  return {
    app,
    runStep,
    store,
    serializer,
    sandbox,
    async close() {
      await serializer.idle();
      await sessions.closeAll();
      await Promise.allSettled([sandbox.close(), router.close()]);
    },
  };
}
