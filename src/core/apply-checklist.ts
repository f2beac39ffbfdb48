import type { Checklist, ChecklistProblem, Notice, Plan, PlannedModule } from "./types.ts";

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
): { ok: true; plan: Plan; notices: Notice[] } | { ok: false; problems: ChecklistProblem[] } {
  const problems: ChecklistProblem[] = checklist.unreadable.map((line) => ({
    kind: "unreadable_line",
    line: line.trim(),
  }));
  const seen = new Set<string>();
  const modules: PlannedModule[] = [];
  for (const line of checklist.modules) {
    const name = normalizeModuleName(line.name);
    if (!MODULE_NAME.test(name)) {
      problems.push({ kind: "bad_name", name: line.name });
      continue;
    }
    if (seen.has(name)) {
      problems.push({ kind: "duplicate", name });
      continue;
    }
    seen.add(name);
    const known = plan.modules.find((module) => module.name === name);
    modules.push({
      name,
      description: descriptionOf(line.description, known),
      language: known?.language ?? plan.language,
      files: known?.files ?? [],
      dependsOn: known?.dependsOn ?? [],
      acceptanceCriteria: known?.acceptanceCriteria ?? [],
      selected: line.checked,
    });
  }
  if (checklist.modules.length === 0) problems.push({ kind: "no_modules" });
  else if (!modules.some((module) => module.selected)) {
    problems.push({ kind: "none_ticked" });
  }
  for (const module of modules) {
    if (module.selected && module.description === "") {
      problems.push({ kind: "no_description", name: module.name });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const notices: Notice[] = checklist.overCap
    ? [{ kind: "modules_over_cap", ...checklist.overCap }]
    : [];
  return { ok: true, plan: { ...plan, modules }, notices };
}

/**
 * The line's description; the known one when the line shows it shortened (the plan comment
 * cuts long descriptions with "…") and nobody edited it.
 */
function descriptionOf(text: string, known: PlannedModule | undefined): string {
  const edited = text.trim();
  if (!known) return edited;
  if (!edited) return known.description;
  const shortened =
    edited.endsWith("…") &&
    known.description.replace(/\s+/g, " ").trim().startsWith(edited.slice(0, -1));
  return shortened ? known.description : edited;
}
