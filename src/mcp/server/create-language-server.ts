import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  fixModuleInput,
  fixModuleOutput,
  generateModuleInput,
  generateModuleOutput,
  toolchainSchema,
} from "../schemas.ts";
import { askClientModel, type SamplingContext } from "./ask-client-model.ts";
import { askForValidAnswer } from "./ask-for-valid-answer.ts";
import { fixPrompt, generatePrompt, systemPrompt } from "./module-prompts.ts";
import { readGeneratedModule, readModuleFix } from "./read-answers.ts";
import type { ServerProfile } from "./server-profile.ts";

export type LanguageServerOptions = {
  /** Default for tool calls that do not say: may output touch .github/workflows/? */
  allowWorkflowPaths?: boolean;
};

export const SERVER_VERSION = "0.1.0";

/** One MCP server for one stack; all language knowledge comes from the profile. */
export function createLanguageServer(
  profile: ServerProfile,
  options: LanguageServerOptions = {},
): McpServer {
  const mcp = new McpServer(
    { name: `codegen-${profile.id}`, version: SERVER_VERSION },
    {
      instructions: `Generates and fixes ${profile.displayName} modules with their tests. Code is written by the client's model through MCP sampling, so the client must support sampling.`,
    },
  );
  const rulesFor = (allowWorkflowPaths: boolean | undefined) => ({
    allowWorkflowPaths: allowWorkflowPaths ?? options.allowWorkflowPaths ?? false,
  });

  mcp.registerTool(
    "generate_module",
    {
      title: `Generate a ${profile.displayName} module`,
      description: `Writes a complete, buildable ${profile.displayName} module with its tests, following the plan's steps and reading the files already in the branch. Returns the files (relative path and full content) and the steps it followed. Uses the client's model through MCP sampling; the client must declare the sampling capability.`,
      inputSchema: generateModuleInput,
      outputSchema: generateModuleOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input, extra) => {
      const rules = rulesFor(input.allowWorkflowPaths);
      const context = samplingContext(mcp, extra);
      const result = await askForValidAnswer(
        (request) => askClientModel(context, request),
        systemPrompt(profile, rules.allowWorkflowPaths),
        generatePrompt(input),
        readGeneratedModule(rules, input.context),
      );
      return structured({ files: result.files, steps: result.steps });
    },
  );

  mcp.registerTool(
    "fix_module",
    {
      title: `Fix a failing ${profile.displayName} module`,
      description: `Fixes a ${profile.displayName} module whose install, build or tests failed, given its files, the failing output (tail and parsed errors) and an optional human hint. Returns only the files it changed or added, in full, and a summary. Uses the client's model through MCP sampling; the client must declare the sampling capability.`,
      inputSchema: fixModuleInput,
      outputSchema: fixModuleOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input, extra) => {
      const rules = rulesFor(input.allowWorkflowPaths);
      const context = samplingContext(mcp, extra);
      const fix = await askForValidAnswer(
        (request) => askClientModel(context, request),
        systemPrompt(profile, rules.allowWorkflowPaths),
        fixPrompt(input),
        readModuleFix(input.files, rules, input.context),
      );
      return structured({ files: fix.files, summary: fix.summary });
    },
  );

  mcp.registerTool(
    "toolchain",
    {
      title: `${profile.displayName} sandbox toolchain`,
      description: `The container image, install/build/test commands and resource limits the sandbox uses to build and test ${profile.displayName} modules.`,
      outputSchema: toolchainSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => structured({ ...profile.toolchain }),
  );

  return mcp;
}

function samplingContext(
  mcp: McpServer,
  extra: { requestId: SamplingContext["requestId"]; signal: AbortSignal },
): SamplingContext {
  return { server: mcp.server, requestId: extra.requestId, signal: extra.signal };
}

function structured(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}
