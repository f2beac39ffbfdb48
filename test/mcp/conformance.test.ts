import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttpServer, serveOverHttp } from "../../src/mcp/server/serve-http.ts";
import { python } from "../../src/stacks/python/profile.ts";

const run = promisify(execFile);
const CONFORMANCE = fileURLToPath(
  new URL("../../node_modules/@modelcontextprotocol/conformance/dist/index.js", import.meta.url),
);
/** Scenario → why it does not apply to a tools-only server. */
const BASELINE = JSON.parse(
  readFileSync(new URL("./conformance-baseline.json", import.meta.url), "utf8"),
) as Record<string, string>;

type Check = { status: string; errorMessage?: string };

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, all local: it needs
 * no network) against `codegen mcp python --http`'s server. A scenario failing outside the
 * baseline fails this test, and so does a baselined scenario that now passes.
 */
describe("MCP conformance of the Streamable HTTP server", () => {
  let server: RunningHttpServer;
  let dir: string;
  beforeAll(async () => {
    server = await serveOverHttp(python, { host: "127.0.0.1", port: 0 });
    dir = mkdtempSync(join(tmpdir(), "codegen-conformance-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails exactly the baselined scenarios", { timeout: 300_000 }, async () => {
    const baselineYaml = join(dir, "baseline.yml");
    writeFileSync(
      baselineYaml,
      `server:\n${Object.keys(BASELINE)
        .map((scenario) => `  - ${scenario}\n`)
        .join("")}`,
    );
    const results = join(dir, "results");

    const exit = await run(process.execPath, [
      CONFORMANCE,
      "server",
      "--url",
      server.url,
      "--expected-failures",
      baselineYaml,
      "-o",
      results,
    ]).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );

    const outcomes = readOutcomes(results);
    expect(Object.keys(outcomes).length).toBeGreaterThan(20);
    const failed = Object.entries(outcomes)
      .filter(([, checks]) => checks.some((check) => check.status === "FAILURE"))
      .map(([scenario, checks]) => ({
        scenario,
        why: checks.find((check) => check.status === "FAILURE")?.errorMessage,
      }));
    const unexpected = failed.filter(({ scenario }) => !(scenario in BASELINE));
    const nowPassing = Object.keys(BASELINE).filter(
      (scenario) => scenario in outcomes && !failed.some((f) => f.scenario === scenario),
    );
    expect(unexpected, "failed outside the baseline").toEqual([]);
    expect(nowPassing, "baselined but passing: remove from the baseline").toEqual([]);
    expect(exit.code, exit.stdout).toBe(0);
  });
});

/** checks.json of each scenario run, keyed by scenario (directories are server-<id>-<time>). */
function readOutcomes(results: string): Record<string, Check[]> {
  const outcomes: Record<string, Check[]> = {};
  for (const entry of readdirSync(results)) {
    const scenario = entry.replace(/^server-/, "").replace(/-\d{4}-\d\d-\d\dT.*$/, "");
    outcomes[scenario] = JSON.parse(
      readFileSync(join(results, entry, "checks.json"), "utf8"),
    ) as Check[];
  }
  return outcomes;
}
