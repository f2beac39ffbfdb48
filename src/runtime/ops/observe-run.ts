import type { ProbotOctokit } from "probot";
import type { RunEvent } from "../../core/types.ts";
import type { Metrics } from "./metrics.ts";

/** Turns the events runs apply into metrics: attempts, their durations, LLM tokens. */
export function observeRuns(metrics: Metrics): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case "attempt_finished":
      case "attempt_failed": {
        const outcome =
          event.type === "attempt_failed" ? "error" : event.build.ok ? "passed" : "failed";
        metrics.attempts.inc({ outcome });
        metrics.attemptSeconds.observe(event.durationMs / 1000);
        countTokens(metrics, event.usage);
        return;
      }
      case "analysis_completed":
      case "analysis_failed":
        countTokens(metrics, event.usage);
        return;
    }
  };
}

function countTokens(metrics: Metrics, usage: { promptTokens: number; completionTokens: number }) {
  metrics.llmTokens.inc({ kind: "prompt" }, usage.promptTokens);
  metrics.llmTokens.inc({ kind: "completion" }, usage.completionTokens);
}

/** An Octokit that counts the requests that change something on GitHub. */
export function countingOctokit(
  Base: typeof ProbotOctokit,
  metrics: Metrics,
): typeof ProbotOctokit {
  return Base.plugin((octokit) => {
    octokit.hook.after("request", (_response, options) => {
      if (options.method !== "GET") metrics.githubWrites.inc({ method: options.method });
    });
  }) as typeof ProbotOctokit;
}
