import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatRequest } from "./llm.ts";

export type FakeModelServer = {
  /** The OpenAI-compatible base URL, ending in /v1. */
  baseUrl: string;
  /** Every chat request received, in order. */
  requests: ChatRequest[];
  /** Queues one answer; requests beyond the queue get HTTP 500. `length`: cut at the limit. */
  answer(content: string, finishReason?: "stop" | "length"): void;
  /** The next request is held open, never answered; resolves when it arrives. */
  holdNext(): Promise<HeldRequest>;
  close(): Promise<void>;
};

export type HeldRequest = { closed: Promise<void> };

export const SERVER_MODEL = "fake-server-model";

/**
 * A real OpenAI-compatible HTTP endpoint on 127.0.0.1 for servers running as child processes
 * (nock only reaches this process). Answers POST /v1/chat/completions the way OpenAI does.
 */
export async function startFakeModelServer(): Promise<FakeModelServer> {
  const requests: ChatRequest[] = [];
  const answers: { content: string; finishReason: "stop" | "length" }[] = [];
  let hold: ((held: HeldRequest) => void) | undefined;

  const http = createServer((request, response) => {
    void readBody(request).then((body) => {
      if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
        response.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(body) as ChatRequest);
      if (hold) {
        const held = hold;
        hold = undefined;
        held({ closed: new Promise((resolve) => response.once("close", () => resolve())) });
        return;
      }
      const next = answers.shift();
      if (next === undefined) {
        sendJson(response, 500, { error: { message: "no answer queued in the fake model" } });
        return;
      }
      sendJson(response, 200, completion(next.content, next.finishReason));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    answer: (content, finishReason = "stop") => answers.push({ content, finishReason }),
    holdNext: () => new Promise((resolve) => (hold = resolve)),
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The environment a server process needs to use the fake as its own model. */
export const serverModelEnv = (fake: FakeModelServer): Record<string, string> => ({
  OPENAI_BASE_URL: fake.baseUrl,
  OPENAI_API_KEY: "test-key",
  OPENAI_CODE_MODEL: SERVER_MODEL,
});

function completion(content: string, finishReason: "stop" | "length") {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_764_000_000,
    model: SERVER_MODEL,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: { prompt_tokens: 1200, completion_tokens: 800, total_tokens: 2000 },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
