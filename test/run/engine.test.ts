import { describe, expect, it } from "vitest";
import { sandboxCeilings } from "../../src/config/operator-policy.ts";
import type { RunEvent } from "../../src/core/types.ts";
import { createAnalyzer } from "../../src/llm/analyzer.ts";
import { createMcpRouter } from "../../src/mcp/index.ts";
import { createMemoryRunStore } from "../../src/persistence/run-store/memory-run-store.ts";
import { createRunEngine, type StepTarget } from "../../src/run/engine.ts";
import { createKeySerializer } from "../../src/runtime/key-serializer.ts";
import { createDockerSandbox } from "../../src/sandbox/index.ts";
import { createSandboxSessions } from "../../src/sandbox/sessions.ts";
import { createStackRegistry } from "../../src/stacks/registry.ts";
import { mockModelAnswers } from "../e2e/harness.ts";
import {
  PARSER_FILES,
  PLAN_ANSWER,
  REPORT_FILES,
  REPORT_FIX_RIGHT,
  REPORT_FIX_WRONG,
  REQUEST,
} from "../e2e/python-project.ts";
import { testPolicy } from "../helpers/app.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat, testLlm, testOpenAI } from "../helpers/llm.ts";
import { createMemoryForge } from "../helpers/memory-forge.ts";

const docker = await dockerStatus();
const silent = { warn() {}, info() {}, error() {} };

/**
 * The engine with no GitHub anywhere: a forge in memory, the real MCP language servers, the
 * real Docker sandbox, and the model faked at its HTTP endpoint.
 */
describe.skipIf(!docker.available)("the run engine on an in-memory forge", () => {
  it("plans, generates, fixes and delivers two modules through the ports alone", async () => {
    const policy = testPolicy();
    const router = createMcpRouter({ llm: { client: testOpenAI(), model: "test-code-model" } });
    const sandbox = createDockerSandbox({ ceilings: sandboxCeilings(policy) });
    const sessions = createSandboxSessions(sandbox);
    const serializer = createKeySerializer();
    const memory = createMemoryForge({ title: "Expense totals", body: REQUEST });
    const engine = createRunEngine({
      store: createMemoryRunStore(),
      analyzer: createAnalyzer(testLlm()),
      generator: router,
      sandboxes: sessions,
      stacks: createStackRegistry({ external: [], fetchToolchain: router.toolchain }),
      policy,
      serialize: serializer,
    });
    let steps = 0;
    const target = (event: RunEvent): [StepTarget, () => RunEvent] => [
      {
        key: "memory/request#1",
        runId: "memory#1",
        forge: memory.forge,
        stepId: `step-${++steps}`,
        retry: false,
        log: silent,
        // The yield point: the next step queues behind whatever arrived meanwhile.
        schedule: async () => {
          void engine(...target({ type: "resume" })).catch(() => undefined);
        },
      },
      () => event,
    ];
    try {
      mockChat(PLAN_ANSWER);
      await engine(...target({ type: "issue_opened", author: "someone" }));
      expect(memory.plansShown()).toBe(1);
      expect(memory.acknowledgements).toEqual([{ messageId: null, ack: "seen" }]);

      const [, , firstFix] = mockModelAnswers(
        PARSER_FILES,
        REPORT_FILES,
        REPORT_FIX_WRONG,
        REPORT_FIX_RIGHT,
      );
      const writer = { login: "someone", canWrite: true };
      await engine(
        ...target({
          type: "command",
          actor: writer,
          command: "start",
          args: "",
          commentId: 7,
          checklist: null,
        }),
      );
      await serializer.idle();

      // One commit per module round, whatever its attempts: they built in the warm sandbox.
      expect(memory.commits("codegen/request-1").map((message) => message.split("\n")[0])).toEqual([
        "Initial commit",
        "codegen(parser): attempt 1, passed",
        "codegen(report): attempts 1–3, passed",
      ]);
      expect(memory.file("codegen/request-1", "expenses/report.py")).toContain("round(value, 2)");
      // The fixer saw the real pytest failure from the Docker sandbox, and the attempt before's
      // files, which no commit held yet: its search-and-replace edit applied to them.
      expect(JSON.stringify(firstFix?.[0]?.messages)).toContain("3.3000000000000003");
      // Each module's round reported once on its last commit, then once more on the head.
      expect(
        memory.results.map(({ module, status, attempts }) => [module, status, attempts]),
      ).toEqual([
        ["parser", "succeeded", 1],
        ["report", "succeeded", 3],
        ["parser", "succeeded", 1],
      ]);
      expect(memory.changeRequest()).toMatchObject({ draft: false, finished: true });
      expect(memory.said.map(({ notice }) => notice.kind)).toEqual(["run_finished"]);
      expect(memory.said[0]?.phase).toBe("completed");
    } finally {
      await serializer.idle();
      await sessions.closeAll();
      await Promise.allSettled([sandbox.close(), router.close()]);
    }
  });
});
