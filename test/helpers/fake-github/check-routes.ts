import type { Router } from "./router.ts";
import { githubError } from "./router.ts";
import {
  type FakeAnnotation,
  type FakeCheckRun,
  type FakeState,
  HTML,
  nodeId,
  repoUrl,
} from "./state.ts";

const MAX_TEXT = 65_535;
const MAX_ANNOTATIONS = 50;
const LEVELS = new Set(["notice", "warning", "failure"]);
const CONCLUSIONS = new Set([
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "timed_out",
]);

/** Check runs: create and update with GitHub's limits on output and annotations. */
export function checkRoutes(router: Router, state: FakeState): void {
  const base = `/repos/${state.owner}/${state.repo}/check-runs`;
  const runJson = (run: FakeCheckRun) => ({
    id: run.id,
    node_id: run.nodeId,
    name: run.name,
    head_sha: run.headSha,
    external_id: "",
    url: `${repoUrl(state)}/check-runs/${run.id}`,
    html_url: `${HTML}/${state.owner}/${state.repo}/runs/${run.id}`,
    details_url: `${HTML}/${state.owner}/${state.repo}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      ...run.output,
      annotations_count: run.annotations.length,
      annotations_url: `${repoUrl(state)}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: 5 },
    app: { slug: "issue-codegen", name: "Issue Codegen" },
    pull_requests: [],
  });

  /** Applies a create/update body; returns an error response or null. */
  const apply = (run: FakeCheckRun, body: Record<string, unknown>) => {
    const output = body.output as Record<string, unknown> | undefined;
    if (output) {
      for (const key of ["title", "summary"] as const) {
        if (typeof output[key] !== "string") {
          return githubError(422, `Invalid request.\n\n"${key}" wasn't supplied.`);
        }
      }
      for (const key of ["summary", "text"] as const) {
        const value = output[key];
        if (typeof value === "string" && value.length > MAX_TEXT) {
          return githubError(
            422,
            `Invalid request.\n\nOnly ${MAX_TEXT} characters are allowed; ${value.length} were supplied.`,
          );
        }
      }
      const annotations = (output.annotations ?? []) as FakeAnnotation[];
      if (annotations.length > MAX_ANNOTATIONS) {
        return githubError(
          422,
          `Invalid request.\n\nOnly ${MAX_ANNOTATIONS} annotations are allowed per request.`,
        );
      }
      for (const annotation of annotations) {
        const valid =
          typeof annotation.path === "string" &&
          !annotation.path.startsWith("/") &&
          Number.isInteger(annotation.start_line) &&
          Number.isInteger(annotation.end_line) &&
          LEVELS.has(annotation.annotation_level) &&
          typeof annotation.message === "string";
        if (!valid)
          return githubError(
            422,
            `Invalid request.\n\nInvalid annotation: ${JSON.stringify(annotation)}`,
          );
      }
      run.output = {
        title: output.title as string,
        summary: output.summary as string,
        text: typeof output.text === "string" ? output.text : run.output.text,
      };
      run.annotations.push(...annotations);
    }
    if (typeof body.conclusion === "string") {
      if (!CONCLUSIONS.has(body.conclusion))
        return githubError(422, "Invalid request.\n\nInvalid conclusion.");
      run.conclusion = body.conclusion;
      run.status = "completed";
      run.completedAt = typeof body.completed_at === "string" ? body.completed_at : state.now();
    } else if (body.status === "completed") {
      return githubError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
    } else if (body.status === "queued" || body.status === "in_progress") {
      run.status = body.status;
    }
    return null;
  };

  router.on("POST", new RegExp(`^${base}$`), ({ body }) => {
    const headSha = String(body.head_sha ?? "");
    if (typeof body.name !== "string" || !body.name) {
      return githubError(422, `Invalid request.\n\n"name" wasn't supplied.`);
    }
    if (!state.git.commits.has(headSha))
      return githubError(422, `No commit found for SHA: ${headSha}`);
    const id = state.nextId();
    const run: FakeCheckRun = {
      id,
      nodeId: nodeId("CR", id),
      name: body.name,
      headSha,
      status: "queued",
      conclusion: null,
      startedAt: typeof body.started_at === "string" ? body.started_at : state.now(),
      completedAt: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
    };
    const problem = apply(run, body);
    if (problem) return problem;
    state.checkRuns.set(id, run);
    return { status: 201, body: runJson(run) };
  });

  router.on("PATCH", new RegExp(`^${base}/(\\d+)$`), ({ params: [id = ""], body }) => {
    const run = state.checkRuns.get(Number(id));
    if (!run) return githubError(404, "Not Found");
    const draft = structuredClone(run);
    const problem = apply(draft, body);
    if (problem) return problem;
    Object.assign(run, draft);
    return { status: 200, body: runJson(run) };
  });

  router.on(
    "GET",
    new RegExp(`^/repos/${state.owner}/${state.repo}/commits/([^/]+)/check-runs$`),
    ({ params: [ref = ""], query }) => {
      const runs = [...state.checkRuns.values()].filter(
        (run) =>
          run.headSha === ref && (!query.get("check_name") || run.name === query.get("check_name")),
      );
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map(runJson) } };
    },
  );

  router.on("GET", new RegExp(`^${base}/(\\d+)$`), ({ params: [id = ""] }) => {
    const run = state.checkRuns.get(Number(id));
    return run ? { status: 200, body: runJson(run) } : githubError(404, "Not Found");
  });
}
