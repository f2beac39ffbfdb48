import { MAX_OUTPUT_FILES, MAX_PROMPT_FILE_CHARS } from "../limits.ts";
import type { Failure, ModuleSpec, SourceFile } from "../schemas.ts";
import { renderPrompt } from "./prompt-template.ts";
import type { ServerProfile } from "./server-profile.ts";

export function systemPrompt(profile: ServerProfile, allowWorkflowPaths: boolean): string {
  const { toolchain } = profile;
  return renderPrompt("system", {
    language: profile.displayName,
    conventions: bullets(profile.conventions),
    install: toolchain.install ?? "(none)",
    build: toolchain.build,
    test: toolchain.test,
    workflowRule: allowWorkflowPaths ? "" : " Never write files under .git/ or .github/workflows/.",
  });
}

export function generatePrompt(input: {
  module: ModuleSpec;
  steps: readonly string[];
  files: readonly SourceFile[];
  context?: readonly SourceFile[] | undefined;
  previousFailure?: string | undefined;
  hint?: string | undefined;
}): string {
  return renderPrompt("generate-module", {
    ...moduleValues(input.module),
    previousFailure: input.previousFailure
      ? `\n## The previous attempt failed (avoid it)\n${input.previousFailure.replaceAll("```", "'''")}\n`
      : "",
    hint: humanHint(input.hint),
    steps: input.steps.length > 0 ? numbered(input.steps) : "(none given: plan them yourself)",
    files: fileBlocks(input.files),
    context: fileBlocks(input.context ?? []),
    maxFiles: String(MAX_OUTPUT_FILES),
  });
}

export function fixPrompt(input: {
  module: ModuleSpec;
  files: readonly SourceFile[];
  context?: readonly SourceFile[] | undefined;
  failure: Failure;
  hint?: string | undefined;
}): string {
  const { failure } = input;
  return renderPrompt("fix-module", {
    ...moduleValues(input.module),
    phase: failure.phase,
    errors:
      failure.errors.length > 0
        ? bullets(
            failure.errors.map((error) => {
              const place = [error.file, error.line].filter((part) => part !== undefined).join(":");
              return place ? `${place}: ${error.message}` : error.message;
            }),
          )
        : "(none parsed: read the output)",
    output: failure.output.replaceAll("```", "'''"),
    hint: humanHint(input.hint),
    files: fileBlocks(input.files),
    context: fileBlocks(input.context ?? []),
  });
}

function humanHint(hint: string | undefined): string {
  return hint ? `\n## A human's hint (follow it)\n${hint}\n` : "";
}

function moduleValues(module: ModuleSpec): Record<string, string> {
  return {
    moduleName: module.name,
    description: module.description,
    criteria:
      module.acceptanceCriteria.length > 0
        ? bullets(module.acceptanceCriteria)
        : "(none given: test the description)",
  };
}

function fileBlocks(files: readonly SourceFile[]): string {
  if (files.length === 0) return "(none)";
  let budget = MAX_PROMPT_FILE_CHARS;
  return files
    .map((file) => {
      if (file.content.length > budget) return `### ${file.path}\n(content omitted: too long)`;
      budget -= file.content.length;
      // A fence longer than any backtick run inside, so the content cannot close it.
      const longestRun = Math.max(2, ...(file.content.match(/`+/g) ?? []).map((run) => run.length));
      const fence = "`".repeat(longestRun + 1);
      return `### ${file.path}\n${fence}\n${file.content}\n${fence}`;
    })
    .join("\n\n");
}

const bullets = (lines: readonly string[]): string => lines.map((line) => `- ${line}`).join("\n");
const numbered = (lines: readonly string[]): string =>
  lines.map((line, index) => `${index + 1}. ${line}`).join("\n");
