import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import { SAMPLING_MAX_TOKENS, SAMPLING_TIMEOUT_MS } from "../limits.ts";

export type ModelTurn = { role: "user" | "assistant"; text: string };

export type ModelRequest = { system: string; turns: readonly ModelTurn[] };

/**
 * What a model said, and which model said it (as its answer names it). `truncated`: it
 * stopped at the length limit; undefined when the model's side did not say why it stopped.
 */
export type ModelReply = { text: string; model: string; truncated?: boolean | undefined };

/** Where the sampling request belongs: the tool call it serves, and that call's cancellation. */
export type SamplingContext = { server: Server; requestId: RequestId; signal: AbortSignal };

/** Whether the connected client declared MCP sampling. */
export const clientCanSample = (server: Server): boolean =>
  Boolean(server.getClientCapabilities()?.sampling);

/**
 * The only place a server asks the client's model. The MCP revision of 2026-07-28 deprecates
 * push sampling; moving off it changes this function (and its caller's choice) and nothing else.
 */
export async function askClientModel(
  context: SamplingContext,
  request: ModelRequest,
): Promise<ModelReply> {
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
  return {
    text: result.content.text,
    model: result.model,
    truncated: result.stopReason === undefined ? undefined : result.stopReason === "maxTokens",
  };
}
