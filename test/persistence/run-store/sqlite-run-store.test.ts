import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe } from "vitest";
import { describeRunStoreConformance } from "./run-store-conformance.ts";

describe("SQLite run store", () => {
  describeRunStoreConformance({
    async freshDatabase() {
      const dir = await mkdtemp(join(tmpdir(), "sqlite-runs-"));
      return { sqlitePath: join(dir, "codegen.db") };
    },
    async dropDatabase(options) {
      if (options.sqlitePath)
        await rm(dirname(options.sqlitePath), { recursive: true, force: true });
    },
    async writeRaw(options, key, json) {
      const db = new DatabaseSync(options.sqlitePath ?? "", { timeout: 5_000 });
      db.prepare("UPDATE runs SET state = ? WHERE key = ?").run(json, key);
      db.close();
    },
    async writeLegacyRows(options, rows) {
      const db = new DatabaseSync(options.sqlitePath ?? "", { timeout: 5_000 });
      db.exec(`CREATE TABLE runs (
        key TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      )`);
      const insert = db.prepare("INSERT INTO runs VALUES (?, ?, ?, ?)");
      for (const [key, state] of Object.entries(rows)) {
        insert.run(key, (state as { version: number }).version, JSON.stringify(state), Date.now());
      }
      db.close();
    },
  });
});
