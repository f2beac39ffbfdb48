import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FILE_BYTES } from "../../src/mcp/limits.ts";
import { PROFILES } from "../../src/stacks/builtin.ts";
import { connectClient, resultText, type TransportKind } from "./helpers/clients.ts";
import { PLAN_STEPS, SLUGIFY, SLUGIFY_FILES } from "./helpers/fixtures.ts";
import { type ChatRequest, CODE_MODEL, mockCompletion, moduleAnswer } from "./helpers/llm.ts";

const TRANSPORTS: TransportKind[] = ["memory", "stdio"];

describe.each(TRANSPORTS)("built-in servers over %s", (transport) => {
  describe.each(Object.values(PROFILES))("$id", (profile) => {
    const files = SLUGIFY_FILES[profile.id];
    let client: Client;
    beforeAll(async () => {
      client = await connectClient(profile, transport);
    });
    afterAll(async () => {
      await client.close();
    });

    const generate = (args: Record<string, unknown> = {}) =>
      client.callTool({
        name: "generate_module",
        arguments: { module: SLUGIFY, steps: PLAN_STEPS, files: [], ...args },
      });

    it("lists generate_module, fix_module and toolchain with descriptions and JSON schemas", async () => {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        "fix_module",
        "generate_module",
        "toolchain",
      ]);
      const byName = new Map(tools.map((tool) => [tool.name, tool]));

      const generateTool = byName.get("generate_module");
      expect(generateTool?.description).toContain(
        `Writes a complete, buildable ${profile.displayName} module with its tests`,
      );
      expect(generateTool?.description).toContain("sampling");
      expect(generateTool?.inputSchema).toMatchObject({
        type: "object",
        required: expect.arrayContaining(["module", "steps", "files"]),
        properties: {
          module: {
            type: "object",
            required: ["name", "description", "acceptanceCriteria"],
            properties: { acceptanceCriteria: { type: "array", items: { type: "string" } } },
          },
          steps: { type: "array", items: { type: "string" } },
          files: {
            type: "array",
            items: { type: "object", required: ["path", "content"] },
          },
          allowWorkflowPaths: { type: "boolean" },
        },
      });
      expect(generateTool?.outputSchema).toMatchObject({
        type: "object",
        required: ["files", "steps"],
        properties: { files: { type: "array" }, steps: { type: "array" } },
      });

      const fixTool = byName.get("fix_module");
      expect(fixTool?.description).toContain("Returns only the files it changed");
      expect(fixTool?.inputSchema).toMatchObject({
        type: "object",
        required: expect.arrayContaining(["module", "files", "failure"]),
        properties: {
          failure: {
            type: "object",
            properties: {
              phase: { enum: ["install", "build", "test"] },
              output: { type: "string" },
              errors: { type: "array" },
            },
          },
          hint: { type: "string" },
        },
      });
      expect(fixTool?.inputSchema.required).not.toContain("hint");
      expect(fixTool?.outputSchema).toMatchObject({ required: ["files", "summary"] });

      const toolchainTool = byName.get("toolchain");
      expect(toolchainTool?.description).toContain("commands and resource limits");
      expect(toolchainTool?.outputSchema).toMatchObject({
        type: "object",
        // The stack contract (docs/mcp.md): the Dockerfile's text, commands, the report's form.
        required: ["language", "dockerfile", "install", "build", "test", "testReport"],
      });
    });

    it("generate_module returns the model's files and steps, and prompts with the language's knowledge", async () => {
      const seen: ChatRequest[] = [];
      mockCompletion(moduleAnswer({ steps: ["Wrote slugify", "Tested it"], files }), { seen });

      const result = await generate({ files: [{ path: "README.md", content: "# Demo shop\n" }] });

      expect(resultText(result)).not.toMatch(/error/i);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ files, steps: ["Wrote slugify", "Tested it"] });
      expect(result._meta).toEqual({ "codegen/model": CODE_MODEL, "codegen/via": "sampling" });
      const [request] = seen;
      expect(request?.model).toBe(CODE_MODEL);
      const [system, user] = request?.messages ?? [];
      expect(system?.role).toBe("system");
      expect(system?.content).toContain(profile.conventions[0]);
      expect(system?.content).toContain(profile.toolchain.test);
      expect(system?.content).toContain("Never write files under .git/ or .github/workflows/");
      expect(user?.content).toContain(SLUGIFY.description);
      expect(user?.content).toContain(`- ${SLUGIFY.acceptanceCriteria[0]}`);
      expect(user?.content).toContain(`1. ${PLAN_STEPS[0]}`);
      expect(user?.content).toContain("### README.md\n```\n# Demo shop\n");
    });

    it("fix_module returns only the files the model changed", async () => {
      const [first, ...rest] = files;
      if (!first) throw new Error("fixture needs files");
      const changed = { path: first.path, content: `${first.content}\n` };
      const added = { path: "NOTES.md", content: "fixed\n" };
      const seen: ChatRequest[] = [];
      mockCompletion(
        moduleAnswer({ summary: "Fixed the slug", files: [changed, ...rest, added] }),
        {
          seen,
        },
      );

      const result = await client.callTool({
        name: "fix_module",
        arguments: {
          module: SLUGIFY,
          files,
          failure: {
            phase: "test",
            output: "FAILED test_slug: expected 'hello-world'",
            errors: [{ file: first.path, line: 3, message: "wrong separator" }],
          },
          hint: "use hyphens",
        },
      });

      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({
        summary: "Fixed the slug",
        files: [changed, added],
      });
      // The fix's system prompt: the failing phase's command, not the house rules nor the others.
      const system = seen[0]?.messages[0]?.content;
      expect(system).toContain(`- test: ${profile.toolchain.test}`);
      expect(system).not.toContain("- build:");
      expect(system).not.toContain(profile.conventions[0]);
      const user = seen[0]?.messages[1]?.content;
      expect(user).toContain("fails in the test phase");
      expect(user).toContain(`- ${first.path}:3: wrong separator`);
      expect(user).toContain("FAILED test_slug: expected 'hello-world'");
      expect(user).toContain("## A human's hint (follow it)\nuse hyphens");
    });

    it("fix_module applies edit blocks, and asks once, naming the block, when a SEARCH misses", async () => {
      const [first, ...rest] = files;
      if (!first) throw new Error("fixture needs files");
      const lines = first.content.split("\n");
      const target = lines.find((line) => line.trim().length > 8) ?? "";
      const missing = `${target.trim()} // not in the file`;
      mockCompletion(
        moduleAnswer({
          summary: "Comment the slug",
          edits: [
            { path: first.path, search: target, replace: `${target}\n// slug` },
            { path: first.path, search: missing, replace: "x" },
          ],
        }),
      );
      const seen: ChatRequest[] = [];
      mockCompletion(
        moduleAnswer({ edits: [{ path: first.path, search: "// slug", replace: "// the slug" }] }),
        { seen },
      );

      const result = await client.callTool({
        name: "fix_module",
        arguments: {
          module: SLUGIFY,
          files,
          failure: { phase: "test", output: "1 failed", errors: [] },
        },
      });

      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({
        summary: "Comment the slug",
        files: [
          { path: first.path, content: first.content.replace(target, `${target}\n// the slug`) },
        ],
      });
      expect(rest.length).toBeGreaterThan(0);
      const repair = seen[0]?.messages.at(-1)?.content ?? "";
      expect(repair).toContain(
        `block 2 of "### EDIT: ${first.path}" did not match the current file`,
      );
      expect(repair).toContain("The nearest lines (from line");
      expect(repair).toContain(target);
    });

    it("takes the last of a file given twice, and says so in the result's _meta", async () => {
      const [first, ...rest] = files;
      if (!first) throw new Error("fixture needs files");
      const draft = { path: first.path, content: "draft\n" };
      mockCompletion(moduleAnswer({ steps: ["one"], files: [draft, ...rest, first] }));

      const result = await generate();

      expect(result.structuredContent).toEqual({ steps: ["one"], files: [first, ...rest] });
      expect(result._meta).toEqual({
        "codegen/model": CODE_MODEL,
        "codegen/via": "sampling",
        "codegen/notes": `the answer gave "${first.path}" twice; the last one counts`,
      });
    });

    it("continues an answer cut at the length limit instead of failing it", async () => {
      const whole = moduleAnswer({ steps: ["Wrote slugify"], files });
      const last = files.at(-1);
      if (!last) throw new Error("fixture needs files");
      const cutAt = whole.lastIndexOf(last.content) + 10;
      mockCompletion(whole.slice(0, cutAt), { finishReason: "length" });
      const seen: ChatRequest[] = [];
      mockCompletion(whole.slice(cutAt), { seen });

      const result = await generate();

      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ files, steps: ["Wrote slugify"] });
      expect(seen[0]?.messages.at(-1)?.content).toContain(
        `Your answer stopped at the length limit. Continue it without repeating the blocks already complete. Start again at the "### FILE: ${last.path}"`,
      );
    });

    it("rejects a path escape after one repair request, with a clear error", async () => {
      const seen: ChatRequest[] = [];
      mockCompletion(
        moduleAnswer({ steps: [], files: [{ path: "../outside.txt", content: "x" }] }),
      );
      mockCompletion(moduleAnswer({ steps: [], files: [{ path: "/etc/passwd", content: "x" }] }), {
        seen,
      });

      const result = await generate();

      expect(result.isError).toBe(true);
      expect(resultText(result)).toBe(
        'The model\'s answer was unusable even after one repair request: invalid path "/etc/passwd": must be relative to the repository root',
      );
      const repair = seen[0]?.messages ?? [];
      expect(repair.map((message) => message.role)).toEqual([
        "system",
        "user",
        "assistant",
        "user",
      ]);
      expect(repair[3]?.content).toContain(
        "Part of your answer could not be used:\ninvalid path \"../outside.txt\": must not contain empty, '.' or '..' segments",
      );
    });

    it("accepts the answer a repair request brings back", async () => {
      const workflow = { path: ".github/workflows/ci.yml", content: "on: push\n" };
      mockCompletion(moduleAnswer({ steps: ["one"], files: [...files, workflow] }));
      const seen: ChatRequest[] = [];
      mockCompletion(moduleAnswer({ steps: ["one"], files }), { seen });

      const result = await generate();

      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ steps: ["one"], files });
      expect(seen[0]?.messages[3]?.content).toContain(
        "must not write GitHub Actions workflows (.github/workflows/)",
      );
    });

    it("rejects oversized output after one repair attempt", async () => {
      const huge = { path: "big.txt", content: `${"x".repeat(MAX_FILE_BYTES)}\n` };
      mockCompletion(moduleAnswer({ steps: [], files: [huge] }));
      mockCompletion(moduleAnswer({ steps: [], files: [huge] }));

      const result = await generate();

      expect(result.isError).toBe(true);
      expect(resultText(result)).toContain(
        `"big.txt" is ${MAX_FILE_BYTES + 1} bytes, over the limit of ${MAX_FILE_BYTES} bytes per file`,
      );
    });

    it("rejects invalid input before asking the model", async () => {
      const result = await client.callTool({
        name: "generate_module",
        arguments: { module: { name: "x" }, steps: [], files: [] },
      });

      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/Input validation error.*module\.description/s);
    });

    it("toolchain returns the profile's sandbox toolchain", async () => {
      const result = await client.callTool({ name: "toolchain", arguments: {} });

      expect(result.structuredContent).toEqual(profile.toolchain);
    });

    it("tells a client without sampling, on a server without a model, what to set", async () => {
      const plain = await connectClient(profile, transport, { sampling: false });
      try {
        const result = await plain.callTool({
          name: "generate_module",
          arguments: { module: SLUGIFY, steps: [], files: [] },
        });

        expect(result.isError).toBe(true);
        expect(resultText(result)).toContain(
          "the client did not declare the MCP sampling capability, and this server has no model of its own. Set OPENAI_API_KEY",
        );
      } finally {
        await plain.close();
      }
    });
  });
});
