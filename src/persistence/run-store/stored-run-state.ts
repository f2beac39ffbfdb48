import type { z } from "zod";
import type { RunState } from "../../core/types.ts";
import { nulFreeJson } from "../nul-free-json.ts";
import { MIGRATIONS } from "./run-state-migrations.ts";
import { RUN_STATE_SCHEMA_VERSION, runStateSchema } from "./run-state-schema.ts";

/**
 * A run state as it is written to a row: the state's fields and the schema version, with
 * no NUL characters (see nul-free-json).
 */
export function encodeRunState(state: RunState): string {
  return nulFreeJson({ schemaVersion: RUN_STATE_SCHEMA_VERSION, ...state });
}

/**
 * A run state read back from a row: migrated from the version it was written in, then
 * checked against today's schema. Throws naming the key and the field when the row is damaged.
 */
export function decodeRunState(key: string, stored: unknown): RunState {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) {
    throw new Error(`the stored run state for ${key} is damaged: not a JSON object`);
  }
  const { schemaVersion = 0, ...fields } = stored as Record<string, unknown>;
  if (typeof schemaVersion !== "number" || !Number.isInteger(schemaVersion) || schemaVersion < 0) {
    throw new Error(
      `the stored run state for ${key} is damaged: schemaVersion ${JSON.stringify(schemaVersion)} is not a version`,
    );
  }
  if (schemaVersion > RUN_STATE_SCHEMA_VERSION) {
    throw new Error(
      `the stored run state for ${key} has schema version ${schemaVersion}, written by a newer release of the app; this one reads up to version ${RUN_STATE_SCHEMA_VERSION}`,
    );
  }
  const migrated = MIGRATIONS.slice(schemaVersion).reduce(
    (state, migrate) => migrate(state),
    fields,
  );
  const parsed = runStateSchema.safeParse(migrated);
  if (!parsed.success) {
    throw new Error(`the stored run state for ${key} is damaged: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map(
      (issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(the row)"}: ${issue.message}`,
    )
    .join("; ");
}
