import type { RunState } from "../../../src/core/types.ts";
import type { RunStore } from "../../../src/persistence/run-store/run-store.ts";

/** Saves `state` over whatever is stored (for seeding tests): read, then compare-and-set. */
export async function put(store: RunStore, key: string, state: RunState): Promise<number> {
  for (;;) {
    const revision = await store.saveIfRevision(
      key,
      state,
      (await store.read(key))?.revision ?? null,
    );
    if (revision !== null) return revision;
  }
}
