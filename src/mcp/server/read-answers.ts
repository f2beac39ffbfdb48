import { z } from "zod";
import { checkOutputFiles, type OutputFileRules } from "../check-output-files.ts";
import type { SourceFile } from "../schemas.ts";
import { type Parsed, parseModelJson } from "./parse-model-json.ts";

const answerFile = z.object({ path: z.string(), content: z.string() });

const generatedModuleAnswer = z.object({
  steps: z.array(z.string()),
  files: z.array(answerFile).min(1, "a module needs at least one file"),
});

const fixAnswer = z.object({
  summary: z.string(),
  files: z.array(answerFile),
});

export type GeneratedModule = z.infer<typeof generatedModuleAnswer>;
export type ModuleFix = z.infer<typeof fixAnswer>;

export function readGeneratedModule(rules: OutputFileRules, readOnly: readonly SourceFile[] = []) {
  return (answer: string): Parsed<GeneratedModule> => {
    const parsed = parseModelJson(answer, generatedModuleAnswer);
    if (!parsed.ok) return parsed;
    const problem =
      checkOutputFiles(parsed.value.files, rules) ?? readOnlyProblem(parsed.value.files, readOnly);
    return problem ? { ok: false, problem } : parsed;
  };
}

/** Files of the modules this one depends on are context, not the module's to change. */
function readOnlyProblem(
  files: readonly { path: string }[],
  readOnly: readonly SourceFile[],
): string | null {
  const locked = new Set(readOnly.map((file) => file.path));
  const touched = files.filter((file) => locked.has(file.path)).map((file) => file.path);
  return touched.length > 0
    ? `these files belong to other modules and are read-only: ${touched.join(", ")}; leave them out and change only this module's files`
    : null;
}

/** A fix keeps only the files it really changes; one that changes nothing is no fix. */
export function readModuleFix(
  current: readonly SourceFile[],
  rules: OutputFileRules,
  readOnly: readonly SourceFile[] = [],
) {
  const before = new Map(current.map((file) => [file.path, file.content]));
  return (answer: string): Parsed<ModuleFix> => {
    const parsed = parseModelJson(answer, fixAnswer);
    if (!parsed.ok) return parsed;
    const problem =
      checkOutputFiles(parsed.value.files, rules) ?? readOnlyProblem(parsed.value.files, readOnly);
    if (problem) return { ok: false, problem };
    const changed = parsed.value.files.filter((file) => before.get(file.path) !== file.content);
    if (changed.length === 0) {
      return {
        ok: false,
        problem: "no file differs from the current module; a fix must change at least one file",
      };
    }
    return { ok: true, value: { summary: parsed.value.summary, files: changed } };
  };
}
