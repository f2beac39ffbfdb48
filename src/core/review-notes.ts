import type { ReviewNote, RunState } from "./types.ts";

type Assigned = { modules: { module: string; notes: ReviewNote[] }[]; unassigned: ReviewNote[] };

/**
 * Maps review notes to the modules they concern: a line comment to the module owning its
 * file, PR-level instructions to the modules they name (or the only module there is).
 */
export function assignReviewNotes(state: RunState, notes: readonly ReviewNote[]): Assigned {
  const generation = "generation" in state ? state.generation : null;
  const plan = "plan" in state ? state.plan : null;
  if (!generation || !plan) return { modules: [], unassigned: [...notes] };
  const names = generation.modules.map((module) => module.name);
  const owner = (path: string) =>
    generation.modules.find(
      (module) =>
        module.files.includes(path) ||
        plan.modules.find((planned) => planned.name === module.name)?.files.includes(path),
    )?.name;
  const byModule = new Map<string, ReviewNote[]>();
  const unassigned: ReviewNote[] = [];
  const add = (module: string, note: ReviewNote) =>
    byModule.set(module, [...(byModule.get(module) ?? []), note]);
  for (const note of notes) {
    const lineOwner = note.path ? owner(note.path) : undefined;
    if (lineOwner) {
      add(lineOwner, note);
      continue;
    }
    const named = names.filter((name) =>
      new RegExp(`(^|[^\\w-])${escapeRegExp(name)}([^\\w-]|$)`).test(note.body),
    );
    const targets = named.length > 0 ? named : names.length === 1 ? names : [];
    if (targets.length === 0) unassigned.push(note);
    for (const module of targets) add(module, note);
  }
  return {
    modules: names
      .filter((name) => byModule.has(name))
      .map((module) => ({ module, notes: byModule.get(module) ?? [] })),
    unassigned,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
