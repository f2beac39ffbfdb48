import nock from "nock";
import OpenAI from "openai";
import { createLlm, type Llm } from "../../src/llm/client.ts";

export const LLM_BASE_URL = "http://llm.test/v1";

export function testOpenAI(): OpenAI {
  return new OpenAI({ apiKey: "sk-test", baseURL: LLM_BASE_URL, maxRetries: 0 });
}

export function testLlm(): Llm {
  return createLlm(testOpenAI(), "test-model");
}

export type ChatRequest = {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string } };
};

/** A chat.completion as OpenAI-compatible endpoints return it. */
export function chatCompletion(
  content: string,
  usage = { prompt_tokens: 420, completion_tokens: 80 },
  finishReason: "stop" | "length" = "stop",
) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_764_000_000,
    model: "test-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/**
 * Mocks one chat completion answering `content`; the returned list collects the requests
 * the app sent, so a test can check what the model was shown.
 */
export function mockChat(
  content: string | object,
  options: {
    usage?: { prompt_tokens: number; completion_tokens: number };
    finishReason?: "stop" | "length";
  } = {},
): ChatRequest[] {
  const requests: ChatRequest[] = [];
  nock(LLM_BASE_URL)
    .post("/chat/completions", (body: ChatRequest) => {
      requests.push(body);
      return true;
    })
    .reply(
      200,
      chatCompletion(
        typeof content === "string" ? content : JSON.stringify(content),
        options.usage,
        options.finishReason,
      ),
    );
  return requests;
}

/** A whole file, or SEARCH/REPLACE edits to one, as a module answer carries them. */
export type AnswerEdit = { path: string; search: string; replace: string };

/**
 * A generate or fix answer in the format the language servers ask for: `### STEPS` or
 * `### SUMMARY`, then each file as `### FILE: path` and one fenced block, then edit blocks.
 */
export function moduleAnswer(answer: {
  steps?: readonly string[];
  summary?: string;
  files?: readonly { path: string; content: string }[];
  edits?: readonly AnswerEdit[];
}): string {
  const parts: string[] = [];
  if (answer.steps) parts.push(`### STEPS\n${answer.steps.map((step) => `- ${step}`).join("\n")}`);
  if (answer.summary !== undefined) parts.push(`### SUMMARY\n${answer.summary}`);
  for (const file of answer.files ?? []) {
    const runs = (file.content.match(/`+/g) ?? []).map((run) => run.length + 1);
    const fence = "`".repeat(Math.max(3, ...runs));
    const body =
      file.content === "" || file.content.endsWith("\n") ? file.content : `${file.content}\n`;
    parts.push(`### FILE: ${file.path}\n${fence}\n${body}${fence}`);
  }
  // Blocks for the same file go under one EDIT heading, as models write them.
  const byPath = Map.groupBy(answer.edits ?? [], (edit) => edit.path);
  for (const [path, edits] of byPath) {
    const blocks = edits.map(
      (edit) => `<<<<<<< SEARCH\n${edit.search}\n=======\n${edit.replace}\n>>>>>>> REPLACE`,
    );
    parts.push(`### EDIT: ${path}\n${blocks.join("\n")}`);
  }
  return `${parts.join("\n\n")}\n`;
}
