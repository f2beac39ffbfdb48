import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLlm } from "../../src/llm/client.ts";
import { startSilentServer } from "../helpers/silent-server.ts";
import { waitFor } from "../persistence/queue/wait.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("createLlm", () => {
  it("ends a request to a model that never answers when its signal is aborted, with the signal's reason", async () => {
    const deadModel = await startSilentServer();
    cleanups.push(deadModel.close);
    // The SDK's own retries stay on, as in production.
    const llm = createLlm(
      new OpenAI({ apiKey: "sk-test", baseURL: `${deadModel.url}/v1`, maxRetries: 2 }),
      "test-model",
    );
    const controller = new AbortController();
    const answer = llm.structured({
      schema: z.object({ ok: z.boolean() }),
      name: "probe",
      messages: [{ role: "user", content: "Answer ok." }],
      signal: controller.signal,
    });
    await waitFor("the model request", () => deadModel.requests() === 1);
    const reason = new Error("the job timed out");
    controller.abort(reason);
    // Not an LlmUnavailableError: an aborted step stops, it records no model failure.
    await expect(answer).rejects.toBe(reason);
    await waitFor("the request to be dropped", () => deadModel.dropped() === 1);
    expect(deadModel.requests()).toBe(1);
  });
});
