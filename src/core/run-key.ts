/** Where an issue's run is found: its key in the run store and in the job queue. */
export type IssueAddress = { owner: string; repo: string; number: number };

/** `owner/repo#number`: one run per issue, and the queue runs one job per key at a time. */
export function runKey(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`;
}

/** The issue a run key names, or null for anything runKey does not make. */
export function parseRunKey(key: string): IssueAddress | null {
  const match = /^([^/#]+)\/([^/#]+)#([1-9]\d*)$/.exec(key);
  if (!match) return null;
  const [, owner = "", repo = "", number = ""] = match;
  return { owner, repo, number: Number(number) };
}
