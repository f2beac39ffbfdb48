import { z } from "zod";

const toolResultEnvelope = z.object({
  content: z.array(z.looseObject({ type: z.string(), text: z.unknown().optional() })).default([]),
  structuredContent: z.unknown().optional(),
  isError: z.boolean().optional(),
});

export type ToolOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A tools/call result checked against `schema`: its structured content when the server sends
 * some, else the JSON text that servers without output schemas put in their text blocks.
 */
export function readToolResult<T>(raw: unknown, schema: z.ZodType<T>): ToolOutcome<T> {
  const envelope = toolResultEnvelope.safeParse(raw);
  if (!envelope.success) return { ok: false, message: "the answer is not a tool result" };
  const result = envelope.data;
  const text = result.content
    .flatMap((block) =>
      block.type === "text" && typeof block.text === "string" ? [block.text] : [],
    )
    .join("\n")
    .trim();
  if (result.isError) return { ok: false, message: text || "the server reported an error" };
  let data = result.structuredContent;
  if (data === undefined) {
    try {
      data = JSON.parse(text);
    } catch {
      return { ok: false, message: "the result has neither structured content nor JSON text" };
    }
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, message: `invalid result:\n${z.prettifyError(parsed.error)}` };
  }
  return { ok: true, value: parsed.data };
}
