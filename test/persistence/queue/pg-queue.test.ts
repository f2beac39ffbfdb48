import { describe } from "vitest";
import { dropSchema, postgresStatus, uniqueSchema } from "../../helpers/postgres.ts";
import { describeQueueConformance } from "./queue-conformance.ts";

const postgres = await postgresStatus();

describe.skipIf(!postgres.available)("PostgreSQL queue (pg-boss)", () => {
  const url = postgres.available ? postgres.url : "";
  describeQueueConformance({
    async freshDatabase() {
      return { databaseUrl: url, pgSchema: uniqueSchema("queue") };
    },
    async dropDatabase(options) {
      if (options.pgSchema) await dropSchema(url, options.pgSchema);
    },
    // pg-boss's shortest heartbeat.
    leaseMs: 10_000,
    pollMs: 500,
  });
});
