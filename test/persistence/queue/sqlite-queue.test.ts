import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe } from "vitest";
import { describeQueueConformance } from "./queue-conformance.ts";

describe("SQLite queue", () => {
  describeQueueConformance({
    async freshDatabase() {
      const dir = await mkdtemp(join(tmpdir(), "sqlite-queue-"));
      return { sqlitePath: join(dir, "nested", "jobs.db") };
    },
    async dropDatabase(options) {
      if (options.sqlitePath)
        await rm(dirname(dirname(options.sqlitePath)), { recursive: true, force: true });
    },
    leaseMs: 1_000,
    pollMs: 50,
  });
});
