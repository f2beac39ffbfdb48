import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { z } from "zod";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("fixtures/dependency-rules", import.meta.url));

const report = z.object({
  summary: z.object({
    violations: z.array(
      z.object({ rule: z.object({ name: z.string() }), from: z.string(), to: z.string() }),
    ),
  }),
});

/** Runs `npm run lint:deps`'s cruise, with the repository's rules, over another tree. */
async function violations(cwd: string): Promise<string[]> {
  const cli = `${ROOT}node_modules/dependency-cruiser/bin/dependency-cruiser.mjs`;
  const args = [cli, "src", "--config", `${ROOT}.dependency-cruiser.cjs`, "--output-type", "json"];
  // It exits non-zero when it finds errors; the report is on stdout either way.
  const stdout = await promisify(execFile)(process.execPath, args, { cwd }).then(
    (result) => result.stdout,
    (error: { stdout?: string }) => error.stdout ?? "",
  );
  return report
    .parse(JSON.parse(stdout))
    .summary.violations.map(
      ({ rule, from, to }) => `${rule.name}: ${from} -> ${to.replace(/^.*node_modules\//, "")}`,
    )
    .sort();
}

it("the dependency rules catch each forbidden import in a tree that breaks them all, and nothing allowed", async () => {
  expect(await violations(FIXTURE)).toEqual([
    "config-is-read-not-reading: src/config/env.ts -> src/runtime/start.ts",
    "core-is-pure: src/core/machine.ts -> src/forges/github/render.ts",
    "forges-stay-apart: src/forges/gitlab/render.ts -> src/forges/github/render.ts",
    "no-circular: src/core/plan.ts -> src/core/types.ts",
    "persistence-depends-on-core-only: src/persistence/store.ts -> src/forges/github/render.ts",
    "persistence-depends-on-core-only: src/persistence/store.ts -> src/runtime/start.ts",
    "persistence-imports-no-forge: src/persistence/store.ts -> src/forges/github/render.ts",
    "run-imports-no-forge: src/run/engine.ts -> probot/lib/index.js",
    "run-imports-no-forge: src/run/engine.ts -> src/forges/github/render.ts",
    "runtime-is-the-top: src/config/env.ts -> src/runtime/start.ts",
    "runtime-is-the-top: src/persistence/store.ts -> src/runtime/start.ts",
    "tools-import-no-forge: src/mcp/server.ts -> probot/lib/index.js",
    "tools-import-no-forge: src/sandbox/runner.ts -> @octokit/not-installed",
    "tools-import-no-forge: src/sandbox/runner.ts -> @octokit/webhooks",
  ]);
});
