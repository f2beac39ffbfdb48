import type { ApplicationFunction } from "probot";
import { registerIssueHandlers } from "./github/issue-handlers.ts";
import { createKeySerializer } from "./jobs/key-serializer.ts";
import type { Llm } from "./llm/client.ts";
import type { RunStore } from "./store/run-store.ts";

export type AppDeps = { llm: Llm; store: RunStore };

/** The Probot application: webhook events in, workflow events through, GitHub effects out. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    registerIssueHandlers(app, { ...deps, serialize: createKeySerializer() });
  };
}
