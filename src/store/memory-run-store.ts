import type { RunState } from "../workflow/types.ts";
import type { RunStore } from "./run-store.ts";

/** Run state in process memory: for tests and single-process development. */
export function createMemoryRunStore(): RunStore {
  const runs = new Map<string, RunState>();
  return {
    async load(key) {
      const state = runs.get(key);
      return state === undefined ? undefined : structuredClone(state);
    },
    async save(key, state) {
      runs.set(key, structuredClone(state));
    },
  };
}
