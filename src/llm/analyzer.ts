import type { Analyzer } from "../run/ports.ts";
import { analyzeRequest } from "./analyze.ts";
import { type Llm, LlmError } from "./client.ts";

/** The analysis over the app's LLM; a model that fails gives a plain-words error, not a throw. */
export function createAnalyzer(llm: Llm): Analyzer {
  return async (input) => {
    try {
      return { ok: true, ...(await analyzeRequest(llm, input)) };
    } catch (error) {
      if (error instanceof LlmError) {
        return { ok: false, error: `${error.message}.`, usage: error.usage };
      }
      throw error;
    }
  };
}
