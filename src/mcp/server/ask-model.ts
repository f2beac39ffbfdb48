import { SAMPLING_MAX_TOKENS } from "../limits.ts";
import {
  askClientModel,
  clientCanSample,
  type ModelReply,
  type ModelRequest,
  type SamplingContext,
} from "./ask-client-model.ts";
import type { ServerModel } from "./server-model.ts";

export type ModelSource = "sampling" | "server";

export type ModelAnswer = ModelReply & { via: ModelSource };

export class NoModelError extends Error {
  constructor(missing: readonly string[]) {
    super(
      `No model to write code with: the client did not declare the MCP sampling capability, and this server has no model of its own. Set ${missing.join(" and ")} in the server's environment (and OPENAI_BASE_URL for an endpoint other than OpenAI's), or connect with a client that supports sampling.`,
    );
    this.name = "NoModelError";
  }
}

/** The client's model when it offers sampling; otherwise the server's own; else a plain error. */
export async function askModel(
  context: SamplingContext,
  own: ServerModel,
  request: ModelRequest,
): Promise<ModelAnswer> {
  if (clientCanSample(context.server)) {
    return { ...(await askClientModel(context, request)), via: "sampling" };
  }
  if (!own.configured) throw new NoModelError(own.missing);
  const completion = await own.llm.complete({
    messages: [
      { role: "system", content: request.system },
      ...request.turns.map((turn) => ({ role: turn.role, content: turn.text })),
    ],
    maxTokens: SAMPLING_MAX_TOKENS,
    signal: context.signal,
  });
  if (completion.text === null) {
    throw new Error(
      completion.refusal
        ? `The server's model refused: ${completion.refusal}`
        : "The server's model returned no text.",
    );
  }
  return {
    text: completion.text,
    model: completion.model,
    truncated: completion.finishReason === "length",
    via: "server",
  };
}
