import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { postgresStatus } from "../helpers/postgres.ts";
import { testPrivateKey } from "../helpers/probot.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const docker = await dockerStatus();
const postgres = await postgresStatus();

/** An OpenAI-compatible endpoint over real HTTP, for the doctor's own process. */
async function modelsEndpoint(answer: { status: number; body: unknown }): Promise<Server> {
  const server = createServer((request, response) => {
    const known = request.url === "/v1/models";
    response.writeHead(known ? answer.status : 404, { "content-type": "application/json" });
    response.end(JSON.stringify(known ? answer.body : { error: { message: "Not Found" } }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

const MODELS = {
  status: 200,
  body: {
    object: "list",
    data: ["test-model", "test-code-model"].map((id) => ({
      id,
      object: "model",
      created: 1_700_000_000,
      owned_by: "system",
    })),
  },
};

/** Runs `npm run doctor`'s script in `cwd` (where a .env may be) with only `env` set. */
function doctor(cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "bin/doctor.mjs")],
      { cwd, env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function rows(table: string): string[][] {
  return table
    .trimEnd()
    .split("\n")
    .map((line) => line.split(/ {2,}/));
}

describe.skipIf(!docker.available || !postgres.available)("codegen doctor", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function settings(answer: { status: number; body: unknown }) {
    const server = await modelsEndpoint(answer);
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    return {
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey().replace(/\n/g, "\\n"),
      WEBHOOK_SECRET: "s3cret",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_MODEL: "test-model",
      OPENAI_CODE_MODEL: "test-code-model",
      DATABASE_URL: postgres.available ? postgres.url : "",
    };
  }

  it("reads .env like npm start, prints every part ok and exits 0", async () => {
    const values = await settings(MODELS);
    const cwd = mkdtempSync(join(tmpdir(), "codegen-doctor-"));
    writeFileSync(
      join(cwd, ".env"),
      Object.entries(values)
        .map(([key, value]) => `${key}=${value}`)
        .join("\n"),
    );

    const result = await doctor(cwd, {});

    expect(result.stderr).toBe("");
    expect(rows(result.stdout)).toEqual([
      ["part", "status", "detail", "fix"],
      ["config", "ok", "every setting is valid"],
      [
        "sandbox",
        "ok",
        expect.stringMatching(/^Docker \S+ answers .*; all 4 sandbox images are built$/),
      ],
      ["llm", "ok", `${values.OPENAI_BASE_URL} answers and offers test-model, test-code-model`],
      ["database", "ok", expect.stringMatching(/^PostgreSQL at \S+ answers$/)],
    ]);
    expect(result.code).toBe(0);
  });

  it("names each failing part with its fix and exits 1", async () => {
    const values = await settings({
      status: 401,
      body: { error: { message: "Incorrect API key provided: sk-test.", code: "invalid_api_key" } },
    });
    const cwd = mkdtempSync(join(tmpdir(), "codegen-doctor-"));

    const result = await doctor(cwd, { ...values, DOCKER_HOST: "unix:///nonexistent.sock" });

    expect(rows(result.stdout)).toEqual([
      ["part", "status", "detail", "fix"],
      ["config", "ok", "every setting is valid"],
      [
        "sandbox",
        "FAIL",
        "the Docker engine at unix:///nonexistent.sock does not answer (connect ENOENT /nonexistent.sock)",
        "start the Docker engine (`. scripts/provision.sh` installs and starts one on Debian), or point DOCKER_HOST at a running engine (setting: DOCKER_HOST)",
      ],
      [
        "llm",
        "FAIL",
        `the LLM endpoint ${values.OPENAI_BASE_URL} refused the key (HTTP 401: Incorrect API key provided: sk-test.)`,
        "set OPENAI_API_KEY to a key this endpoint accepts (setting: OPENAI_API_KEY)",
      ],
      ["database", "ok", expect.stringMatching(/^PostgreSQL at \S+ answers$/)],
    ]);
    expect(result.code).toBe(1);
  });

  it("says how to register the app when there are no credentials yet, and exits 1", async () => {
    const result = await doctor(mkdtempSync(join(tmpdir(), "codegen-doctor-")), {});

    expect(rows(result.stdout)).toEqual([
      ["part", "status", "detail", "fix"],
      [
        "config",
        "FAIL",
        "no GitHub App credentials yet (APP_ID, PRIVATE_KEY)",
        "run `npm start`, open http://localhost:3000 and register the app; it writes .env",
      ],
      ["sandbox", "ok", expect.stringMatching(/^Docker \S+ answers/)],
      ["llm", "skipped", "needs a valid configuration"],
    ]);
    expect(result.code).toBe(1);
  });
});

describe("npm start", () => {
  it("reads .env from where it runs, the environment winning over it", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "codegen-start-"));
    writeFileSync(join(cwd, ".env"), "PORT=http\nLOG_LEVEL=loud\n");

    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, "bin/start.mjs")],
        { cwd, env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), LOG_LEVEL: "info" } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });

    expect(result).toEqual({
      code: 1,
      stderr:
        'Invalid configuration:\n  - PORT: expected a port number\nSee .env.example and README.md ("Configuration").\n',
    });
  });
});
