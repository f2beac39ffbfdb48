import { inlineCode } from "../forges/github/inert.ts";
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
): { ok: true; plan: Plan; notices: string[] } | { ok: false; problems: string[] } {
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
      description: descriptionOf(line.description, known),
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
  if (problems.length > 0) return { ok: false, problems };
  const notices = checklist.overCap ? [overCapNotice(checklist.overCap)] : [];
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

function overCapNotice({ ignored, max }: { ignored: number; max: number }): string {
  const lines = ignored === 1 ? "1 module line" : `${ignored} module lines`;
  return `A plan holds at most ${max} modules, so I kept the first ${max} lines of the checklist and ignored ${lines} after them.`;
}
