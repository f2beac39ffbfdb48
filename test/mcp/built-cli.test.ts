import { execFile } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script, shared with package.json's build.
import { copyAssets } from "../../scripts/copy-assets.mjs";
import { createSamplingHandler } from "../../src/mcp/router/sampling-handler.ts";
import { PLAN_STEPS, SLUGIFY, SLUGIFY_FILES } from "./helpers/fixtures.ts";
import { mockCompletion, moduleAnswer, testLlm } from "./helpers/llm.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Inside the repository so the built files resolve their dependencies from node_modules.
const OUT = join(ROOT, "node_modules/.cache/codegen-built-cli-test", String(process.pid));

/**
 * Builds src/cli.ts and what it imports the way `npm run build` does (tsconfig.build.json, then
 * the prompt files), and runs the JavaScript: what `codegen mcp <language>` runs once installed.
 */
describe("the built command line", () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const config = join(OUT, "tsconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(ROOT, "tsconfig.build.json"),
        compilerOptions: { outDir: join(OUT, "dist"), rootDir: join(ROOT, "src") },
        include: [],
        files: [join(ROOT, "src/cli.ts")],
      }),
    );
    await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", config]);
    // As package.json's build script: the prompts and every Dockerfile, no sources.
    copyAssets(join(ROOT, "src"), join(OUT, "dist"));
    cpSync(join(ROOT, "bin"), join(OUT, "bin"), { recursive: true });
  });
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it("prints its usage", async () => {
    const { stdout } = await run(process.execPath, [join(OUT, "dist/cli.js"), "--help"]);

    expect(stdout).toContain("Usage: codegen mcp <language> [--allow-workflow-paths]");
  });

  it("runs as the installed `codegen` command: bin/codegen.mjs checks Node, then loads dist/cli.js", async () => {
    const { stdout } = await run(process.execPath, [join(OUT, "bin/codegen.mjs"), "--help"]);

    expect(stdout).toContain(
      "Usage: codegen mcp <language> [--allow-workflow-paths] [--http [--host H] [--port N] [--token T]]\n       codegen doctor",
    );
  });

  it("runs `codegen doctor` from dist, the sandbox images' Dockerfiles included", async () => {
    const failure = await run(process.execPath, [join(OUT, "bin/codegen.mjs"), "doctor"], {
      cwd: OUT,
      env: { PATH: process.env.PATH ?? "", HOME: OUT },
    }).catch((error: { code: number; stdout: string }) => error);

    // No GitHub App settings here: exit 1, yet the sandbox part is checked from dist.
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stdout: string }).stdout).toMatch(
      /^sandbox +ok +Docker \S+ answers .*; all 4 sandbox images are built$/m,
    );
  });

  it("rejects an unknown language on stderr, with the supported ones", async () => {
    const failure = await run(process.execPath, [join(OUT, "dist/cli.js"), "mcp", "cobol"]).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    expect(failure).toMatchObject({ code: 2, stdout: "" });
    expect((failure as { stderr: string }).stderr).toContain(
      "codegen: unsupported language: cobol\n\nUsage",
    );
    expect((failure as { stderr: string }).stderr).toContain("Languages: python, node, java, go");
  });

  it("serves `mcp python` over stdio from dist/cli.js, prompts included", async () => {
    const client = new Client(
      { name: "test", version: "1.0.0" },
      { capabilities: { sampling: {} } },
    );
    client.setRequestHandler(
      CreateMessageRequestSchema,
      createSamplingHandler(testLlm(), () => {}),
    );
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(OUT, "dist/cli.js"), "mcp", "python"],
        env: getDefaultEnvironment(),
      }),
    );
    try {
      mockCompletion(moduleAnswer({ steps: ["done"], files: SLUGIFY_FILES.python }));

      const result = await client.callTool({
        name: "generate_module",
        arguments: { module: SLUGIFY, steps: PLAN_STEPS, files: [] },
      });

      expect(result.structuredContent).toEqual({ steps: ["done"], files: SLUGIFY_FILES.python });
    } finally {
      await client.close();
    }
  });
});
