import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import type { RunState } from "../../../src/core/types.ts";
import {
  createRunStore,
  type RunStoreOptions,
} from "../../../src/persistence/run-store/create-run-store.ts";
import type { DurableRunStore } from "../../../src/persistence/run-store/run-store.ts";
import { decodeRunState } from "../../../src/persistence/run-store/stored-run-state.ts";
import { awaitingSelection, plan } from "../../core/fixtures.ts";
import yesterday from "./fixtures/run-states-1384d6c.json" with { type: "json" };
import { put } from "./put.ts";
import { stateTag, taggedState } from "./tagged-state.ts";

const SAVER = fileURLToPath(new URL("./fixtures/saver.ts", import.meta.url));
const RACING_WORKER = fileURLToPath(new URL("./fixtures/racing-worker.ts", import.meta.url));
const run = promisify(execFile);

export type RunStoreBackend = {
  freshDatabase(): Promise<RunStoreOptions>;
  dropDatabase(options: RunStoreOptions): Promise<void>;
  /** Writes `json` as the stored state of `key`, bypassing the store, to damage a row. */
  writeRaw(options: RunStoreOptions, key: string, json: string): Promise<void>;
  /** Creates the runs table as the app of commit 1384d6c did (no revision), with these rows. */
  writeLegacyRows(options: RunStoreOptions, rows: Record<string, unknown>): Promise<void>;
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
    await put(store, "o/r#1", first);
    await put(store, "o/r#2", awaitingSelection({ version: 9 }));
    expect(await store.load("o/r#1")).toEqual(first);

    const second = taggedState("second", 4);
    await put(store, "o/r#1", second);
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
    await put(store, "o/r#1", hostile);
    const loaded = await store.load("o/r#1");
    expect(loaded?.phase === "awaiting_selection" && loaded.plan.summary).toBe(
      "binary\ufffdoutput, a literal \\u0000 stays",
    );
  });

  it("counts runs by phase", async () => {
    const store = await open(await database());
    await put(store, "o/r#1", awaitingSelection());
    await put(store, "o/r#2", awaitingSelection());
    await put(store, "o/r#3", { ...awaitingSelection(), phase: "analyzing" } as RunState);
    expect(await store.countByPhase()).toEqual({ awaiting_selection: 2, analyzing: 1 });
  });

  it("saves only over the expected revision, and each save bumps it", async () => {
    const store = await open(await database());
    const first = awaitingSelection({ version: 1 });
    const second = awaitingSelection({ version: 1, planComment: null });
    expect(await store.saveIfRevision("o/r#1", first, 0)).toBeNull();
    expect(await store.saveIfRevision("o/r#1", first, null)).toBe(1);
    expect(await store.saveIfRevision("o/r#1", second, null)).toBeNull();
    expect(await store.saveIfRevision("o/r#1", second, 5)).toBeNull();
    // The revision moves even when the state's own version does not.
    expect(await store.saveIfRevision("o/r#1", second, 1)).toBe(2);
    expect(await store.saveIfRevision("o/r#1", first, 1)).toBeNull();
    expect(await store.read("o/r#1")).toEqual({ state: second, revision: 2 });
  });

  it("names the key when a stored state is damaged", async () => {
    const options = await database();
    const store = await open(options);
    await put(store, "o/r#1", awaitingSelection());
    await backend.writeRaw(options, "o/r#1", JSON.stringify({ phase: 42 }));
    await expect(store.load("o/r#1")).rejects.toThrow(/o\/r#1 is damaged/);
  });

  it("reads the table and rows yesterday's app wrote, and saves over them", async () => {
    const options = await database();
    await backend.writeLegacyRows(options, yesterday);
    const store = await open(options);
    for (const [key, row] of Object.entries(yesterday)) {
      expect(await store.read(key)).toEqual({ state: decodeRunState(key, row), revision: 0 });
    }
    const key = "octo-org/expenses#1";
    const state = { ...(await store.load(key)), version: 99 } as RunState;
    expect(await store.saveIfRevision(key, state, 0)).toBe(1);
    expect(await store.read(key)).toEqual({ state, revision: 1 });
  });

  it("loses no compare-and-set update when two processes race on one key", async () => {
    const options = await database();
    await open(options);
    const outputs = await twoSavers(options, "cas", ["o/r#1", "150"], ["o/r#1", "150"]);
    const store = await open(options);
    expect(await store.read("o/r#1")).toMatchObject({ state: { version: 300 }, revision: 300 });
    // The two really raced: some sets found the other's write and tried again.
    const conflicts = outputs.reduce((sum, output) => sum + Number(output.stdout.trim()), 0);
    expect(conflicts).toBeGreaterThan(0);
  }, 60_000);

  it("two workers racing on one run: one saves, the other reloads instead of overwriting", async () => {
    const options = await database();
    const store = await open(options);
    const seeded = await put(store, "o/r#1", awaitingSelection());
    const barrier = await mkdtemp(join(tmpdir(), "race-"));
    type Report = { me: string; lost: string | null; seen: string[] };
    const worker = (me: string, other: string, command: string) =>
      run(process.execPath, [
        RACING_WORKER,
        JSON.stringify(options),
        "o/r#1",
        barrier,
        me,
        other,
        command,
      ]).then(({ stdout }) => JSON.parse(stdout) as Report);
    try {
      const reports = await Promise.all([
        worker("aborter", "asker", "abort"),
        worker("asker", "aborter", "status"),
      ]);
      const loser = reports.find((report) => report.lost !== null);
      const winner = reports.find((report) => report.lost === null);
      expect(loser?.lost).toMatch(
        /^another process saved run o\/r#1 while step step-\w+ ran; not saving over it/,
      );
      // Both decided on the seed; the winner saved, and the loser's retry decided on the
      // winner's state (/abort moves the run to aborted, /status leaves it) and saved over it.
      expect(winner?.seen).toEqual(["awaiting_selection"]);
      const winnersState = winner?.me === "aborter" ? "aborted" : "awaiting_selection";
      expect(loser?.seen).toEqual(["awaiting_selection", winnersState]);
      expect(await store.read("o/r#1")).toMatchObject({
        state: { phase: "aborted" },
        revision: seeded + 2,
      });
    } finally {
      await rm(barrier, { recursive: true, force: true });
    }
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
