import type { ModelRequest, ModelTurn } from "./ask-client-model.ts";
import type { Parsed } from "./parse-model-json.ts";
import { renderPrompt } from "./prompt-template.ts";

export class InvalidModelAnswerError extends Error {
  readonly problem: string;
  constructor(problem: string) {
    super(`The model's answer was unusable even after one repair request: ${problem}`);
    this.name = "InvalidModelAnswerError";
    this.problem = problem;
  }
}

type Ask = (request: ModelRequest) => Promise<string>;

/**
 * Asks once; when the answer fails `read`, asks once more with the problem spelled out, then
 * gives up with an error naming what was still wrong.
 */
export async function askForValidAnswer<T>(
  ask: Ask,
  system: string,
  prompt: string,
  read: (answer: string) => Parsed<T>,
): Promise<T> {
  const turns: ModelTurn[] = [{ role: "user", text: prompt }];
  const first = await ask({ system, turns });
  const firstResult = read(first);
  if (firstResult.ok) return firstResult.value;

  turns.push(
    { role: "assistant", text: first },
    { role: "user", text: renderPrompt("repair", { problem: firstResult.problem }) },
  );
  const second = read(await ask({ system, turns }));
  if (second.ok) return second.value;
  throw new InvalidModelAnswerError(second.problem);
}
