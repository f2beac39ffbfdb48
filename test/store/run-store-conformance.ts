import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import {
  createRunStore,
  type DurableRunStore,
  type RunStoreOptions,
} from "../../src/store/create-run-store.ts";
import type { RunState } from "../../src/workflow/types.ts";
import { awaitingSelection, plan } from "../workflow/fixtures.ts";
import { stateTag, taggedState } from "./tagged-state.ts";

const SAVER = fileURLToPath(new URL("./fixtures/saver.ts", import.meta.url));
const run = promisify(execFile);

export type RunStoreBackend = {
  freshDatabase(): Promise<RunStoreOptions>;
  dropDatabase(options: RunStoreOptions): Promise<void>;
  /** Writes `json` as the stored state of `key`, bypassing the store, to damage a row. */
  writeRaw(options: RunStoreOptions, key: string, json: string): Promise<void>;
};

/** What every durable run store guarantees, against a real database. */
export function describeRunStoreConformance(backend: RunStoreBackend): void {
  const stores: DurableRunStore[] = [];
  const databases: RunStoreOptions[] = [];

  async function database(): Promise<RunStoreOptions> {
    const options = await backend.freshDatabase();
    databases.push(options);
    return options;
  }

  async function open(options: RunStoreOptions): Promise<DurableRunStore> {
    const store = await createRunStore(options);
    stores.push(store);
    return store;
  }

  /** Two saver processes that start writing at the same moment, once both are up. */
  async function twoSavers(options: RunStoreOptions, mode: string, ...args: string[][]) {
    const start = String(Date.now() + 1_500);
    return Promise.all(
      args.map((rest) =>
        run(process.execPath, [SAVER, mode, JSON.stringify(options), start, ...rest]),
      ),
    );
  }

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await Promise.all(databases.splice(0).map((options) => backend.dropDatabase(options)));
  });

  it("round-trips run state per key, overwrites on save, and keeps it across reopening", async () => {
    const options = await database();
    const store = await open(options);
    expect(await store.load("o/r#1")).toBeUndefined();

    const first = taggedState("first", 3);
    await store.save("o/r#1", first);
    await store.save("o/r#2", awaitingSelection({ version: 9 }));
    expect(await store.load("o/r#1")).toEqual(first);

    const second = taggedState("second", 4);
    await store.save("o/r#1", second);
    const reopened = await open(options);
    expect(await reopened.load("o/r#1")).toEqual(second);
    expect(await reopened.load("o/r#2")).toEqual(awaitingSelection({ version: 9 }));
  });

  it("stores text with NUL characters (build output can carry them) as U+FFFD", async () => {
    const store = await open(await database());
    const hostile = awaitingSelection({
      version: 2,
      plan: { ...plan, summary: "binary\u0000output, a literal \\u0000 stays" },
    });
    await store.save("o/r#1", hostile);
    const loaded = await store.load("o/r#1");
    expect(loaded?.phase === "awaiting_selection" && loaded.plan.summary).toBe(
      "binary\ufffdoutput, a literal \\u0000 stays",
    );
  });

  it("counts runs by phase", async () => {
    const store = await open(await database());
    await store.save("o/r#1", awaitingSelection());
    await store.save("o/r#2", awaitingSelection());
    await store.save("o/r#3", { ...awaitingSelection(), phase: "analyzing" } as RunState);
    expect(await store.countByPhase()).toEqual({ awaiting_selection: 2, analyzing: 1 });
  });

  it("saves with saveIfVersion only over the expected version", async () => {
    const store = await open(await database());
    expect(await store.saveIfVersion("o/r#1", awaitingSelection({ version: 1 }), 0)).toBe(false);
    expect(await store.saveIfVersion("o/r#1", awaitingSelection({ version: 1 }), null)).toBe(true);
    expect(await store.saveIfVersion("o/r#1", awaitingSelection({ version: 2 }), null)).toBe(false);
    expect(await store.saveIfVersion("o/r#1", awaitingSelection({ version: 2 }), 5)).toBe(false);
    expect(await store.saveIfVersion("o/r#1", awaitingSelection({ version: 2 }), 1)).toBe(true);
    expect((await store.load("o/r#1"))?.version).toBe(2);
  });

  it("names the key when a stored state is damaged", async () => {
    const options = await database();
    const store = await open(options);
    await store.save("o/r#1", awaitingSelection());
    await backend.writeRaw(options, "o/r#1", JSON.stringify({ phase: 42 }));
    await expect(store.load("o/r#1")).rejects.toThrow(/o\/r#1 is damaged/);
  });

  it("loses no compare-and-set update when two processes race on one key", async () => {
    const options = await database();
    await open(options);
    const outputs = await twoSavers(options, "cas", ["o/r#1", "150"], ["o/r#1", "150"]);
    const store = await open(options);
    expect((await store.load("o/r#1"))?.version).toBe(300);
    // The two really raced: some sets found the other's write and tried again.
    const conflicts = outputs.reduce((sum, output) => sum + Number(output.stdout.trim()), 0);
    expect(conflicts).toBeGreaterThan(0);
  }, 60_000);

  it("never tears a state when two processes overwrite one key", async () => {
    const options = await database();
    await open(options);
    await twoSavers(options, "overwrite", ["o/r#1", "40", "alpha"], ["o/r#1", "40", "beta"]);
    const store = await open(options);
    const state = await store.load("o/r#1");
    expect(state?.version).toBe(39);
    expect(["alpha", "beta"]).toContain(state && stateTag(state));
  }, 60_000);
}
