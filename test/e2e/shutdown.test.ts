import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { SHUTDOWN_GRACE_MS } from "../../src/runtime/stop-on-signals.ts";
import { deliver, spawnApp } from "../helpers/app-process.ts";
import { createFakeGitHub } from "../helpers/fake-github/index.ts";
import { startBridge } from "../helpers/http-bridge.ts";
import { LLM_BASE_URL, mockChat } from "../helpers/llm.ts";
import { testConfig } from "../helpers/running-app.ts";
import { startSilentServer } from "../helpers/silent-server.ts";
import { webhookEvent } from "../helpers/webhooks.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { PLAN_ANSWER, REQUEST } from "./python-project.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Resolves with the exit code and how long it took, or fails once `boundMs` has passed. */
function exitWithin(
  child: ChildProcess,
  boundMs: number,
): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the app process was still running ${boundMs} ms after SIGTERM`)),
      boundMs,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Math.round(performance.now() - started) });
    });
  });
}

describe("shutdown", () => {
  it.each(["GitHub", "model"] as const)(
    "SIGTERM ends the process in bounded time while a job hangs on a dead %s; another process completes the job",
    async (dead) => {
      const github = createFakeGitHub();
      github.addIssue({ number: 1, title: "Expenses", body: REQUEST });
      const githubBridge = await startBridge("https://api.github.com");
      const llmBridge = await startBridge(new URL(LLM_BASE_URL).origin);
      // Up but dead: accepts the connection, reads the request, never answers.
      const deadHost = await startSilentServer();
      cleanups.push(githubBridge.close, llmBridge.close, deadHost.close);
      const base = testConfig();
      const config = {
        ...base,
        githubBaseUrl: githubBridge.url,
        llm: { ...base.llm, baseURL: `${llmBridge.url}/v1` },
        shutdownTimeoutMs: 1_000,
      };

      const first = await spawnApp(
        dead === "GitHub"
          ? { ...config, githubBaseUrl: deadHost.url }
          : { ...config, llm: { ...config.llm, baseURL: `${deadHost.url}/v1` } },
        cleanups,
      );
      await deliver(
        first.port,
        webhookEvent("issues.opened", (payload) => {
          payload.issue.body = REQUEST;
        }),
      );
      await waitFor(`the job's request to the ${dead}`, () => deadHost.requests() > 0);

      const bound = config.shutdownTimeoutMs + SHUTDOWN_GRACE_MS;
      const exited = exitWithin(first.child, bound);
      first.child.kill("SIGTERM");
      const { code, ms } = await exited;
      console.info(`dead ${dead}: the app exited ${ms} ms after SIGTERM (bound ${bound} ms)`);
      expect(code).toBe(0);

      // The job is still queued: a process that reaches both runs it to the plan, and the
      // aborted try left nothing behind (no analysis failure recorded or reported).
      mockChat(PLAN_ANSWER);
      await spawnApp(config, cleanups);
      await waitFor("the plan", () =>
        github.comments().some((comment) => comment.body.includes("codegen:plan")),
      );
      expect(github.comments().map((comment) => comment.body)).toEqual([
        expect.stringContaining("codegen:plan"),
      ]);
    },
    120_000,
  );
});
