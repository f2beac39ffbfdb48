import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serveOverHttp } from "../../src/mcp/server/serve-http.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { type CliHttpServer, runCliToExit, startCliHttpServer } from "./helpers/cli-http-server.ts";
import {
  type FakeModelServer,
  SERVER_MODEL,
  serverModelEnv,
  startFakeModelServer,
} from "./helpers/fake-model-server.ts";
import { PLAN_STEPS, SLUGIFY, SLUGIFY_FILES } from "./helpers/fixtures.ts";
import { moduleAnswer } from "./helpers/llm.ts";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "raw", version: "1.0.0" },
  },
};

/** A raw initialize POST with chosen headers (node:http, so Host can be forged too). */
function postInitialize(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(INITIALIZE));
  });
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "no-sampling-http-client", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
  );
  return client;
}

describe("codegen mcp python --http", () => {
  let model: FakeModelServer;
  let server: CliHttpServer | undefined;
  let client: Client | undefined;
  beforeEach(async () => {
    model = await startFakeModelServer();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server?.close();
    server = undefined;
    await model.close();
  });

  it("serves generate_module on loopback to a client without sampling, with its own model", async () => {
    server = await startCliHttpServer(["python", "--http", "--port", "0"], serverModelEnv(model));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    client = await connect(server.url);
    model.answer(moduleAnswer({ steps: ["done"], files: SLUGIFY_FILES.python }));

    const result = await client.callTool({
      name: "generate_module",
      arguments: { module: SLUGIFY, steps: PLAN_STEPS, files: [] },
    });

    expect(result.structuredContent).toEqual({ steps: ["done"], files: SLUGIFY_FILES.python });
    expect(result._meta).toEqual({ "codegen/model": SERVER_MODEL, "codegen/via": "server" });
  });

  it("refuses a foreign Origin and a rebound Host with 403, and lets a local page in", async () => {
    server = await startCliHttpServer(["python", "--http", "--port", "0"]);

    const foreign = await postInitialize(server.url, { origin: "https://evil.example" });
    const rebound = await postInitialize(server.url, { host: "evil.example:80" });
    const notHttp = await postInitialize(server.url, { origin: "null" });
    const local = await postInitialize(server.url, { origin: "http://localhost:6274" });

    expect(foreign).toEqual({
      status: 403,
      body: expect.stringContaining("Origin https://evil.example may not call this server"),
    });
    expect(rebound).toEqual({
      status: 403,
      body: expect.stringContaining("Host evil.example:80 is not this machine"),
    });
    expect(notHttp.status).toBe(403);
    expect(local.status).toBe(200);
  });

  it("requires the bearer token when one is set", async () => {
    server = await startCliHttpServer(["python", "--http", "--port", "0", "--token", "s3cret"]);

    const missing = await postInitialize(server.url, {});
    const wrong = await postInitialize(server.url, { authorization: "Bearer s3crex" });
    client = await connect(server.url, { authorization: "Bearer s3cret" });
    const { tools } = await client.listTools();

    expect(missing.status).toBe(401);
    expect(missing.body).toContain("send Authorization: Bearer <token>");
    expect(wrong.status).toBe(401);
    expect(tools.map((tool) => tool.name)).toContain("generate_module");
  });

  it("takes the token from CODEGEN_MCP_TOKEN", async () => {
    server = await startCliHttpServer(["python", "--http", "--port", "0"], {
      CODEGEN_MCP_TOKEN: "from-env",
    });

    expect((await postInitialize(server.url, {})).status).toBe(401);
    expect((await postInitialize(server.url, { authorization: "Bearer from-env" })).status).toBe(
      200,
    );
  });

  it("refuses to bind beyond loopback without a token, saying what to do", async () => {
    const { code, stderr } = await runCliToExit(["python", "--http", "--host", "0.0.0.0"]);

    expect(code).toBe(2);
    expect(stderr).toContain(
      "codegen: refusing to serve on 0.0.0.0 without a token: anyone who can reach it could spend this server's model. Pass --token <secret> (or set CODEGEN_MCP_TOKEN), or bind to 127.0.0.1.",
    );
  });

  it("rejects --port without --http", async () => {
    const { code, stderr } = await runCliToExit(["python", "--port", "80"]);

    expect(code).toBe(2);
    expect(stderr).toContain("codegen: --host, --port and --token need --http");
  });
});

describe("serveOverHttp's sessions", () => {
  it("keeps at most maxSessions open: a new session closes the oldest", async () => {
    const server = await serveOverHttp(python, { host: "127.0.0.1", port: 0, maxSessions: 2 });
    const clients = [] as Client[];
    try {
      for (let i = 0; i < 3; i++) clients.push(await connect(server.url));
      const [oldest, second, newest] = clients as [Client, Client, Client];

      await expect(oldest.listTools()).rejects.toThrow(/unknown or expired session/);
      expect((await second.listTools()).tools).toHaveLength(3);
      expect((await newest.listTools()).tools).toHaveLength(3);
    } finally {
      await Promise.allSettled(clients.map((client) => client.close()));
      await server.close();
    }
  });
});
