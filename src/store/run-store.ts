import type { RunState } from "../workflow/types.ts";

/** Where each issue's run state lives between webhooks. Keyed by `owner/repo#number`. */
export type RunStore = {
  load(key: string): Promise<RunState | undefined>;
  save(key: string, state: RunState): Promise<void>;
};

export function runKey(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`;
}
