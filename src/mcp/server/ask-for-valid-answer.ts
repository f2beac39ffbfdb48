import { cutBlock, joinContinuation } from "../answers/continue-answer.ts";
import type { Reading } from "../answers/module-answer.ts";
import type { ModelRequest, ModelTurn } from "./ask-client-model.ts";
import { renderPrompt } from "./prompt-template.ts";

export class InvalidModelAnswerError extends Error {
  readonly problem: string;
  constructor(problem: string) {
    super(`The model's answer was unusable even after one repair request: ${problem}`);
    this.name = "InvalidModelAnswerError";
    this.problem = problem;
  }
}

/** How often one answer may be continued after the length limit cut it. */
export const MAX_CONTINUATIONS = 2;

type Ask<A extends { text: string; truncated?: boolean | undefined }> = (
  request: ModelRequest,
) => Promise<A>;

/**
 * Asks once; an answer cut at the length limit is continued (up to MAX_CONTINUATIONS times)
 * rather than failed. When the whole answer fails `read`, asks once more with the problems
 * spelled out; `read` keeps what the first answer got right, so the repair only brings what
 * was wrong. A second failure is an error naming what was still wrong. `progress` hears each
 * stage, and the notes `read` makes (a file given twice), which are also returned.
 */
export async function askForValidAnswer<T, A extends { text: string; truncated?: boolean }>(
  ask: Ask<A>,
  system: string,
  prompt: string,
  read: (answer: string) => Reading<T>,
  progress: (message: string) => Promise<void> = async () => {},
): Promise<{ value: T; reply: A; notes: string[] }> {
  const turns: ModelTurn[] = [{ role: "user", text: prompt }];
  await progress("Asking the model");
  const first = await askWhole(ask, system, turns, progress);
  await progress("The model answered; checking its files");
  const firstResult = await readAndTell(first, read, progress);
  const notes = [...firstResult.notes];
  if (firstResult.ok) {
    await progress("The files passed the checks");
    return { value: firstResult.value, reply: first.reply, notes };
  }

  await progress(`The answer was unusable (${firstResult.problem}); asking the model to repair it`);
  turns.push(
    { role: "assistant", text: first.text },
    { role: "user", text: renderPrompt("repair", { problem: firstResult.problem }) },
  );
  const repaired = await askWhole(ask, system, turns, progress);
  await progress("The model answered the repair request; checking its files");
  const second = await readAndTell(repaired, read, progress);
  notes.push(...second.notes);
  if (second.ok) {
    await progress("The repaired files passed the checks");
    return { value: second.value, reply: repaired.reply, notes };
  }
  throw new InvalidModelAnswerError(second.problem);
}

async function readAndTell<T>(
  answer: { text: string; stillCut: boolean },
  read: (answer: string) => Reading<T>,
  progress: (message: string) => Promise<void>,
): Promise<Reading<T>> {
  const result: Reading<T> = answer.stillCut
    ? {
        ok: false,
        problem: `the answer still stopped at the length limit after ${MAX_CONTINUATIONS} continuations; write fewer or shorter files, and edit blocks rather than whole files`,
        notes: [],
      }
    : read(answer.text);
  for (const note of result.notes) await progress(`Note: ${note}`);
  return result;
}

/** One answer, continued while the model stops at the length limit. */
async function askWhole<A extends { text: string; truncated?: boolean | undefined }>(
  ask: Ask<A>,
  system: string,
  turns: readonly ModelTurn[],
  progress: (message: string) => Promise<void>,
): Promise<{ text: string; reply: A; stillCut: boolean }> {
  let reply = await ask({ system, turns });
  let text = reply.text;
  for (let round = 0; round < MAX_CONTINUATIONS && wasCut(text, reply.truncated); round++) {
    const block = cutBlock(text);
    await progress(
      `The answer stopped at the length limit${block ? ` inside ${block}` : ""}; asking the model to continue`,
    );
    reply = await ask({
      system,
      turns: [
        ...turns,
        { role: "assistant", text },
        {
          role: "user",
          text: renderPrompt("continue", {
            where: block
              ? `Start again at the "### FILE: ${block}" (or "### EDIT: ${block}") line and give that block whole, then the blocks still missing.`
              : "Carry on with the blocks still missing.",
          }),
        },
      ],
    });
    text = joinContinuation(text, reply.text);
  }
  return { text, reply, stillCut: wasCut(text, reply.truncated) };
}

/**
 * Whether an answer stopped at the length limit. When the model's side does not say why it
 * stopped, an unclosed block at the end of the text is the sign; an unclosed block in an
 * answer that ended normally just lacks its last fence, and is read as it is.
 */
function wasCut(text: string, truncated: boolean | undefined): boolean {
  return truncated ?? cutBlock(text) !== null;
}
