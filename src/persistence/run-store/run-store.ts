import type { RunState } from "../../core/types.ts";

/** A stored run state and the store's revision of it, bumped by every save. */
export type StoredRun = { state: RunState; revision: number };

/**
 * Where each issue's run state lives between webhooks. Keyed by the run key (core/run-key.ts).
 * Every save is compare-and-set on the revision, so a writer that lost a race finds out.
 */
export type RunStore = {
  load(key: string): Promise<RunState | undefined>;
  /** The state with its revision, for a compare-and-set save. */
  read(key: string): Promise<StoredRun | undefined>;
  /**
   * Saves only if the stored revision is still `revision` (null: only if nothing is stored).
   * Resolves to the new revision, or null when another writer saved first.
   */
  saveIfRevision(key: string, state: RunState, revision: number | null): Promise<number | null>;
};

/** A run store that survives restarts and is shared by every process using the same database. */
export type DurableRunStore = RunStore & {
  /** How many runs are in each phase, for /metrics. */
  countByPhase(): Promise<Record<string, number>>;
  close(): Promise<void>;
};
