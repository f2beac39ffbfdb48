import type { ApplicationFunction } from "probot";
import { registerIssueHandlers } from "./github/issue-handlers.ts";
import { registerReviewHandlers } from "./github/review-handlers.ts";
import { createRunStep, type RunDeps } from "./github/run-step.ts";
import type { SandboxSessions } from "./github/sandbox-sessions.ts";
import { createKeySerializer } from "./jobs/key-serializer.ts";
import type { Llm } from "./llm/client.ts";
import type { McpRouter } from "./mcp/index.ts";
import type { RunStore } from "./store/run-store.ts";

export type AppDeps = {
  llm: Llm;
  store: RunStore;
  router: McpRouter;
  sessions: SandboxSessions;
  /** Per-issue ordering; tests pass their own to wait for a run to go idle. */
  serializer?: ReturnType<typeof createKeySerializer>;
  /** Holds a run's continuation instead of running it at once (see RunDeps.defer). */
  defer?: RunDeps["defer"];
  isRetry?: RunDeps["isRetry"];
};

/** The Probot application: webhook events in, workflow events through, effects out. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    const runStep = createRunStep({
      ...deps,
      serialize: deps.serializer ?? createKeySerializer(),
    });
    registerIssueHandlers(app, runStep);
    registerReviewHandlers(app, runStep);
  };
}
