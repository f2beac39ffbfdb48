import type { RunState } from "../../../src/core/types.ts";
import { awaitingSelection, plan } from "../../core/fixtures.ts";

/** A state big enough to span pages, every module carrying `tag`, so a torn write would show. */
export function taggedState(tag: string, version: number): RunState {
  const template = plan.modules[0];
  if (!template) throw new Error("the fixture plan has no modules");
  const modules = Array.from({ length: 200 }, (_, n) => ({
    ...template,
    name: `module-${n}`,
    description: `${tag} `.repeat(40),
  }));
  return awaitingSelection({ version, plan: { ...plan, summary: tag, modules } });
}

/** The tag every part of the state carries, or null when the parts disagree. */
export function stateTag(state: RunState): string | null {
  if (state.phase !== "awaiting_selection") return null;
  const tag = state.plan.summary;
  const whole = state.plan.modules.every((module) => module.description === `${tag} `.repeat(40));
  return whole && state.plan.modules.length === 200 ? tag : null;
}
