import type OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { z } from "zod";
import type { TokenUsage } from "../core/types.ts";

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** A failed LLM request; `usage` holds the tokens it spent anyway. */
export class LlmError extends Error {
  readonly usage: TokenUsage;
  constructor(message: string, usage: TokenUsage) {
    super(message);
    this.name = new.target.name;
    this.usage = usage;
  }
}

/** The model's answer stayed invalid after one repair request; `message` is plain words. */
export class LlmOutputError extends LlmError {}

/** The endpoint could not be reached or refused the request. */
export class LlmUnavailableError extends LlmError {}

export type StructuredRequest<S extends z.ZodType> = {
  schema: S;
  /** Names the JSON schema sent to the endpoint. */
  name: string;
  messages: ChatMessage[];
  /** Checks beyond the schema (unique names, known languages); returns problems. */
  check?: (value: z.infer<S>) => string[];
  maxTokens?: number;
  /** Overrides the client's model for this request (a repository's choice). */
  model?: string | undefined;
  /** Cancels the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
};

export type CompletionRequest = {
  messages: ChatMessage[];
  /** Overrides the gateway's model for this request. */
  model?: string | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  stop?: string[] | undefined;
  signal?: AbortSignal | undefined;
};

export type Completion = {
  /** The answer's text; null when the model gave none (see `refusal`). */
  text: string | null;
  refusal: string | null;
  /** The model that answered, as the endpoint names it. */
  model: string;
  /** `stop`, `length`, … as the endpoint reports it. */
  finishReason: string;
  usage: TokenUsage;
};

/** The one way the app talks to a model: plain completions, and structured output. */
export type Llm = {
  complete(request: CompletionRequest): Promise<Completion>;
  structured<S extends z.ZodType>(
    request: StructuredRequest<S>,
  ): Promise<{ value: z.infer<S>; usage: TokenUsage }>;
};

const EMPTY_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0 };

/**
 * Structured output from any OpenAI-compatible endpoint. An invalid or truncated answer is
 * sent back once with the validation error; a second failure is an LlmOutputError.
 */
export function createLlm(client: OpenAI, model: string): Llm {
  return {
    async complete(request) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          {
            model: request.model ?? model,
            messages: request.messages,
            ...(request.maxTokens ? { max_completion_tokens: request.maxTokens } : {}),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            ...(request.stop?.length ? { stop: request.stop } : {}),
          },
          { signal: request.signal },
        );
      } catch (error) {
        request.signal?.throwIfAborted();
        throw new LlmUnavailableError(describeApiError(error), EMPTY_USAGE);
      }
      const choice = completion.choices[0];
      return {
        text: choice?.message.content ?? null,
        refusal: choice?.message.refusal ?? null,
        model: completion.model,
        finishReason: choice?.finish_reason ?? "stop",
        usage: usageOf(completion),
      };
    },

    async structured(request) {
      let usage = EMPTY_USAGE;
      const messages: ChatMessage[] = [...request.messages];
      let lastProblem = "";
      for (let attempt = 1; attempt <= 2; attempt++) {
        let completion: OpenAI.Chat.Completions.ChatCompletion;
        try {
          completion = await client.chat.completions.create(
            {
              model: request.model ?? model,
              messages,
              response_format: zodResponseFormat(request.schema, request.name),
              ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
            },
            { signal: request.signal },
          );
        } catch (error) {
          // Aborted: the step stops here, it is not the model's failure to record.
          request.signal?.throwIfAborted();
          throw new LlmUnavailableError(describeApiError(error), usage);
        }
        const spent = usageOf(completion);
        usage = {
          promptTokens: usage.promptTokens + spent.promptTokens,
          completionTokens: usage.completionTokens + spent.completionTokens,
        };
        const choice = completion.choices[0];
        const content = choice?.message.content ?? "";
        const outcome = validate(request, content, choice?.finish_reason);
        if (outcome.ok) return { value: outcome.value, usage };
        lastProblem = outcome.problem;
        messages.push(
          { role: "assistant", content },
          {
            role: "user",
            content: `Your answer could not be used: ${outcome.problem}\nAnswer again with only JSON that matches the schema.`,
          },
        );
      }
      throw new LlmOutputError(`the model's answer was unusable twice (${lastProblem})`, usage);
    },
  };
}

function validate<S extends z.ZodType>(
  request: StructuredRequest<S>,
  content: string,
  finishReason: string | undefined,
): { ok: true; value: z.infer<S> } | { ok: false; problem: string } {
  if (finishReason === "length") {
    return { ok: false, problem: "it was cut off at the length limit; answer more briefly" };
  }
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ""));
  } catch {
    return { ok: false, problem: "it was not valid JSON" };
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    return { ok: false, problem: `it did not match the schema (${issues.join("; ")})` };
  }
  const problems = request.check?.(parsed.data) ?? [];
  if (problems.length > 0) return { ok: false, problem: problems.join("; ") };
  return { ok: true, value: parsed.data };
}

function usageOf(completion: OpenAI.Chat.Completions.ChatCompletion): TokenUsage {
  return {
    promptTokens: completion.usage?.prompt_tokens ?? 0,
    completionTokens: completion.usage?.completion_tokens ?? 0,
  };
}

function describeApiError(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number") {
    const said = (error as { error?: { message?: unknown } }).error?.message;
    const detail = typeof said === "string" && said ? `: ${said.slice(0, 300)}` : "";
    if (status === 401 || status === 403)
      return `the LLM endpoint refused the API key (HTTP ${status})${detail}`;
    if (status === 429) return `the LLM endpoint is rate limiting requests (HTTP 429)${detail}`;
    return `the LLM endpoint answered HTTP ${status}${detail}`;
  }
  return "the LLM endpoint could not be reached";
}
