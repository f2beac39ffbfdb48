import type { RunEvent, RunState } from "../../core/types.ts";
import type { Emit } from "./events.ts";
import { moduleLine } from "./notices.ts";

/**
 * What the module being worked on is doing, between the forge's commits and results: the
 * attempt about to start (from the state before a step) and its code written, now building
 * (from the events the step applies).
 */
export function moduleProgress(emit: Emit) {
  const current = new Map<string, { line: string; attempt: number; maxAttempts: number }>();
  return {
    before(state: RunState): void {
      if (state.phase !== "generating" || !state.generation) return;
      const { generation } = state;
      const module = generation.modules[generation.current];
      if (!module) return;
      const line = moduleLine({ ...module, status: "running" }, generation.maxAttempts);
      const attempt = module.attempts + 1;
      current.set(module.name, { line, attempt, maxAttempts: generation.maxAttempts });
      emit({
        type: "module",
        module: module.name,
        status: "running",
        stage: "generating",
        attempt,
        maxAttempts: generation.maxAttempts,
        tests: null,
        commit: module.lastCommit,
        line,
      });
    },
    observe(event: RunEvent): void {
      if (event.type !== "code_generated") return;
      const known = current.get(event.module);
      if (!known) return;
      emit({
        type: "module",
        module: event.module,
        status: "running",
        stage: "building",
        attempt: known.attempt,
        maxAttempts: known.maxAttempts,
        tests: null,
        commit: null,
        line: known.line,
      });
    },
  };
}

export type ModuleProgressTracker = ReturnType<typeof moduleProgress>;
