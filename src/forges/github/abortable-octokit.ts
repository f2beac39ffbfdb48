import type { ProbotOctokit } from "probot";
import { currentJobSignal, untilAborted } from "../../run/job-signal.ts";

/**
 * An Octokit whose requests end when the job they run for is aborted (queue stopping, job
 * timed out, lease lost): the request is cancelled, and its promise rejects with the abort's
 * reason at once, also while the retry or throttling plugin waits to send it again.
 */
export function abortableOctokit(Base: typeof ProbotOctokit): typeof ProbotOctokit {
  return Base.plugin((octokit) => {
    octokit.hook.wrap("request", (request, options) => {
      const signal = currentJobSignal();
      if (!signal) return request(options);
      const own = options.request?.signal;
      options.request = {
        ...options.request,
        signal: own ? AbortSignal.any([own, signal]) : signal,
      };
      return untilAborted(signal, (async () => request(options))());
    });
  }) as typeof ProbotOctokit;
}
