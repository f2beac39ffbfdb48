import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type ClientNotification,
  type ClientRequest,
  type CreateMessageRequest,
  type CreateMessageResult,
  ErrorCode,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import type OpenAI from "openai";
import { type ChatMessage, createLlm, LlmError } from "../../llm/client.ts";
import type { TokenUsage } from "./token-usage.ts";

export type LlmSettings = { client: OpenAI; model: string };

/**
 * Answers a server's sampling request with the app's model through any OpenAI-compatible
 * endpoint. The app picks the model: servers' model preferences are hints the spec lets us ignore.
 */
export function createSamplingHandler(
  settings: LlmSettings,
  onUsage: (usage: TokenUsage) => void,
  /** The model for the current call (a repository may choose its own); default `llm.model`. */
  model: () => string = () => settings.model,
) {
  const llm = createLlm(settings.client, settings.model);
  return async (
    request: CreateMessageRequest,
    extra: RequestHandlerExtra<ClientRequest, ClientNotification>,
  ): Promise<CreateMessageResult> => {
    const { params } = request;
    const messages: ChatMessage[] = [];
    if (params.systemPrompt) messages.push({ role: "system", content: params.systemPrompt });
    for (const message of params.messages) {
      messages.push({ role: message.role, content: textOf(message.content) });
    }
    let completion: Awaited<ReturnType<typeof llm.complete>>;
    try {
      completion = await llm.complete({
        model: model(),
        messages,
        maxTokens: params.maxTokens,
        temperature: params.temperature,
        stop: params.stopSequences,
        signal: extra.signal,
      });
    } catch (error) {
      if (error instanceof LlmError) throw new McpError(ErrorCode.InternalError, error.message);
      throw error;
    }
    onUsage(completion.usage);
    if (completion.text === null) {
      throw new McpError(
        ErrorCode.InternalError,
        completion.refusal
          ? `The model refused: ${completion.refusal}`
          : "The model returned no text.",
      );
    }
    return {
      role: "assistant",
      model: completion.model,
      content: { type: "text", text: completion.text },
      stopReason: stopReason(completion.finishReason),
    };
  };
}

function textOf(content: CreateMessageRequest["params"]["messages"][number]["content"]): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((block) => {
      if (block.type !== "text") {
        throw new McpError(
          ErrorCode.InvalidParams,
          `This client answers text sampling only; got ${block.type} content.`,
        );
      }
      return block.text;
    })
    .join("\n");
}

function stopReason(finish: string): string {
  if (finish === "stop") return "endTurn";
  if (finish === "length") return "maxTokens";
  return finish;
}
