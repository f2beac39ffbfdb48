import nock from "nock";
import OpenAI from "openai";
import type { LlmSettings } from "../../../src/mcp/router/sampling-handler.ts";

export const LLM_BASE_URL = "http://llm.test/v1";
export const CODE_MODEL = "test-code-model";

export function testLlm(): LlmSettings {
  return {
    client: new OpenAI({ apiKey: "test-key", baseURL: LLM_BASE_URL, maxRetries: 0 }),
    model: CODE_MODEL,
  };
}

export type ChatRequest = {
  model: string;
  messages: { role: string; content: string }[];
  max_completion_tokens?: number;
};

type Usage = { prompt: number; completion: number };

/**
 * Mocks one chat completion answering `content`, the way an OpenAI-compatible endpoint does.
 * Each request the model receives is pushed to `seen`; `when` picks which request this answers.
 */
export function mockCompletion(
  content: string,
  options: {
    usage?: Usage;
    seen?: ChatRequest[];
    when?: (request: ChatRequest) => boolean;
    finishReason?: "stop" | "length";
  } = {},
): void {
  const usage = options.usage ?? { prompt: 1200, completion: 800 };
  nock(LLM_BASE_URL)
    .post("/chat/completions", (body: ChatRequest) => {
      if (options.when && !options.when(body)) return false;
      options.seen?.push(body);
      return true;
    })
    .reply(200, {
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_764_000_000,
      model: CODE_MODEL,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null },
          logprobs: null,
          finish_reason: options.finishReason ?? "stop",
        },
      ],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
      },
    });
}

export { moduleAnswer } from "../../helpers/llm.ts";
