import { z } from "zod";
import { isValidGeneratedPath } from "../core/paths.ts";
import { fitBody } from "./fit-body.ts";
import type { GitHubClient, RepoRef } from "./types.ts";

/** GitHub's limit on a check run's `output.summary` and `output.text`. */
export const MAX_CHECK_TEXT = 65_535;
/** GitHub takes at most this many annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
const MAX_ANNOTATION_MESSAGE = 64_000;
const MAX_ANNOTATION_TITLE = 255;

export type CheckConclusion = "success" | "failure" | "neutral";
export type CheckAnnotation = {
  path: string;
  line: number | null;
  message: string;
  /** Shown above the message, e.g. the failing test's name. */
  title?: string;
};
export type CheckRunStart = { name: string; headSha: string; title: string; summary: string };
export type CheckRunOutcome = {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
};

const checkRunResponse = z.object({ id: z.number() });

/** Opens a check run in progress on `headSha`; returns its id. */
const checkRunListResponse = z.object({ check_runs: z.array(z.object({ id: z.number() })) });

export async function startCheckRun(
  octokit: GitHubClient,
  repo: RepoRef,
  start: CheckRunStart,
): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: start.name,
    head_sha: start.headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
    output: { title: start.title, summary: fitBody(start.summary, MAX_CHECK_TEXT) },
  });
  return checkRunResponse.parse(data).id;
}

/** A check run of that name on that commit, if one exists (a retried step's earlier try). */
export async function findCheckRun(
  octokit: GitHubClient,
  repo: RepoRef,
  headSha: string,
  name: string,
): Promise<number | null> {
  const { data } = await octokit.rest.checks.listForRef({
    ...repo,
    ref: headSha,
    check_name: name,
  });
  return checkRunListResponse.parse(data).check_runs[0]?.id ?? null;
}

/**
 * Concludes the check run. The first request carries the conclusion and the first 50
 * annotations, each further request 50 more. Annotations whose path is not relative to the
 * repository are left out (GitHub could not place them); their count is returned.
 */
export async function completeCheckRun(
  octokit: GitHubClient,
  repo: RepoRef,
  id: number,
  outcome: CheckRunOutcome,
): Promise<{ annotations: number; skipped: number }> {
  const annotations = outcome.annotations.flatMap(toAnnotation);
  // Every request repeats the output: GitHub requires title and summary whenever output is sent.
  const output = {
    title: outcome.title,
    summary: fitBody(outcome.summary, MAX_CHECK_TEXT),
    ...(outcome.text === undefined ? {} : { text: fitBody(outcome.text, MAX_CHECK_TEXT) }),
  };
  const batches = [annotations.slice(0, ANNOTATIONS_PER_REQUEST)];
  for (
    let start = ANNOTATIONS_PER_REQUEST;
    start < annotations.length;
    start += ANNOTATIONS_PER_REQUEST
  ) {
    batches.push(annotations.slice(start, start + ANNOTATIONS_PER_REQUEST));
  }
  for (const [index, batch] of batches.entries()) {
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: id,
      ...(index === 0
        ? {
            status: "completed" as const,
            conclusion: outcome.conclusion,
            completed_at: new Date().toISOString(),
          }
        : {}),
      output: { ...output, annotations: batch },
    });
  }
  return {
    annotations: annotations.length,
    skipped: outcome.annotations.length - annotations.length,
  };
}

function toAnnotation(annotation: CheckAnnotation) {
  const path = annotation.path.replaceAll("\\", "/").replace(/^(\.\/)+/, "");
  if (!isValidGeneratedPath(path)) return [];
  const line = annotation.line !== null && annotation.line >= 1 ? Math.floor(annotation.line) : 1;
  return [
    {
      path,
      start_line: line,
      end_line: line,
      annotation_level: "failure" as const,
      message: annotation.message.slice(0, MAX_ANNOTATION_MESSAGE),
      ...(annotation.title ? { title: annotation.title.slice(0, MAX_ANNOTATION_TITLE) } : {}),
    },
  ];
}
