import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const OPEN_AT = fileURLToPath(new URL("./fixtures/open-at.ts", import.meta.url));
const run = promisify(execFile);

describe("openSqlite", () => {
  it("lets several processes create the same database file at the same moment", async () => {
    // Switching a new file to WAL fails with "database is locked" for all but one opener
    // unless it is retried: seen when two workers start together.
    for (let round = 0; round < 5; round++) {
      const path = join(mkdtempSync(join(tmpdir(), "codegen-open-")), "codegen.db");
      const at = String(Date.now() + 700);
      const outputs = await Promise.all(
        [1, 2, 3].map(() =>
          run(process.execPath, [OPEN_AT, path, at]).then((r) => r.stdout.trim()),
        ),
      );
      expect(outputs).toEqual(["opened", "opened", "opened"]);
    }
  });
});
