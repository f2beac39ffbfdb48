import { z } from "zod";

const errorBody = z.object({
  message: z.string().optional(),
  errors: z.array(z.union([z.object({ message: z.string().optional() }), z.string()])).optional(),
});

/** The HTTP status of an Octokit request error, if it is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * GitHub's words for a failed request: the body's `message` and each `errors[].message`
 * (422 answers put the useful part there, e.g. "A pull request already exists for …").
 */
export function githubMessage(error: unknown): string {
  const body = errorBody.safeParse((error as { response?: { data?: unknown } })?.response?.data);
  if (!body.success) return error instanceof Error ? error.message : String(error);
  const details = (body.data.errors ?? []).map((item) =>
    typeof item === "string" ? item : (item.message ?? ""),
  );
  return [body.data.message ?? "", ...details].filter(Boolean).join(": ");
}

/** Whether the request failed with `status` and GitHub's message matches `pattern`. */
export function isGitHubError(error: unknown, status: number, pattern?: RegExp): boolean {
  return httpStatus(error) === status && (!pattern || pattern.test(githubMessage(error)));
}
