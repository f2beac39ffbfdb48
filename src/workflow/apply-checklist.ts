import { inlineCode } from "../github/inert.ts";
import type { Checklist, Plan, PlannedModule } from "./types.ts";

export const MODULE_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

/** "Parse CSV" → "parse-csv": how a name a human typed becomes a module name. */
export function normalizeModuleName(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s/]+/g, "-")
    .replace(/[^a-z0-9_-]/g, "");
}

/**
 * Applies a human's edit of the checklist to the plan: order, ticks, descriptions and new
 * modules. Known modules keep their files and criteria; new ones start with none (the
 * generator decides). Returns problems instead of a plan when the checklist is unusable.
 */
export function applyChecklist(
  plan: Plan,
  checklist: Checklist,
): { ok: true; plan: Plan } | { ok: false; problems: string[] } {
  const problems = checklist.unreadable.map(
    (line) =>
      `I could not read ${inlineCode(line.trim())}; write a module as ${inlineCode("- [x] `name` — description")}.`,
  );
  const seen = new Set<string>();
  const modules: PlannedModule[] = [];
  for (const line of checklist.modules) {
    const name = normalizeModuleName(line.name);
    if (!MODULE_NAME.test(name)) {
      problems.push(
        `${inlineCode(line.name)} is not a usable module name (letters, digits, \`-\` and \`_\`, starting with a letter).`,
      );
      continue;
    }
    if (seen.has(name)) {
      problems.push(`The module \`${name}\` appears twice; module names must be unique.`);
      continue;
    }
    seen.add(name);
    const known = plan.modules.find((module) => module.name === name);
    modules.push({
      name,
      description: line.description.trim() || known?.description || "",
      language: known?.language ?? plan.language,
      files: known?.files ?? [],
      dependsOn: known?.dependsOn ?? [],
      acceptanceCriteria: known?.acceptanceCriteria ?? [],
      selected: line.checked,
    });
  }
  if (checklist.modules.length === 0) problems.push("The checklist has no modules left.");
  else if (!modules.some((module) => module.selected)) {
    problems.push("No module is ticked; tick at least one module to generate.");
  }
  for (const module of modules) {
    if (module.selected && module.description === "") {
      problems.push(`The new module \`${module.name}\` needs a description after its name.`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { ...plan, modules } };
}
