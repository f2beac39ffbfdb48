import { MAX_OUTPUT_FILES, MAX_PROMPT_FILE_CHARS } from "../limits.ts";
import type { Failure, ModuleSpec, SourceFile } from "../schemas.ts";
import { dependencyOutlines, fenced, outputTail, ownFilesForFix } from "./fix-prompt-parts.ts";
import { renderPrompt } from "./prompt-template.ts";
import type { ServerProfile } from "./server-profile.ts";

/**
 * The system prompt. A fix leaves out the house rules (the module's files already follow
 * them) and shows only the command of the phase that failed: a fix prompt carries only what
 * the fix needs.
 */
export function systemPrompt(
  profile: ServerProfile,
  allowWorkflowPaths: boolean,
  purpose: { fixing: Failure["phase"] } | "generate" = "generate",
): string {
  const { toolchain } = profile;
  const commands: [Failure["phase"], string][] = [
    ["install", toolchain.install ?? "(none)"],
    ["build", toolchain.build],
    ["test", toolchain.test],
  ];
  const shown =
    purpose === "generate" ? commands : commands.filter(([phase]) => phase === purpose.fixing);
  return renderPrompt("system", {
    language: profile.displayName,
    houseRules:
      purpose === "generate"
        ? `House rules for ${profile.displayName} in this pipeline:\n${bullets(profile.conventions)}\n\n`
        : "",
    commandsIntro: shown.length === 1 ? "this command" : "these commands",
    commands: shown.map(([phase, command]) => `- ${phase}: ${command}`).join("\n"),
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
    output: outputTail(failure),
    hint: humanHint(input.hint),
    files: ownFilesForFix(input.files, failure),
    context: dependencyOutlines(input.context ?? []),
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
      return fenced(file.path, file.content);
    })
    .join("\n\n");
}

const bullets = (lines: readonly string[]): string => lines.map((line) => `- ${line}`).join("\n");
const numbered = (lines: readonly string[]): string =>
  lines.map((line, index) => `${index + 1}. ${line}`).join("\n");
