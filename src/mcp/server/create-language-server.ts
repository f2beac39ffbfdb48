import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { generatedModuleReader, moduleFixReader } from "../answers/module-answer.ts";
import {
  fixModuleInput,
  fixModuleOutput,
  generateModuleInput,
  generateModuleOutput,
  toolchainSchema,
} from "../schemas.ts";
import type { ModelRequest, SamplingContext } from "./ask-client-model.ts";
import { askForValidAnswer } from "./ask-for-valid-answer.ts";
import { askModel, type ModelAnswer } from "./ask-model.ts";
import { fixPrompt, generatePrompt, systemPrompt } from "./module-prompts.ts";
import { progressReporter } from "./progress-reporter.ts";
import { NO_SERVER_MODEL, type ServerModel } from "./server-model.ts";
import type { ServerProfile } from "./server-profile.ts";

export type LanguageServerOptions = {
  /** Default for tool calls that do not say: may output touch .github/workflows/? */
  allowWorkflowPaths?: boolean;
  /** The model to use when the client does not offer sampling; by default none. */
  serverModel?: ServerModel;
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
      instructions: `Generates and fixes ${profile.displayName} modules with their tests. Code is written by the client's model through MCP sampling when the client offers it, otherwise by the server's own model (OPENAI_* settings in its environment).`,
    },
  );
  const ownModel = options.serverModel ?? NO_SERVER_MODEL;
  const modelFor =
    (extra: { requestId: SamplingContext["requestId"]; signal: AbortSignal }) =>
    (request: ModelRequest) =>
      askModel(
        { server: mcp.server, requestId: extra.requestId, signal: extra.signal },
        ownModel,
        request,
      );
  const rulesFor = (allowWorkflowPaths: boolean | undefined) => ({
    allowWorkflowPaths: allowWorkflowPaths ?? options.allowWorkflowPaths ?? false,
  });

  mcp.registerTool(
    "generate_module",
    {
      title: `Generate a ${profile.displayName} module`,
      description: `Writes a complete, buildable ${profile.displayName} module with its tests, following the plan's steps and reading the files already in the branch. Returns the files (relative path and full content) and the steps it followed. Uses the client's model through MCP sampling when the client offers it, otherwise the server's own model.`,
      inputSchema: generateModuleInput,
      outputSchema: generateModuleOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input, extra) => {
      const rules = rulesFor(input.allowWorkflowPaths);
      const { value, reply, notes } = await askForValidAnswer(
        modelFor(extra),
        systemPrompt(profile, rules.allowWorkflowPaths),
        generatePrompt(input),
        generatedModuleReader({ files: input.files, readOnly: input.context ?? [], rules }),
        progressReporter(extra),
      );
      return structured({ files: value.files, steps: value.steps }, answeredBy(reply, notes));
    },
  );

  mcp.registerTool(
    "fix_module",
    {
      title: `Fix a failing ${profile.displayName} module`,
      description: `Fixes a ${profile.displayName} module whose install, build or tests failed, given its files, the failing output (tail and parsed errors) and an optional human hint. Returns only the files it changed or added, in full, and a summary. Uses the client's model through MCP sampling when the client offers it, otherwise the server's own model.`,
      inputSchema: fixModuleInput,
      outputSchema: fixModuleOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input, extra) => {
      const rules = rulesFor(input.allowWorkflowPaths);
      const { value, reply, notes } = await askForValidAnswer(
        modelFor(extra),
        systemPrompt(profile, rules.allowWorkflowPaths, { fixing: input.failure.phase }),
        fixPrompt(input),
        moduleFixReader({ files: input.files, readOnly: input.context ?? [], rules }),
        progressReporter(extra),
      );
      return structured({ files: value.files, summary: value.summary }, answeredBy(reply, notes));
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

/** Which model wrote the answer, and what the server noticed in it, for the client to show or log. */
function answeredBy(reply: ModelAnswer, notes: readonly string[]): Record<string, string> {
  return {
    "codegen/model": reply.model,
    "codegen/via": reply.via,
    ...(notes.length > 0 ? { "codegen/notes": notes.join("\n") } : {}),
  };
}

function structured(value: Record<string, unknown>, meta?: Record<string, string>): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(value) }],
    structuredContent: value,
    ...(meta ? { _meta: meta } : {}),
  };
}
