/**
 * An operator's MCP server for Bash, a stack the app does not ship, over stdio: the external
 * stack contract as a real server speaks it. Its code is fixed, not a model's: generate_module
 * writes a module whose multiply is wrong, and fix_module repairs it only when the failure it is
 * given names the failing bats test's file and line, as read from the JUnit report.
 *
 *   node test/stacks/bash-mcp-server.ts
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { BASH_FILES, BASH_FILES_FAILING, BASH_TOOLCHAIN } from "./bash-stack.ts";

const server = new McpServer({ name: "bash-stack", version: "1.0.0" });

const moduleSpec = z.object({ name: z.string(), description: z.string() }).loose();
const sourceFile = z.object({ path: z.string(), content: z.string() });

server.registerTool(
  "generate_module",
  {
    description: "Writes a Bash module with its bats tests.",
    inputSchema: { module: moduleSpec, steps: z.array(z.string()), files: z.array(sourceFile) },
  },
  () => answer({ files: BASH_FILES_FAILING, steps: ["Wrote add and multiply", "Tested both"] }),
);

server.registerTool(
  "fix_module",
  {
    description: "Fixes a Bash module whose build or bats tests failed.",
    inputSchema: {
      module: moduleSpec,
      files: z.array(sourceFile),
      failure: z.object({
        phase: z.string(),
        output: z.string(),
        errors: z.array(
          z.object({ file: z.string().optional(), line: z.number().optional() }).loose(),
        ),
      }),
    },
  },
  ({ failure }) => {
    const located = failure.errors.some(
      (error) => error.file === "test/calc.bats" && error.line === 20,
    );
    return located
      ? answer({ files: BASH_FILES, summary: "multiply multiplied nothing: it added" })
      : answer({ files: [], summary: "the failure names no test I can place" });
  },
);

server.registerTool(
  "toolchain",
  { description: "How the sandbox builds and tests Bash modules (the stack contract)." },
  () => answer({ ...BASH_TOOLCHAIN }),
);

function answer(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

await server.connect(new StdioServerTransport());
