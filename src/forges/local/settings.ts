import { availableParallelism } from "node:os";
import { z } from "zod";
import { defaultOperatorPolicy, type OperatorPolicy } from "../../config/operator-policy.ts";

/** What a local run reads from the environment: the same variables as the App. */
export type LocalSettings = {
  llm: { apiKey: string; baseURL: string | undefined; model: string; codeModel: string };
  /** The person at the terminal is the operator: the defaults, any model they name. */
  policy: OperatorPolicy;
};

/** A setting that stops the run before it starts; `message` is its one line. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

const text = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const envSchema = z.object({
  OPENAI_API_KEY: text,
  OPENAI_BASE_URL: text.pipe(z.url("expected an http(s) URL").optional()),
  OPENAI_MODEL: text,
  OPENAI_CODE_MODEL: text,
  DOCKER_HOST: text.pipe(
    z
      .string()
      .regex(/^(unix|tcp|npipe|ssh|https?):\/\/.+/, "expected a URL such as tcp://host:2375")
      .optional(),
  ),
});

export const DEFAULT_MODEL = "gpt-4.1-mini";

/** `model`: `--model`, which names the model for both analysis and code. */
export function readLocalSettings(
  env: Record<string, string | undefined>,
  model: string | null,
): LocalSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettingsError(`${issue?.path.join(".")}: ${issue?.message}`);
  }
  const vars = parsed.data;
  if (!vars.OPENAI_API_KEY) {
    throw new SettingsError(
      "OPENAI_API_KEY is not set: set it to your endpoint's key (any value for a local Ollama or vLLM), and OPENAI_BASE_URL to the endpoint (e.g. http://127.0.0.1:11434/v1)",
    );
  }
  const analysisModel = model ?? vars.OPENAI_MODEL ?? DEFAULT_MODEL;
  const codeModel = model ?? vars.OPENAI_CODE_MODEL ?? analysisModel;
  const policy = defaultOperatorPolicy({ model: analysisModel, codeModel }, availableParallelism());
  return {
    llm: {
      apiKey: vars.OPENAI_API_KEY,
      baseURL: vars.OPENAI_BASE_URL,
      model: analysisModel,
      codeModel,
    },
    policy,
  };
}
