export { checkOutputFiles } from "./check-output-files.ts";
export { MAX_FILE_BYTES, MAX_OUTPUT_FILES, MAX_TOTAL_BYTES } from "./limits.ts";
export {
  McpServerUnreachableError,
  McpToolError,
  UnsupportedLanguageError,
} from "./router/errors.ts";
export {
  type ExternalServer,
  ExternalServerConfigError,
  externalServersSchema,
  parseExternalServers,
} from "./router/external-servers.ts";
export {
  createMcpRouter,
  type FixModuleRequest,
  type GeneratedModule,
  type GenerateModuleRequest,
  type McpRouter,
  type McpRouterOptions,
  type ModuleFix,
} from "./router/router.ts";
export type { TokenUsage } from "./router/token-usage.ts";
export type { Failure, ModuleSpec, SandboxToolchain, SourceFile } from "./schemas.ts";
export { createLanguageServer } from "./server/create-language-server.ts";
