import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createQueue } from "../../../src/persistence/queue/create-queue.ts";
import { jobUuid } from "../../../src/persistence/queue/job-uuid.ts";
import type { JobQueue } from "../../../src/persistence/queue/queue.ts";
import { createRunStore } from "../../../src/persistence/run-store/create-run-store.ts";
import { dropSchema, postgresStatus, uniqueSchema } from "../../helpers/postgres.ts";

const postgres = await postgresStatus();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("createQueue and createRunStore", () => {
  const queues: JobQueue[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop()));
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it("use the SQLite file without a database URL, creating its folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "factory-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const sqlitePath = join(dir, "data", "codegen.db");
    const queue = await createQueue({ sqlitePath });
    queues.push(queue);
    expect(queue.backend).toBe("sqlite");
    const store = await createRunStore({ sqlitePath });
    cleanups.push(() => store.close());
    expect(await store.load("o/r#1")).toBeUndefined();
  });

  it.skipIf(!postgres.available)("use PostgreSQL when a database URL is set", async () => {
    const url = postgres.available ? postgres.url : "";
    const pgSchema = uniqueSchema("factory");
    cleanups.push(() => dropSchema(url, pgSchema));
    const queue = await createQueue({ databaseUrl: url, pgSchema });
    queues.push(queue);
    expect(queue.backend).toBe("postgres");
    const store = await createRunStore({ databaseUrl: url, pgSchema });
    cleanups.push(() => store.close());
    expect(await store.load("o/r#1")).toBeUndefined();
  });
});

describe("jobUuid", () => {
  it("keeps a delivery id that is a UUID, lower-cased", () => {
    expect(jobUuid("72D3162E-CC78-11E3-81AB-4C9367DC0958")).toBe(
      "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    );
  });

  it("maps any other id to a stable, distinct UUID", () => {
    expect(jobUuid("retry:o/r#1:3")).toMatch(UUID);
    expect(jobUuid("retry:o/r#1:3")).toBe(jobUuid("retry:o/r#1:3"));
    expect(jobUuid("retry:o/r#1:4")).not.toBe(jobUuid("retry:o/r#1:3"));
  });
});
