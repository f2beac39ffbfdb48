import type { RecordedRequest } from "./router.ts";

/** What a GitHub write was for, from its method, path and (GraphQL) query. */
export type WriteKind =
  | "commit"
  | "branch"
  | "check run"
  | "plan comment"
  | "pull request"
  | "comment"
  | "reaction";

export function writeKind(write: RecordedRequest, planCommentId: number | null): WriteKind {
  const query = String(write.body?.query ?? "");
  if (write.path === "/graphql")
    return query.includes("createCommitOnBranch") ? "commit" : "pull request";
  if (write.method === "POST" && write.path.endsWith("/git/refs")) return "branch";
  if (write.path.includes("/git/")) return "commit";
  if (write.path.includes("/check-runs")) return "check run";
  if (write.path.endsWith("/reactions")) return "reaction";
  if (planCommentId !== null && write.path.endsWith(`/issues/comments/${planCommentId}`))
    return "plan comment";
  if (write.path.includes("/pulls")) return "pull request";
  return "comment";
}

/** How many writes of each kind, in a fixed order (kinds with none left out). */
export function countWrites(
  writes: readonly RecordedRequest[],
  planCommentId: number | null,
): Partial<Record<WriteKind, number>> {
  const counts: Partial<Record<WriteKind, number>> = {};
  for (const write of writes) {
    const kind = writeKind(write, planCommentId);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
