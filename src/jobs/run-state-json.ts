import { z } from "zod";
import type { RunState } from "../workflow/types.ts";

// Only what every run state has: the stores hold what the app wrote, so this catches a damaged
// or foreign row, not every field.
const storedRunState = z.looseObject({ version: z.number().int(), phase: z.string() });

function isRunState(value: unknown): value is RunState {
  return storedRunState.safeParse(value).success;
}

/** A run state read back from a database row; throws naming the key when the row is damaged. */
export function parseStoredRunState(key: string, value: unknown): RunState {
  if (!isRunState(value)) {
    const issues = storedRunState.safeParse(value).error?.message ?? "not an object";
    throw new Error(`the stored run state for ${key} is damaged: ${issues}`);
  }
  return value;
}
