import { availableParallelism } from "node:os";
import { defaultOperatorPolicy, sandboxCeilings } from "../../src/config/operator-policy.ts";
import { createMcpRouter } from "../../src/mcp/index.ts";
import { createMemoryRunStore } from "../../src/persistence/run-store/memory-run-store.ts";
import { type AppDeps, createApp } from "../../src/runtime/app.ts";
import { createKeySerializer } from "../../src/runtime/key-serializer.ts";
import { createDockerSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { createSandboxSessions } from "../../src/sandbox/sessions.ts";
import { testLlm, testOpenAI } from "./llm.ts";
import { TEST_APP_ID } from "./probot.ts";

/**
 * The whole app as production wires it, with the LLM at the nock-mocked endpoint: real MCP
 * servers in process, the real Docker sandbox (containers start only when a module builds).
 */
/** The operator policy a default environment gives, for the test models. */
export function testPolicy() {
  return defaultOperatorPolicy(
    { model: "test-model", codeModel: "test-code-model" },
    availableParallelism(),
  );
}

export type TestAppOptions = Partial<Pick<AppDeps, "defer" | "isRetry" | "store" | "policy">> & {
  /** Fault injection around the real sandbox (a Docker hiccup), for failure-path tests. */
  wrapSandbox?: (sandbox: Sandbox) => Sandbox;
};

export function testApp(options: TestAppOptions = {}) {
  const store = options.store ?? createMemoryRunStore();
  const serializer = createKeySerializer();
  const router = createMcpRouter({ llm: { client: testOpenAI(), model: "test-code-model" } });
  const policy = options.policy ?? testPolicy();
  const sandbox = createDockerSandbox({ ceilings: sandboxCeilings(policy) });
  const sessions = createSandboxSessions(options.wrapSandbox?.(sandbox) ?? sandbox);
  const { wrapSandbox: _wrap, ...deps } = options;
  const { app, runStep } = createApp({
    appId: TEST_APP_ID,
    llm: testLlm(),
    store,
    router,
    sessions,
    serializer,
    ...deps,
    policy,
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
