import { createServer as createTcpServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import nock from "nock";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import {
  createLanguageServer,
  createMcpRouter,
  type ExternalServer,
  ExternalServerConfigError,
  type McpRouter,
  McpServerUnreachableError,
  McpToolError,
  parseExternalServers,
  UnsupportedLanguageError,
} from "../../src/mcp/index.ts";
import type { ServerProfile } from "../../src/mcp/server/server-profile.ts";
import { PROFILES } from "../../src/stacks/builtin.ts";
import { NON_ASCII_DOCS_PATH } from "../fixtures/long-paths.ts";
import { startSilentServer } from "../helpers/silent-server.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { PLAN_STEPS, SLUGIFY, SLUGIFY_FILES } from "./helpers/fixtures.ts";
import { type RunningHttpServer, serveOverHttp } from "./helpers/http-server.ts";
import {
  type ChatRequest,
  LLM_BASE_URL,
  mockCompletion,
  moduleAnswer,
  testLlm,
} from "./helpers/llm.ts";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

const RUST: ServerProfile = {
  id: "rust",
  displayName: "Rust",
  conventions: ["Rust 2021 edition, a library crate with unit tests in #[cfg(test)] modules."],
  toolchain: {
    language: "rust",
    dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y cargo\n",
    install: null,
    build: "cargo build --offline",
    test: "cargo test --offline -- -Z unstable-options --format junit > target/junit.xml",
    testReport: { format: "junit", path: "target/junit.xml" },
    limits: { memoryMb: 1024, phaseTimeoutSec: 300 },
  },
};
const RUST_FILES = [
  { path: "Cargo.toml", content: '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n' },
  { path: "src/lib.rs", content: "pub fn slugify(t: &str) -> String { t.to_lowercase() }\n" },
];

const generateRequest = { module: SLUGIFY, steps: PLAN_STEPS, files: [] };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function router(options: Partial<Parameters<typeof createMcpRouter>[0]> = {}): McpRouter {
  const created = createMcpRouter({ llm: testLlm(), ...options });
  cleanups.push(() => created.close());
  return created;
}

async function httpServer(newServer: () => McpServer): Promise<RunningHttpServer> {
  const running = await serveOverHttp(newServer);
  cleanups.push(() => running.close());
  return running;
}

describe("routing to built-in servers", () => {
  it.each([
    ["flask", "python"],
    ["TypeScript", "node"],
    ["spring boot", "java"],
    ["golang", "go"],
  ] as const)("sends %s to the %s server", async (name, id) => {
    expect(await router().toolchain(name)).toEqual(PROFILES[id].toolchain);
  });

  it("generates a module and adds up the tokens of every sampling call, repair included", async () => {
    const seen: ChatRequest[] = [];
    mockCompletion("Sure! Here is the module.", { usage: { prompt: 100, completion: 50 }, seen });
    mockCompletion(moduleAnswer({ steps: ["wrote it"], files: SLUGIFY_FILES.python }), {
      usage: { prompt: 120, completion: 60 },
    });

    const result = await router().generateModule("flask", generateRequest);

    expect(result).toEqual({
      files: SLUGIFY_FILES.python,
      steps: ["wrote it"],
      usage: { promptTokens: 220, completionTokens: 110 },
    });
    expect(seen[0]?.messages[0]?.content).toContain("You are a senior Python engineer");
  });

  it("runs built-in servers as child processes over stdio when asked", async () => {
    mockCompletion(moduleAnswer({ steps: ["wrote it"], files: SLUGIFY_FILES.go }), {
      usage: { prompt: 300, completion: 200 },
    });

    const result = await router({ builtin: "stdio" }).generateModule("go", generateRequest);

    expect(result.files).toEqual(SLUGIFY_FILES.go);
    expect(result.usage).toEqual({ promptTokens: 300, completionTokens: 200 });
  });

  it("fixModule returns only the changed files, the summary and the tokens", async () => {
    const [index, test] = SLUGIFY_FILES.node.slice(1);
    if (!index || !test) throw new Error("fixture needs files");
    const fixedIndex = { ...index, content: index.content.replace("-", "_") };
    mockCompletion(moduleAnswer({ summary: "separator", files: [fixedIndex, test] }), {
      usage: { prompt: 10, completion: 5 },
    });

    const fix = await router().fixModule("js", {
      module: SLUGIFY,
      files: SLUGIFY_FILES.node,
      failure: { phase: "test", output: "not ok 1 - slug", errors: [] },
    });

    expect(fix).toEqual({
      files: [fixedIndex],
      summary: "separator",
      usage: { promptTokens: 10, completionTokens: 5 },
    });
  });

  it("counts tokens per module when two modules generate at the same time", async () => {
    const other = { ...SLUGIFY, name: "titlecase", description: "Title-cases a sentence." };
    const about = (text: string) => (request: ChatRequest) =>
      request.messages.some((message) => message.content.includes(text));
    mockCompletion(moduleAnswer({ steps: [], files: SLUGIFY_FILES.python }), {
      usage: { prompt: 1, completion: 2 },
      when: about("`slugify`"),
    });
    mockCompletion(moduleAnswer({ steps: [], files: SLUGIFY_FILES.python }), {
      usage: { prompt: 30, completion: 40 },
      when: about("`titlecase`"),
    });
    const shared = router();

    const [slug, title] = await Promise.all([
      shared.generateModule("python", generateRequest),
      shared.generateModule("python", { ...generateRequest, module: other }),
    ]);

    expect(slug.usage).toEqual({ promptTokens: 1, completionTokens: 2 });
    expect(title.usage).toEqual({ promptTokens: 30, completionTokens: 40 });
  });

  it("lets workflow files through only when the repository allows them", async () => {
    const workflow = { path: ".github/workflows/ci.yml", content: "on: push\n" };
    const seen: ChatRequest[] = [];
    mockCompletion(moduleAnswer({ steps: [], files: [workflow] }), { seen });

    const result = await router({ allowWorkflowPaths: true }).generateModule("py", generateRequest);

    expect(result.files).toEqual([workflow]);
    expect(seen[0]?.messages[0]?.content).not.toContain(".github/workflows/");
  });

  it("fails with McpToolError, tokens included, when the model's answer stays invalid", async () => {
    mockCompletion("Here is the module.", { usage: { prompt: 7, completion: 1 } });
    mockCompletion('{"steps": [], "files": []}', { usage: { prompt: 9, completion: 2 } });

    const failure = await router()
      .generateModule("java", generateRequest)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(McpToolError);
    expect(failure).toMatchObject({
      tool: "generate_module",
      usage: { promptTokens: 16, completionTokens: 3 },
    });
    expect((failure as Error).message).toMatch(
      /^The java server's generate_module failed: The model's answer was unusable even after one repair request: the answer has no files; give each file as a "### FILE: relative\/path" line/s,
    );
  });

  it("reports an LLM endpoint failure as a tool error with the endpoint's message", async () => {
    nock(LLM_BASE_URL)
      .post("/chat/completions")
      .reply(503, { error: { message: "model overloaded", type: "server_error" } });

    await expect(router().generateModule("python", generateRequest)).rejects.toThrow(
      /The python server's generate_module failed: .*model overloaded/,
    );
  });

  it("ends a call and the model request it is waiting on when its signal is aborted", async () => {
    const deadModel = await startSilentServer();
    cleanups.push(deadModel.close);
    const llm = {
      client: new OpenAI({ apiKey: "test-key", baseURL: `${deadModel.url}/v1`, maxRetries: 2 }),
      model: "test-code-model",
    };
    const controller = new AbortController();
    const call = router({ llm }).generateModule("python", generateRequest, {
      signal: controller.signal,
    });
    await waitFor("the sampling request", () => deadModel.requests() === 1);
    const reason = new Error("the queue is stopping");
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    await waitFor("the model request to be dropped", () => deadModel.dropped() === 1);
    expect(deadModel.requests()).toBe(1);
  });

  it("names what is supported when no server handles the language", async () => {
    const external: ExternalServer[] = parseExternalServers([
      { language: "Rust", transport: "http", url: "http://127.0.0.1:9/mcp" },
    ]);

    const failure = await router({ external })
      .generateModule("cobol", generateRequest)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnsupportedLanguageError);
    expect((failure as Error).message).toBe(
      'No code generator for "cobol". Supported: python, node, java, go, rust. Name one of them (or a framework on one of them) for this module, or configure an external MCP server for cobol.',
    );
  });

  it("refuses calls after close", async () => {
    const closed = router();
    await closed.close();

    await expect(closed.toolchain("python")).rejects.toThrow("The MCP router is closed.");
  });
});

