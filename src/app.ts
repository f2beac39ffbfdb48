import type { ApplicationFunction } from "probot";
import { registerIssueHandlers } from "./github/issue-handlers.ts";
import { registerReviewHandlers } from "./github/review-handlers.ts";
import { createRunStep, type RunDeps, type RunStep } from "./github/run-step.ts";
import type { SandboxSessions } from "./github/sandbox-sessions.ts";
import { createKeySerializer } from "./jobs/key-serializer.ts";
import type { Llm } from "./llm/client.ts";
import type { McpRouter } from "./mcp/index.ts";
import type { RunStore } from "./store/run-store.ts";

export type AppDeps = {
  /** The GitHub App's ID: the app's own comments are those GitHub says it performed. */
  appId: number;
  llm: Llm;
  store: RunStore;
  router: McpRouter;
  sessions: SandboxSessions;
  /** Per-issue ordering; tests pass their own to wait for a run to go idle. */
  serializer?: ReturnType<typeof createKeySerializer>;
  /** Holds a run's continuation instead of running it at once (see RunDeps.defer). */
  defer?: RunDeps["defer"];
  isRetry?: RunDeps["isRetry"];
  observe?: RunDeps["observe"];
  preflight?: RunDeps["preflight"];
};

/**
 * The Probot application that processes events: webhook events in, workflow events through,
 * effects out. `runStep` also serves queued continuations (see src/jobs/worker.ts).
 */
export function createApp(deps: AppDeps): { app: ApplicationFunction; runStep: RunStep } {
  const runStep = createRunStep({ ...deps, serialize: deps.serializer ?? createKeySerializer() });
  return {
    runStep,
    app: (app) => {
      registerIssueHandlers(app, runStep);
      registerReviewHandlers(app, runStep);
    },
  };
}
