import type { RunStore } from "../../src/store/run-store.ts";
import type { RunState } from "../../src/workflow/types.ts";

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
