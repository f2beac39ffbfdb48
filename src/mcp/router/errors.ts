import type { TokenUsage } from "./token-usage.ts";

/** No server, built-in or configured, handles the module's language; the message lists those that do. */
export class UnsupportedLanguageError extends Error {
  readonly language: string;
  readonly supported: readonly string[];
  constructor(language: string, supported: readonly string[]) {
    super(
      `No code generator for "${language}". Supported: ${supported.join(", ")}. Name one of them (or a framework on one of them) for this module, or configure an external MCP server for ${language}.`,
    );
    this.name = "UnsupportedLanguageError";
    this.language = language;
    this.supported = supported;
  }
}

/** The server could not be started or reached, or did not answer the handshake in time. */
export class McpServerUnreachableError extends Error {
  readonly language: string;
  constructor(language: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "McpServerUnreachableError";
    this.language = language;
  }
}

/**
 * The tool call failed: an error result, a result that fails validation, or a lost or timed-out
 * call. `usage` holds the tokens it spent anyway, so the module's count stays true.
 */
export class McpToolError extends Error {
  readonly language: string;
  readonly tool: string;
  readonly usage: TokenUsage;
  constructor(language: string, tool: string, message: string, usage: TokenUsage) {
    super(`The ${language} server's ${tool} failed: ${message}`);
    this.name = "McpToolError";
    this.language = language;
    this.tool = tool;
    this.usage = usage;
  }
}
