import nock from "nock";
import { describe, expect, it } from "vitest";
import { checkLlm, createLlmCheck } from "../../src/preflight/llm-check.ts";
import { LLM_BASE_URL } from "../helpers/llm.ts";
import { closedPort } from "./closed-port.ts";

const MODELS = [
  { name: "test-model", setting: "OPENAI_MODEL" },
  { name: "test-code-model", setting: "OPENAI_CODE_MODEL" },
];

function modelList(...ids: string[]) {
  return {
    object: "list",
    data: ids.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "system" })),
  };
}

describe("the LLM preflight check", () => {
  it("passes when the endpoint lists both configured models", async () => {
    nock(LLM_BASE_URL)
      .get("/models")
      .matchHeader("authorization", "Bearer sk-test")
      .reply(200, modelList("test-model", "test-code-model", "other"));

    const report = await checkLlm({ apiKey: "sk-test", baseURL: LLM_BASE_URL, models: MODELS });

    expect(report).toEqual({
      part: "llm",
      ok: true,
      detail: "http://llm.test/v1 answers and offers test-model, test-code-model",
    });
  });

  it("names the key setting when the endpoint answers 401", async () => {
    nock(LLM_BASE_URL)
      .get("/models")
      .reply(401, {
        error: {
          message: "Incorrect API key provided: sk-bad.",
          type: "invalid_request_error",
          param: null,
          code: "invalid_api_key",
        },
      });

    const report = await checkLlm({ apiKey: "sk-bad", baseURL: LLM_BASE_URL, models: MODELS });

    expect(report).toEqual({
      part: "llm",
      ok: false,
      summary: "the LLM endpoint refuses the app's key",
      detail:
        "the LLM endpoint http://llm.test/v1 refused the key (HTTP 401: Incorrect API key provided: sk-bad.)",
      setting: "OPENAI_API_KEY",
      fix: "set OPENAI_API_KEY to a key this endpoint accepts",
    });
  });

  it("names the model setting and what the endpoint offers for an unknown model", async () => {
    nock(LLM_BASE_URL).get("/models").reply(200, modelList("test-model", "gpt-4.1"));

    const report = await checkLlm({ apiKey: "sk-test", baseURL: LLM_BASE_URL, models: MODELS });

    expect(report).toEqual({
      part: "llm",
      ok: false,
      summary: "the configured LLM model is not available",
      detail:
        "the LLM endpoint http://llm.test/v1 does not offer test-code-model (OPENAI_CODE_MODEL)",
      setting: "OPENAI_CODE_MODEL",
      fix: "set OPENAI_CODE_MODEL to one it offers: test-model, gpt-4.1",
    });
  });

  it("falls back to one tiny completion per model where the endpoint lists none", async () => {
    const asked: { model: string; max_tokens: number }[] = [];
    nock(LLM_BASE_URL)
      .get("/models")
      .reply(404, { error: { message: "Not Found" } })
      .post("/chat/completions", (body) => {
        asked.push(body);
        return true;
      })
      .reply(200, {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1_764_000_000,
        model: "test-model",
        choices: [
          { index: 0, message: { role: "assistant", content: "OK" }, finish_reason: "length" },
        ],
        usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
      })
      .post("/chat/completions")
      .reply(404, {
        error: { message: "The model `test-code-model` does not exist.", code: "model_not_found" },
      });

    const report = await checkLlm({ apiKey: "sk-test", baseURL: LLM_BASE_URL, models: MODELS });

    expect(asked).toEqual([expect.objectContaining({ model: "test-model", max_tokens: 1 })]);
    expect(report).toEqual({
      part: "llm",
      ok: false,
      summary: "the configured LLM model is not available",
      detail:
        "the LLM endpoint http://llm.test/v1 does not offer test-code-model (OPENAI_CODE_MODEL)",
      setting: "OPENAI_CODE_MODEL",
      fix: "set OPENAI_CODE_MODEL to a model the endpoint serves",
    });
  });

  it("asks a model without a list for a completion once, not on every repeat", async () => {
    const completions: string[] = [];
    nock(LLM_BASE_URL)
      .get("/models")
      .times(2)
      .reply(404, { error: { message: "Not Found" } })
      .post("/chat/completions", (body: { model: string }) => {
        completions.push(body.model);
        return true;
      })
      .times(2)
      .reply(200, {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1_764_000_000,
        model: "test-model",
        choices: [
          { index: 0, message: { role: "assistant", content: "OK" }, finish_reason: "length" },
        ],
        usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
      });
    const check = createLlmCheck({ apiKey: "sk-test", baseURL: LLM_BASE_URL, models: MODELS });

    const first = await check();
    const second = await check();

    expect(completions).toEqual(["test-model", "test-code-model"]);
    expect([first, second]).toEqual([
      {
        part: "llm",
        ok: true,
        detail:
          "http://llm.test/v1 answers a completion with test-model, test-code-model (it lists no models)",
      },
      {
        part: "llm",
        ok: true,
        detail:
          "http://llm.test/v1 answers a completion with test-model, test-code-model (it lists no models)",
      },
    ]);
  });

  it("names the base URL setting when nothing answers there", async () => {
    const base = `http://127.0.0.1:${await closedPort()}/v1`;

    const report = await checkLlm({ apiKey: "sk-test", baseURL: base, models: MODELS });

    expect(report).toEqual({
      part: "llm",
      ok: false,
      summary: "the LLM endpoint is unreachable",
      detail: `the LLM endpoint ${base} does not answer (connect ECONNREFUSED ${base.slice(7, -3)})`,
      setting: "OPENAI_BASE_URL",
      fix: "start the endpoint, or set OPENAI_BASE_URL to a running OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434/v1)",
    });
  });
});
