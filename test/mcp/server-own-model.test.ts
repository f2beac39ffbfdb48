import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  type ProgressNotification,
  ProgressNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resultText } from "./helpers/clients.ts";
import {
  type FakeModelServer,
  SERVER_MODEL,
  serverModelEnv,
  startFakeModelServer,
} from "./helpers/fake-model-server.ts";
import { PLAN_STEPS, SLUGIFY, SLUGIFY_FILES } from "./helpers/fixtures.ts";
import { moduleAnswer } from "./helpers/llm.ts";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const GENERATE = {
  name: "generate_module",
  arguments: { module: SLUGIFY, steps: PLAN_STEPS, files: [] },
};

/** `codegen mcp python` as a child process, from a client that does NOT offer sampling. */
async function connectWithoutSampling(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "no-sampling-client", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "mcp", "python"],
      env: { ...getDefaultEnvironment(), ...env },
      stderr: "inherit",
    }),
  );
  return client;
}

describe("codegen mcp python over stdio, for a client without sampling", () => {
  let model: FakeModelServer;
  let client: Client | undefined;
  beforeEach(async () => {
    model = await startFakeModelServer();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await model.close();
  });

  it("writes the module with its own model from OPENAI_* and says which model answered", async () => {
    client = await connectWithoutSampling(serverModelEnv(model));
    model.answer(moduleAnswer({ steps: ["done"], files: SLUGIFY_FILES.python }));

    const result = await client.callTool(GENERATE);

    expect(result.structuredContent).toEqual({ steps: ["done"], files: SLUGIFY_FILES.python });
    expect(result._meta).toEqual({ "codegen/model": SERVER_MODEL, "codegen/via": "server" });
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.model).toBe(SERVER_MODEL);
    expect(model.requests[0]?.messages[0]?.role).toBe("system");
    expect(model.requests[0]?.messages[1]?.content).toContain("slugify");
  });

  it("asks its own model to continue an answer cut at the length limit", async () => {
    client = await connectWithoutSampling(serverModelEnv(model));
    const [init, test] = SLUGIFY_FILES.python;
    if (!init || !test) throw new Error("fixture needs two files");
    const whole = moduleAnswer({ steps: ["done"], files: [init, test] });
    const cutAt = whole.indexOf(test.content) + 20;
    model.answer(whole.slice(0, cutAt), "length");
    model.answer(moduleAnswer({ files: [test] }));

    const result = await client.callTool(GENERATE);

    expect(result.structuredContent).toEqual({ steps: ["done"], files: [init, test] });
    const continuation = model.requests[1]?.messages ?? [];
    expect(continuation.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    expect(continuation[2]?.content).toBe(whole.slice(0, cutAt));
    expect(continuation[3]?.content).toContain(
      `Your answer stopped at the length limit. Continue it without repeating the blocks already complete. Start again at the "### FILE: ${test.path}"`,
    );
  });

  it("says plainly what to set when it has no model of its own", async () => {
    client = await connectWithoutSampling({});

    const result = await client.callTool(GENERATE);

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain(
      "the client did not declare the MCP sampling capability, and this server has no model of its own. Set OPENAI_API_KEY and OPENAI_CODE_MODEL (or OPENAI_MODEL) in the server's environment",
    );
    expect(model.requests).toHaveLength(0);
  });

  it("names only the setting that is missing", async () => {
    client = await connectWithoutSampling({ OPENAI_API_KEY: "test-key" });

    const result = await client.callTool(GENERATE);

    expect(resultText(result)).toContain("Set OPENAI_CODE_MODEL (or OPENAI_MODEL) in the server's");
  });

  it("passes the endpoint's own error on as the tool error", async () => {
    client = await connectWithoutSampling(serverModelEnv(model));
    // Nothing queued: the fake answers HTTP 500 with a message.

    const result = await client.callTool(GENERATE);

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain(
      "the LLM endpoint answered HTTP 500: no answer queued in the fake model",
    );
  });

  it("reports progress when the client sends a progress token, repair round included", async () => {
    client = await connectWithoutSampling(serverModelEnv(model));
    model.answer("I would write a slugify package with a test.");
    model.answer(moduleAnswer({ steps: ["done"], files: SLUGIFY_FILES.python }));
    const notes: ProgressNotification["params"][] = [];
    // Recorded raw: the SDK client's onprogress drops a note that arrives in the same read as
    // the result (it handles notifications a microtask later than responses).
    client.setNotificationHandler(ProgressNotificationSchema, (note) => {
      notes.push(note.params);
    });

    const result = await client.callTool({ ...GENERATE, _meta: { progressToken: "gen-1" } });
    // Lets the notification handlers queued with the result's read run.
    await new Promise((resolve) => setImmediate(resolve));

    expect(result.structuredContent).toMatchObject({ steps: ["done"] });
    expect(notes.every((note) => note.progressToken === "gen-1")).toBe(true);
    expect(notes.map((note) => note.progress)).toEqual([1, 2, 3, 4, 5]);
    expect(notes.map((note) => note.message)).toEqual([
      "Asking the model",
      "The model answered; checking its files",
      expect.stringMatching(
        /^The answer was unusable \(the answer has no files; .*\); asking the model to repair it$/,
      ),
      "The model answered the repair request; checking its files",
      "The repaired files passed the checks",
    ]);
  });

  it("cancels the model's request when the client cancels the call", async () => {
    client = await connectWithoutSampling(serverModelEnv(model));
    const held = model.holdNext();
    const controller = new AbortController();

    const call = client.callTool(GENERATE, undefined, { signal: controller.signal });
    const request = await held;
    controller.abort("the user stopped it");

    await expect(call).rejects.toThrow();
    // The server aborted its HTTP request to the model: the held connection closes.
    await request.closed;
    expect(model.requests).toHaveLength(1);
  });
});
