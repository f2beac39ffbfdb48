import OpenAI from "openai";
import { createLlm, type Llm } from "../../llm/client.ts";

/** The server's own model, from its process environment; used when the client cannot sample. */
export type ServerModel =
  | { configured: true; llm: Llm; model: string }
  | { configured: false; missing: string[] };

export const NO_SERVER_MODEL: ServerModel = {
  configured: false,
  missing: ["OPENAI_API_KEY", "OPENAI_CODE_MODEL (or OPENAI_MODEL)"],
};

/**
 * OPENAI_API_KEY and a model name (OPENAI_CODE_MODEL, else OPENAI_MODEL) are required;
 * OPENAI_BASE_URL picks any OpenAI-compatible endpoint (OpenAI's own when unset).
 */
export function serverModelFromEnvironment(env: NodeJS.ProcessEnv): ServerModel {
  const apiKey = env.OPENAI_API_KEY?.trim();
  const model = env.OPENAI_CODE_MODEL?.trim() || env.OPENAI_MODEL?.trim();
  const missing = [
    ...(apiKey ? [] : ["OPENAI_API_KEY"]),
    ...(model ? [] : ["OPENAI_CODE_MODEL (or OPENAI_MODEL)"]),
  ];
  if (!apiKey || !model) return { configured: false, missing };
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  if (baseURL !== undefined && !URL.canParse(baseURL)) {
    throw new Error(`OPENAI_BASE_URL is not a URL: ${baseURL}`);
  }
  return { configured: true, llm: createLlm(new OpenAI({ apiKey, baseURL }), model), model };
}