describe("external servers", () => {
  it("routes a module to a configured server over Streamable HTTP, sampling included", async () => {
    const server = await httpServer(() => createLanguageServer(RUST));
    const seen: ChatRequest[] = [];
    mockCompletion(moduleAnswer({ steps: ["crate"], files: RUST_FILES }), {
      usage: { prompt: 50, completion: 25 },
      seen,
    });
    const rust = router({
      external: parseExternalServers([
        { language: "rust", aliases: ["rs"], transport: "http", url: server.url },
      ]),
    });

    const result = await rust.generateModule("rs", generateRequest);

    expect(result).toEqual({
      files: RUST_FILES,
      steps: ["crate"],
      usage: { promptTokens: 50, completionTokens: 25 },
    });
    expect(seen[0]?.messages[0]?.content).toContain(RUST.conventions[0]);
    expect(await rust.toolchain("rust")).toEqual(RUST.toolchain);
  });

  it("routes a module to a configured server over stdio", async () => {
    mockCompletion(moduleAnswer({ steps: [], files: SLUGIFY_FILES.java }));
    const kotlin = router({
      external: parseExternalServers([
        {
          language: "kotlin",
          transport: "stdio",
          command: process.execPath,
          args: [CLI, "mcp", "java"],
        },
      ]),
    });

    const result = await kotlin.generateModule("kotlin", generateRequest);

    expect(result.files).toEqual(SLUGIFY_FILES.java);
  });

  it("checks an external server's files itself, whatever the server checked", async () => {
    const server = await httpServer(() => {
      const careless = new McpServer({ name: "careless", version: "1.0.0" });
      careless.registerTool("generate_module", { description: "writes anything" }, () => ({
        content: [
          {
            type: "text",
            text: JSON.stringify({
              steps: [],
              files: [{ path: ".git/hooks/pre-commit", content: "rm -rf /" }],
            }),
          },
        ],
      }));
      return careless;
    });
    const routed = router({
      external: parseExternalServers([{ language: "rust", transport: "http", url: server.url }]),
    });

    await expect(routed.generateModule("rust", generateRequest)).rejects.toThrow(
      'The rust server\'s generate_module failed: unsafe output: invalid path ".git/hooks/pre-commit": must not write inside .git/ (at any depth; git refuses it)',
    );
  });

  it("refuses a path over the path policy's byte limits with the limit in the message", async () => {
    const tooLong = `docs/${"é".repeat(130)}.md`;
    const server = await httpServer(() => {
      const verbose = new McpServer({ name: "verbose", version: "1.0.0" });
      verbose.registerTool("generate_module", { description: "long names" }, () => ({
        content: [
          {
            type: "text",
            text: JSON.stringify({
              steps: [],
              files: [
                { path: NON_ASCII_DOCS_PATH, content: "fits\n" },
                { path: tooLong, content: "does not\n" },
              ],
            }),
          },
        ],
      }));
      return verbose;
    });
    const routed = router({
      external: parseExternalServers([{ language: "rust", transport: "http", url: server.url }]),
    });

    await expect(routed.generateModule("rust", generateRequest)).rejects.toThrow(
      `unsafe output: invalid path "${tooLong}": must keep each file or folder name within 255 bytes (UTF-8), the file systems' limit; "${"é".repeat(24)}…" is 263 bytes`,
    );
  });

  it("fails clearly when nothing listens at the configured URL", async () => {
    const closedPort = await freePort();
    const url = `http://127.0.0.1:${closedPort}/mcp`;
    const routed = router({
      external: parseExternalServers([{ language: "rust", transport: "http", url }]),
      timeoutMs: 2_000,
    });

    const failure = await routed.generateModule("rust", generateRequest).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(McpServerUnreachableError);
    expect((failure as Error).message).toContain(`Could not connect to the rust server at ${url}:`);
  });

  it("gives up within the timeout on a server that accepts connections but never answers", async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const routed = router({
      external: parseExternalServers([
        { language: "rust", transport: "http", url: `http://127.0.0.1:${port}/mcp` },
      ]),
      timeoutMs: 300,
    });

    const started = Date.now();
    const failure = await routed.toolchain("rust").catch((error: unknown) => error);

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failure).toBeInstanceOf(McpServerUnreachableError);
    expect((failure as Error).message).toMatch(/rust server at .*(300 ms|timed out)/);
  });

  it("fails clearly when the configured command cannot start", async () => {
    const routed = router({
      external: parseExternalServers([
        { language: "zig", transport: "stdio", command: "/nonexistent/zig-mcp-server" },
      ]),
    });

    await expect(routed.toolchain("zig")).rejects.toThrow(
      /Could not connect to the zig server `\/nonexistent\/zig-mcp-server`: .*ENOENT/,
    );
  });

  it("shows the end of a crashing server's error output", async () => {
    const crashing = "console.error('cannot read ~/.rustup: permission denied'); process.exit(3)";
    const routed = router({
      external: parseExternalServers([
        { language: "rust", transport: "stdio", command: process.execPath, args: ["-e", crashing] },
      ]),
    });

    await expect(routed.toolchain("rust")).rejects.toThrow(
      /Connection closed\.\nIts error output ends with:\ncannot read ~\/\.rustup: permission denied$/,
    );
  });

  it("validates the configured list and names every bad entry", () => {
    expect(
      parseExternalServers([{ language: " Rust ", transport: "stdio", command: "rust-mcp" }]),
    ).toEqual([
      { language: "rust", aliases: [], transport: "stdio", command: "rust-mcp", args: [] },
    ]);

    expect(() =>
      parseExternalServers([
        { language: "rust", transport: "http", url: "ftp://example.com" },
        { language: "", transport: "stdio", command: "x" },
        { language: "zig", transport: "pigeon" },
      ]),
    ).toThrow(ExternalServerConfigError);
    try {
      parseExternalServers([
        { language: "rust", transport: "http", url: "ftp://example.com" },
        { language: "", transport: "stdio", command: "x" },
      ]);
    } catch (error) {
      expect((error as Error).message).toBe(
        "Invalid MCP server configuration:\n  - 0.url: expected the server's http(s) MCP endpoint URL\n  - 1.language: name the language this server generates, e.g. rust",
      );
    }
  });
});

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}
