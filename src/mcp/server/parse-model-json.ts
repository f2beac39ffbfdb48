import { z } from "zod";

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Reads the model's JSON answer against `schema`. Tolerates a ```json fence around the object
 * (models add one despite instructions) without cutting at fences inside file contents.
 */
export function parseModelJson<T>(text: string, schema: z.ZodType<T>): Parsed<T> {
  let data: unknown;
  try {
    data = JSON.parse(unfence(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `the answer is not valid JSON (${reason})` };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problem: `the JSON does not match the shape asked for:\n${z.prettifyError(parsed.error)}`,
    };
  }
  return { ok: true, value: parsed.data };
}

function unfence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```[\w-]*\s*\n([\s\S]*)\n\s*```$/.exec(trimmed);
  if (fenced?.[1] !== undefined) return fenced[1];
  const start = trimmed.indexOf("{");
  const end = trimmed.lastIndexOf("}");
  return start >= 0 && end > start ? trimmed.slice(start, end + 1) : trimmed;
}
