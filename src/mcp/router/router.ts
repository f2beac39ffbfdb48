import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { createStackRegistry, type StackRegistry } from "../../stacks/registry.ts";
import { checkOutputFiles } from "../check-output-files.ts";
import {
  type Failure,
  fixModuleResultSchema,
  generateModuleResultSchema,
  type ModuleSpec,
  type SandboxToolchain,
  type SourceFile,
  toolchainSchema,
} from "../schemas.ts";
import { createConnectionPool } from "./connection-pool.ts";
import { McpToolError } from "./errors.ts";
import type { ExternalServer } from "./external-servers.ts";
import { readToolResult } from "./read-tool-result.ts";
import { resolveTarget } from "./resolve-target.ts";
import type { LlmSettings } from "./sampling-handler.ts";
import { targetLanguage } from "./server-target.ts";
import type { TokenUsage } from "./token-usage.ts";

export type McpRouterOptions = {
  /** The app's model; it answers every server's sampling requests. */
  llm: LlmSettings;
  /** Built-in servers in this process (default, fast) or as `codegen mcp <language>` children. */
  builtin?: "memory" | "stdio";
  /** Validated with externalServersSchema; see parseExternalServers. */
  external?: readonly ExternalServer[];
  /** Limit for starting or reaching a server and its handshake (default 10 s). */
  timeoutMs?: number;
  /** Limit for one tool call, sampling included (default 15 min). */
  toolTimeoutMs?: number;
  /** Let generated files touch .github/workflows/ (from the repository's config). */
  allowWorkflowPaths?: boolean;
  /** The app's stack registry, which routing follows (default: one of `external`). */
  stacks?: Pick<StackRegistry, "find" | "languages">;
};

export type GenerateModuleRequest = {
  module: ModuleSpec;
  steps: readonly string[];
  /** The module's own files already on the branch. */
  files: readonly SourceFile[];
  /** Read-only: the files of the modules it depends on. */
  context?: readonly SourceFile[];
  /** Why the last attempt produced nothing usable. */
  previousFailure?: string;
  hint?: string;
};
export type GeneratedModule = { files: SourceFile[]; steps: string[]; usage: TokenUsage };

export type FixModuleRequest = {
  module: ModuleSpec;
  files: readonly SourceFile[];
  /** Read-only: the files of the modules it depends on. */
  context?: readonly SourceFile[];
  failure: Failure;
  hint?: string;
};
export type ModuleFix = { files: SourceFile[]; summary: string; usage: TokenUsage };

/**
 * Per call: the model that answers the server's sampling (default: the router's), and a
 * signal that cancels the call (it then rejects with the signal's reason).
 */
export type CallOptions = { model?: string | undefined; signal?: AbortSignal | undefined };

export type McpRouter = {
  generateModule(
    languageOrFramework: string,
    request: GenerateModuleRequest,
    options?: CallOptions,
  ): Promise<GeneratedModule>;
  fixModule(
    languageOrFramework: string,
    request: FixModuleRequest,
    options?: CallOptions,
  ): Promise<ModuleFix>;
  toolchain(languageOrFramework: string): Promise<SandboxToolchain>;
  close(): Promise<void>;
};

/**
 * The app's MCP client: picks the server for a module's language, calls its tools, answers its
 * sampling with the app's model, and checks every result before the app writes it anywhere.
 * Throws UnsupportedLanguageError, McpServerUnreachableError or McpToolError (with `usage`).
 */
export function createMcpRouter(options: McpRouterOptions): McpRouter {
  const builtin = options.builtin ?? "memory";
  const external = options.external ?? [];
  const stacks =
    options.stacks ??
    createStackRegistry({
      external,
      fetchToolchain: (language) => router.toolchain(language),
    });
  const toolTimeoutMs = options.toolTimeoutMs ?? 15 * 60_000;
  const allowWorkflowPaths = options.allowWorkflowPaths ?? false;
  const pool = createConnectionPool({
    llm: options.llm,
    timeoutMs: options.timeoutMs ?? 10_000,
    allowWorkflowPaths,
  });

  async function call<T>(
    languageOrFramework: string,
    tool: string,
    args: Record<string, unknown>,
    schema: z.ZodType<T>,
    options: CallOptions = {},
  ): Promise<{ value: T; usage: TokenUsage; language: string }> {
    const target = resolveTarget(languageOrFramework, builtin, external, stacks);
    const language = targetLanguage(target);
    const outcome = await pool.withConnection(
      target,
      (client) =>
        client.callTool({ name: tool, arguments: args }, CallToolResultSchema, {
          timeout: toolTimeoutMs,
          resetTimeoutOnProgress: true,
          ...(options.signal ? { signal: options.signal } : {}),
        }),
      options.model,
    );
    if ("error" in outcome) {
      options.signal?.throwIfAborted();
      const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      throw new McpToolError(language, tool, reason, outcome.usage);
    }
    const result = readToolResult(outcome.value, schema);
    if (!result.ok) throw new McpToolError(language, tool, result.message, outcome.usage);
    return { value: result.value, usage: outcome.usage, language };
  }

  function checkFiles(language: string, tool: string, files: SourceFile[], usage: TokenUsage) {
    // External servers are not ours: their files pass the same gate as the built-in ones.
    const problem = checkOutputFiles(files, { allowWorkflowPaths });
    if (problem) throw new McpToolError(language, tool, `unsafe output: ${problem}`, usage);
  }

  const router: McpRouter = {
    async generateModule(languageOrFramework, request, callOptions) {
      const { value, usage, language } = await call(
        languageOrFramework,
        "generate_module",
        { ...request, allowWorkflowPaths },
        generateModuleResultSchema,
        callOptions,
      );
      checkFiles(language, "generate_module", value.files, usage);
      return { files: value.files, steps: value.steps, usage };
    },

    async fixModule(languageOrFramework, request, callOptions) {
      const { value, usage, language } = await call(
        languageOrFramework,
        "fix_module",
        { ...request, allowWorkflowPaths },
        fixModuleResultSchema,
        callOptions,
      );
      checkFiles(language, "fix_module", value.files, usage);
      const before = new Map(request.files.map((file) => [file.path, file.content]));
      const changed = value.files.filter((file) => before.get(file.path) !== file.content);
      return { files: changed, summary: value.summary, usage };
    },

    async toolchain(languageOrFramework) {
      const { value } = await call(languageOrFramework, "toolchain", {}, toolchainSchema);
      return value;
    },

    close: () => pool.close(),
  };
  return router;
}
