import { availableParallelism } from "node:os";
import { defaultOperatorPolicy, sandboxCeilings } from "../../src/config/operator-policy.ts";
import { createMcpRouter, parseExternalServers } from "../../src/mcp/index.ts";
import { createMemoryRunStore } from "../../src/persistence/run-store/memory-run-store.ts";
import { type AppDeps, createApp } from "../../src/runtime/app.ts";
import { createKeySerializer } from "../../src/runtime/key-serializer.ts";
import { createDockerSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { createSandboxSessions } from "../../src/sandbox/sessions.ts";
import { createStackRegistry } from "../../src/stacks/registry.ts";
import { testLlm, testOpenAI } from "./llm.ts";
import { TEST_APP_ID } from "./probot.ts";

/**
 * The whole app as production wires it, with the LLM at the nock-mocked endpoint: real MCP
 * servers in process, the real Docker sandbox (containers start only when a module builds).
 */
/** The operator policy a default environment gives, for the test models. */
export function testPolicy() {
  return {
    ...defaultOperatorPolicy(
      { model: "test-model", codeModel: "test-code-model" },
      availableParallelism(),
    ),
    // Every module status change shown: counts of plan edits do not depend on timing.
    planEditIntervalSec: 0,
  };
}

export type TestAppOptions = Partial<Pick<AppDeps, "defer" | "isRetry" | "store" | "policy">> & {
  /** Fault injection around the real sandbox (a Docker hiccup), for failure-path tests. */
  wrapSandbox?: (sandbox: Sandbox) => Sandbox;
  /** The operator's MCP servers (MCP_SERVERS), validated as the environment's are. */
  mcpServers?: unknown[];
};

export function testApp(options: TestAppOptions = {}) {
  const store = options.store ?? createMemoryRunStore();
  const serializer = createKeySerializer();
  const external = parseExternalServers(options.mcpServers ?? []);
  // Wired as startApp does: one registry of stacks, which routing and the runs follow.
  const stacks = createStackRegistry({
    external,
    fetchToolchain: (language) => router.toolchain(language),
  });
  const router = createMcpRouter({
    llm: { client: testOpenAI(), model: "test-code-model" },
    external,
    stacks,
  });
  const policy = options.policy ?? { ...testPolicy(), languages: stacks.languages() };
  const sandbox = createDockerSandbox({ ceilings: sandboxCeilings(policy) });
  const sessions = createSandboxSessions(options.wrapSandbox?.(sandbox) ?? sandbox);
  const { wrapSandbox: _wrap, mcpServers: _servers, ...deps } = options;
  const { app, runStep } = createApp({
    appId: TEST_APP_ID,
    llm: testLlm(),
    store,
    router,
    sessions,
    stacks,
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
