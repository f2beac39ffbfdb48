import { z } from "zod";
import { isValidGeneratedPath } from "../../core/paths.ts";
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
export type CheckRunOutcome = {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
};

const checkRunResponse = z.object({ id: z.number() });

const checkRunListResponse = z.object({ check_runs: z.array(z.object({ id: z.number() })) });

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
 * A check run created already completed on `headSha`: one write, and nothing left in
 * progress whatever happens next. More than 50 annotations take one update per 50 more.
 */
export async function reportCheckRun(
  octokit: GitHubClient,
  repo: RepoRef,
  report: { name: string; headSha: string; outcome: CheckRunOutcome },
): Promise<number> {
  const { outcome } = report;
  const [first = [], ...rest] = annotationBatches(outcome.annotations);
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: report.name,
    head_sha: report.headSha,
    status: "completed",
    conclusion: outcome.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...checkOutput(outcome), annotations: first },
  });
  const id = checkRunResponse.parse(data).id;
  for (const batch of rest) {
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: id,
      output: { ...checkOutput(outcome), annotations: batch },
    });
  }
  return id;
}

function checkOutput(outcome: CheckRunOutcome) {
  // Every request repeats the output: GitHub requires title and summary whenever output is sent.
  return {
    title: outcome.title,
    summary: fitBody(outcome.summary, MAX_CHECK_TEXT),
    ...(outcome.text === undefined ? {} : { text: fitBody(outcome.text, MAX_CHECK_TEXT) }),
  };
}

function annotationBatches(all: readonly CheckAnnotation[]) {
  const annotations = all.flatMap(toAnnotation);
  const batches = [annotations.slice(0, ANNOTATIONS_PER_REQUEST)];
  for (let at = ANNOTATIONS_PER_REQUEST; at < annotations.length; at += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(at, at + ANNOTATIONS_PER_REQUEST));
  }
  return batches;
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
