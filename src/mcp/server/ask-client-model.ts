import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import { SAMPLING_MAX_TOKENS, SAMPLING_TIMEOUT_MS } from "../limits.ts";

export class SamplingUnavailableError extends Error {
  constructor() {
    super(
      "This server writes code with the client's model through MCP sampling, but the client did not declare the sampling capability. Connect with a client that supports sampling (capabilities: { sampling: {} }).",
    );
    this.name = "SamplingUnavailableError";
  }
}

export type ModelTurn = { role: "user" | "assistant"; text: string };

export type ModelRequest = { system: string; turns: readonly ModelTurn[] };

/** Where the sampling request belongs: the tool call it serves, and that call's cancellation. */
export type SamplingContext = { server: Server; requestId: RequestId; signal: AbortSignal };

/**
 * The only place a server asks the client's model. MCP's next SDK replaces push sampling with
 * an input-required round trip; moving to it changes this function and nothing else.
 */
export async function askClientModel(
  context: SamplingContext,
  request: ModelRequest,
): Promise<string> {
  if (!context.server.getClientCapabilities()?.sampling) throw new SamplingUnavailableError();
  const result = await context.server.createMessage(
    {
      systemPrompt: request.system,
      messages: request.turns.map((turn) => ({
        role: turn.role,
        content: { type: "text", text: turn.text },
      })),
      maxTokens: SAMPLING_MAX_TOKENS,
      includeContext: "none",
    },
    { relatedRequestId: context.requestId, signal: context.signal, timeout: SAMPLING_TIMEOUT_MS },
  );
  if (result.content.type !== "text") {
    throw new Error(`The client's model answered with ${result.content.type} content, not text.`);
  }
  return result.content.text;
}
