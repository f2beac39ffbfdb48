import type { RunState } from "../../core/types.ts";
import type { RunStore } from "./run-store.ts";

/** Run state in process memory: for tests and single-process development. */
export function createMemoryRunStore(): RunStore {
  const runs = new Map<string, { state: RunState; revision: number }>();
  const read = async (key: string) => {
    const run = runs.get(key);
    return run === undefined ? undefined : structuredClone(run);
  };
  return {
    read,
    async load(key) {
      return (await read(key))?.state;
    },
    async saveIfRevision(key, state, revision) {
      if ((runs.get(key)?.revision ?? null) !== revision) return null;
      const next = (revision ?? 0) + 1;
      runs.set(key, { state: structuredClone(state), revision: next });
      return next;
    },
  };
}
