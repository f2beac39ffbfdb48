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

type Ask<A extends { text: string }> = (request: ModelRequest) => Promise<A>;

/**
 * Asks once; when the answer fails `read`, asks once more with the problem spelled out, then
 * gives up with an error naming what was still wrong. Returns the value and the reply it came
 * from; `progress` hears each stage.
 */
export async function askForValidAnswer<T, A extends { text: string }>(
  ask: Ask<A>,
  system: string,
  prompt: string,
  read: (answer: string) => Parsed<T>,
  progress: (message: string) => Promise<void> = async () => {},
): Promise<{ value: T; reply: A }> {
  const turns: ModelTurn[] = [{ role: "user", text: prompt }];
  await progress("Asking the model");
  const first = await ask({ system, turns });
  await progress("The model answered; checking its files");
  const firstResult = read(first.text);
  if (firstResult.ok) {
    await progress("The files passed the checks");
    return { value: firstResult.value, reply: first };
  }

  await progress(`The answer was unusable (${firstResult.problem}); asking the model to repair it`);
  turns.push(
    { role: "assistant", text: first.text },
    { role: "user", text: renderPrompt("repair", { problem: firstResult.problem }) },
  );
  const reply = await ask({ system, turns });
  await progress("The model answered the repair request; checking its files");
  const second = read(reply.text);
  if (second.ok) {
    await progress("The repaired files passed the checks");
    return { value: second.value, reply };
  }
  throw new InvalidModelAnswerError(second.problem);
}
