import { z } from "zod";
import { runKey } from "../../core/run-key.ts";
import { parseCommand } from "./commands.ts";
import { EVENT_TABLE, type HandledEvent } from "./event-table.ts";
import { readRepoConfig } from "./repo-config-loader.ts";
import { issueOfBranch } from "./run-branch.ts";
import type { GitHubClient } from "./types.ts";

/** The webhook fields that decide a job's key, checked before anything is queued. */
const keyFields = z.object({
  repository: z.object({ name: z.string().min(1), owner: z.object({ login: z.string().min(1) }) }),
  issue: z
    .object({ number: z.number().int().positive(), pull_request: z.unknown().optional() })
    .optional(),
  comment: z.object({ body: z.string().nullable().optional() }).optional(),
  pull_request: z.object({ head: z.object({ ref: z.string() }) }).optional(),
  check_run: z
    .object({ check_suite: z.object({ head_branch: z.string().nullable() }).nullable().optional() })
    .optional(),
});

/**
 * The serialization key of a handled webhook: the issue its run belongs to, by the event's
 * rule in the table. Events on a branch reach their issue through the repository's
 * `branchPrefix`, read as the worker reads it, so a review never races the issue's own
 * events. `null` for events outside any run, or payloads without the fields it needs.
 */
export async function eventKey(
  name: HandledEvent,
  payload: unknown,
  octokit: GitHubClient,
): Promise<string | null> {
  const parsed = keyFields.safeParse(payload);
  if (!parsed.success) return null;
  const { repository, issue, comment, pull_request, check_run } = parsed.data;
  const repo = { owner: repository.owner.login, repo: repository.name };
  const key = (number: number) => runKey(repo.owner, repo.repo, number);
  const byBranch = async (branch: string | null | undefined) => {
    if (!branch) return null;
    // The operator's policy bounds no branch prefix: the files' setting is the one the worker uses.
    const { config } = await readRepoConfig(octokit, repo);
    const number = issueOfBranch(config, branch);
    return number === null ? null : key(number);
  };

  switch (EVENT_TABLE[name]) {
    case "issue":
      return issue && !issue.pull_request ? key(issue.number) : null;
    case "issue_or_revised_pull_request": {
      if (!issue) return null;
      if (!issue.pull_request) return key(issue.number);
      // A `/revise` comment on a pull request names no branch: ask for it.
      const command = parseCommand(comment?.body ?? "");
      if (command.kind !== "command" || command.name !== "revise") return null;
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: issue.number });
      return byBranch(data.head.ref);
    }
    case "pull_request_branch":
      return byBranch(pull_request?.head.ref);
    case "check_suite_branch":
      return byBranch(check_run?.check_suite?.head_branch);
  }
}
