import type { Checklist, Plan } from "../../core/types.ts";
import { checklistLine, parseChecklist, startLine } from "../../markdown/checklist.ts";
import { terminalLine } from "./terminal-text.ts";

/**
 * The plan as a Markdown file to edit in $EDITOR: the same boxes as the plan comment on
 * GitHub, read back by the same parser. Leaving **Start generation** ticked starts; unticking
 * it keeps the edit and goes back to the choices.
 */
export function renderPlanFile(plan: Plan, maxModules: number): string {
  const details = plan.modules.map((module) =>
    [
      `- \`${module.name}\` (${literal(module.language)}), files: ${module.files.length > 0 ? module.files.map(literal).join(", ") : "decided when generating"}${module.dependsOn.length > 0 ? `, depends on ${module.dependsOn.join(", ")}` : ""}`,
      ...module.acceptanceCriteria.map((criterion) => `  - ${literal(criterion)}`),
    ].join("\n"),
  );
  return [
    `# Plan: ${literal(plan.summary)}`,
    "",
    `Language: ${literal(plan.language)}`,
    "",
    "Untick modules you don't want, reorder the lines, edit descriptions or add a line",
    `such as \`- [x] name — description\` (at most ${maxModules} modules). Save and close the`,
    "editor: with Start generation ticked the ticked modules are generated in this order.",
    "",
    ...plan.modules.map((module) => checklistLine(module, literal(module.description))),
    "",
    startLine(true),
    "",
    "## Module details (not read back)",
    "",
    ...details,
    "",
  ].join("\n");
}

/** The checklist a human left in the file, or in a list of names picked at a prompt. */
export function readPlanFile(text: string, maxModules: number): Checklist {
  return parseChecklist(text, { maxModules });
}

/** The checklist for modules picked by name, in that order; the others unticked after them. */
export function pickedChecklist(plan: Plan, names: readonly string[]): Checklist {
  const byName = new Map(plan.modules.map((module) => [module.name, module]));
  const picked = names.flatMap((name) => {
    const module = byName.get(name);
    return module ? [{ ...module, selected: true }] : [];
  });
  const rest = plan.modules
    .filter((module) => !names.includes(module.name))
    .map((module) => ({ ...module, selected: false }));
  const text = [...picked, ...rest]
    .map((module) => checklistLine(module, literal(module.description)))
    .join("\n");
  return parseChecklist(`${text}\n\n${startLine(true)}`);
}

/** Markdown's inline syntax escaped, so the parser reads back the very words. */
function literal(text: string): string {
  return terminalLine(text).replace(/[\\`*_[\]<>~|#]/g, "\\$&");
}
