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
import type { TokenUsage } from "./token-usage.ts";

export type LlmSettings = { client: OpenAI; model: string };

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/**
 * Answers a server's sampling request with the app's model through any OpenAI-compatible
 * endpoint. The app picks the model: servers' model preferences are hints the spec lets us ignore.
 */
export function createSamplingHandler(
  llm: LlmSettings,
  onUsage: (usage: TokenUsage) => void,
  /** The model for the current call (a repository may choose its own); default `llm.model`. */
  model: () => string = () => llm.model,
) {
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
    const completion = await llm.client.chat.completions.create(
      {
        model: model(),
        messages,
        max_completion_tokens: params.maxTokens,
        ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
        ...(params.stopSequences?.length ? { stop: params.stopSequences } : {}),
      },
      { signal: extra.signal },
    );
    onUsage({
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
    });
    const choice = completion.choices[0];
    const text = choice?.message.content;
    if (!choice || text === null || text === undefined) {
      const refusal = choice?.message.refusal;
      throw new McpError(
        ErrorCode.InternalError,
        refusal ? `The model refused: ${refusal}` : "The model returned no text.",
      );
    }
    return {
      role: "assistant",
      model: completion.model,
      content: { type: "text", text },
      stopReason: stopReason(choice.finish_reason),
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
