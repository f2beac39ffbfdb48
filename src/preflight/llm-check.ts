import OpenAI from "openai";
import { down, type PartReport, rootMessage, up } from "./types.ts";

export type LlmCheckConfig = {
  apiKey: string;
  baseURL: string | undefined;
  /** Each configured model and the setting it comes from. */
  models: { name: string; setting: string }[];
};

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const TIMEOUT_MS = 10_000;

/**
 * `checkLlm` for the background: a model that answered a completion once is not asked
 * again, so repeating the check on an endpoint without a model list spends no tokens.
 */
export function createLlmCheck(config: LlmCheckConfig): () => Promise<PartReport> {
  const answered = new Set<string>();
  return () => checkLlm(config, answered);
}

/**
 * The endpoint answers and accepts the key (`GET /models`), and lists the configured models.
 * An endpoint without a model list gets one tiny completion per model instead, except for
 * the models in `answered` (which this adds to).
 */
export async function checkLlm(
  config: LlmCheckConfig,
  answered = new Set<string>(),
): Promise<PartReport> {
  const base = config.baseURL ?? DEFAULT_BASE_URL;
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: base,
    maxRetries: 0,
    timeout: TIMEOUT_MS,
  });
  const models = uniqueModels(config.models);
  let offered: string[] | null;
  try {
    offered = [];
    for await (const model of client.models.list()) offered.push(model.id);
  } catch (error) {
    if (!(error instanceof OpenAI.NotFoundError)) return failure(error, base);
    offered = null;
  }
  if (offered !== null) {
    const unknown = models.filter((model) => !offered.includes(model.name));
    if (unknown.length === 0) {
      return up("llm", `${base} answers and offers ${models.map((m) => m.name).join(", ")}`);
    }
    return unknownModels(unknown, base, offered);
  }
  for (const model of models) {
    if (answered.has(model.name)) continue;
    try {
      await client.chat.completions.create({
        model: model.name,
        messages: [{ role: "user", content: "Reply with OK." }],
        max_tokens: 1,
      });
    } catch (error) {
      if (error instanceof OpenAI.NotFoundError) return unknownModels([model], base, null);
      return failure(error, base);
    }
    answered.add(model.name);
  }
  return up(
    "llm",
    `${base} answers a completion with ${models.map((m) => m.name).join(", ")} (it lists no models)`,
  );
}

function uniqueModels(models: LlmCheckConfig["models"]): LlmCheckConfig["models"] {
  return models.filter(
    (model, index) => models.findIndex((other) => other.name === model.name) === index,
  );
}

function failure(error: unknown, base: string): PartReport {
  if (
    error instanceof OpenAI.AuthenticationError ||
    error instanceof OpenAI.PermissionDeniedError
  ) {
    return down("llm", {
      summary: "the LLM endpoint refuses the app's key",
      detail: `the LLM endpoint ${base} refused the key (HTTP ${error.status}: ${apiMessage(error)})`,
      setting: "OPENAI_API_KEY",
      fix: "set OPENAI_API_KEY to a key this endpoint accepts",
    });
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    return down("llm", {
      summary: "the LLM endpoint answers with errors",
      detail: `the LLM endpoint ${base} answered HTTP ${error.status} (${apiMessage(error)})`,
      setting: "OPENAI_BASE_URL",
      fix: "check that OPENAI_BASE_URL is an OpenAI-compatible endpoint (it usually ends in /v1) and that the service is healthy",
    });
  }
  return down("llm", {
    summary: "the LLM endpoint is unreachable",
    detail: `the LLM endpoint ${base} does not answer (${rootMessage(error)})`,
    setting: "OPENAI_BASE_URL",
    fix: "start the endpoint, or set OPENAI_BASE_URL to a running OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434/v1)",
  });
}

function unknownModels(
  unknown: LlmCheckConfig["models"],
  base: string,
  offered: string[] | null,
): PartReport {
  const names = unknown.map((model) => `${model.name} (${model.setting})`).join(", ");
  const settings = [...new Set(unknown.map((model) => model.setting))].join(" and ");
  const choices =
    offered === null
      ? "a model the endpoint serves"
      : `one it offers: ${offered.slice(0, 8).join(", ")}${offered.length > 8 ? ", …" : ""}`;
  return down("llm", {
    summary: "the configured LLM model is not available",
    detail: `the LLM endpoint ${base} does not offer ${names}`,
    setting: settings,
    fix: `set ${settings} to ${choices}`,
  });
}

/** The endpoint's own error text when it sent one, without the SDK's status prefix. */
function apiMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === "string" ? body.message : error.message;
}
