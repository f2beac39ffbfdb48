import { z } from "zod";
import { runKey } from "../store/run-store.ts";

/** The webhook fields that decide a job's key, checked before anything is queued. */
const keyFields = z.object({
  repository: z.object({ name: z.string().min(1), owner: z.object({ login: z.string().min(1) }) }),
  issue: z
    .object({ number: z.number().int().positive(), pull_request: z.unknown().optional() })
    .optional(),
  pull_request: z.object({ head: z.object({ ref: z.string() }) }).optional(),
  check_run: z
    .object({ check_suite: z.object({ head_branch: z.string().nullable() }).nullable().optional() })
    .optional(),
});

/** A run's branch ends in `issue-<n>` whatever the configured prefix. */
const RUN_BRANCH = /(?:^|\/)issue-(\d+)$/;

/**
 * The serialization key of a webhook: the issue its run belongs to. Pull request and check
 * events reach their issue through the run's branch, so a review never races the issue's
 * own events. `null` for events outside any run, or payloads without the fields it needs.
 */
export function jobKey(payload: unknown, pullRequestBranch?: string): string | null {
  const parsed = keyFields.safeParse(payload);
  if (!parsed.success) return null;
  const { repository, issue, pull_request, check_run } = parsed.data;
  const key = (number: number) => runKey(repository.owner.login, repository.name, number);
  const branch = pull_request?.head.ref ?? check_run?.check_suite?.head_branch ?? pullRequestBranch;
  if (branch !== undefined && branch !== null) {
    const number = RUN_BRANCH.exec(branch)?.[1];
    return number ? key(Number(number)) : null;
  }
  if (issue && !issue.pull_request) return key(issue.number);
  return null;
}
