import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("the codegen command in a checkout", () => {
  it.skipIf(existsSync(`${ROOT}dist/cli.js`))(
    "runs the TypeScript source when dist/ was never built",
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["bin/codegen.mjs", "--help"],
        {
          cwd: ROOT,
        },
      );
      expect(stdout).toMatch(/^Usage: codegen run "what to build"/);
      expect(stdout).toContain("Usage: codegen mcp <language>");
      expect(stdout).toContain("codegen doctor");
    },
  );

  it("prints the run command's options for `codegen run --help`", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["bin/codegen.mjs", "run", "--help"],
      { cwd: ROOT },
    );
    expect(stdout).toMatch(/^Usage: codegen run "what to build"/);
    expect(stdout).toContain("--on-failure continue|abort");
    expect(stdout).not.toContain("codegen mcp");
  });
});
