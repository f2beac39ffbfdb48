import type { ModuleProgress, PlannedModule } from "../core/types.ts";
import type { Failure } from "../mcp/index.ts";

/**
 * What a module's generator is told: the module, the plan's steps for it, the failure to
 * fix and a human's hint. Pure: everything comes from the run state.
 */

export function moduleSpec(spec: PlannedModule) {
  return {
    name: spec.name,
    description: spec.description,
    acceptanceCriteria: spec.acceptanceCriteria,
  };
}

/** The plan's steps for a module: what to build, then one test per acceptance criterion. */
export function planSteps(spec: PlannedModule): string[] {
  return [
    `Implement ${spec.name}: ${spec.description}`,
    ...(spec.files.length > 0 ? [`Keep to these files: ${spec.files.join(", ")}`] : []),
    ...(spec.dependsOn.length > 0
      ? [`Build on the existing modules ${spec.dependsOn.join(", ")}`]
      : []),
    ...spec.acceptanceCriteria.map((criterion) => `Test: ${criterion}`),
  ];
}

/** What the fixer is asked to fix: the last build's failure, or the reviewers' requests. */
export function failureOf(progress: ModuleProgress): Failure {
  const build = progress.build;
  // The last attempt got no build (the sandbox could not run it): that is what to fix.
  if (progress.error) {
    return { phase: "build", output: progress.error, errors: [] };
  }
  if (progress.review.length > 0 && (build === null || build.ok)) {
    return {
      phase: "test",
      output: `The build and tests pass. Reviewers asked for these changes:\n${reviewText(progress)}`,
      errors: progress.review.map((note) => ({
        file: note.path ?? "(pull request)",
        ...(note.line ? { line: note.line } : {}),
        message: note.body,
      })),
    };
  }
  if (!build) {
    return {
      phase: "build",
      output: progress.error ?? "The previous attempt produced no usable files.",
      errors: [],
    };
  }
  const phase = build.failure === "install" || build.failure === "build" ? build.failure : "test";
  return {
    phase,
    output: build.logTail,
    errors: build.errors.map((error) => ({
      file: error.file,
      ...(error.line ? { line: error.line } : {}),
      message: error.message,
    })),
  };
}

function reviewText(progress: ModuleProgress): string {
  return progress.review
    .map(
      (note) =>
        `- ${note.path ? `${note.path}${note.line ? `:${note.line}` : ""}: ` : ""}${note.body.trim()}`,
    )
    .join("\n");
}

/** A human's `/retry` hint and, during a revision, the review it answers. */
export function fixerHint(progress: ModuleProgress): string | undefined {
  const review = progress.review.length > 0 ? `Reviewers asked:\n${reviewText(progress)}` : "";
  const hint = [progress.hint ?? "", review].filter(Boolean).join("\n\n");
  return hint || undefined;
}
