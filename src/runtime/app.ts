import type { ApplicationFunction } from "probot";
import type { OperatorPolicy } from "../config/operator-policy.ts";
import type { AnalysisLimit } from "../core/types.ts";
import { registerEventHandlers } from "../forges/github/event-table.ts";
import { issueEventHandlers } from "../forges/github/issue-handlers.ts";
import { reviewEventHandlers } from "../forges/github/review-handlers.ts";
import { createRunStep, type RunDeps, type RunStep } from "../forges/github/run-step.ts";
import type { Llm } from "../llm/client.ts";
import type { McpRouter } from "../mcp/index.ts";
import type { RunStore } from "../persistence/run-store/run-store.ts";
import type { SandboxSessions } from "../sandbox/sessions.ts";
import type { StackRegistry } from "../stacks/registry.ts";
import { createKeySerializer } from "./key-serializer.ts";

/** Re-analyses of one issue an hour when no operator setting says otherwise. */
export const DEFAULT_ANALYSIS_LIMIT: AnalysisLimit = { perHour: 5 };

export type AppDeps = {
  /** How often comments and edits may re-analyse one issue (ANALYSIS_RATE_LIMIT). */
  analysisLimit?: AnalysisLimit;
  /** The GitHub App's ID: the app's own comments are those GitHub says it performed. */
  appId: number;
  llm: Llm;
  store: RunStore;
  router: McpRouter;
  sessions: SandboxSessions;
  /** The registered stacks (built-in and the operator's MCP servers). */
  stacks: StackRegistry;
  /** The operator's ceilings and allowances that bound every repository's config. */
  policy: OperatorPolicy;
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
 * effects out. `runStep` also serves queued continuations (see src/runtime/worker.ts).
 */
export function createApp(deps: AppDeps): { app: ApplicationFunction; runStep: RunStep } {
  const runStep = createRunStep({ ...deps, serialize: deps.serializer ?? createKeySerializer() });
  return {
    runStep,
    app: (app) => {
      const { issueComment, ...issues } = issueEventHandlers(runStep, {
        analysisLimit: deps.analysisLimit ?? DEFAULT_ANALYSIS_LIMIT,
        policy: deps.policy,
      });
      const { pullRequestComment, ...reviews } = reviewEventHandlers(runStep, deps.policy);
      registerEventHandlers(app, {
        ...issues,
        ...reviews,
        "issue_comment.created": (context) =>
          context.payload.issue.pull_request ? pullRequestComment(context) : issueComment(context),
      });
    },
  };
}
