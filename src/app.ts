import type { ApplicationFunction } from "probot";
import { acknowledgeIssue } from "./github/acknowledge-issue.ts";

/** The Probot application: webhook events in, GitHub effects out. */
export function createApp(): ApplicationFunction {
  return (app) => {
    app.on("issues.opened", async (context) => {
      if (context.isBot) return;
      await acknowledgeIssue(context);
    });
  };
}
