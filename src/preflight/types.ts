/** The parts generation needs, each checked at start and again in the background. */
export type PartName = "sandbox" | "llm" | "database";

export type PartUp = { part: PartName; ok: true; detail: string };

export type PartDown = {
  part: PartName;
  ok: false;
  /** For an issue's comment: what is missing, in a few plain words. */
  summary: string;
  /** For the operator: what failed, with the endpoint and the error. */
  detail: string;
  /** The setting involved. */
  setting: string;
  fix: string;
};

export type PartReport = PartUp | PartDown;

export type Check = () => Promise<PartReport>;

export function up(part: PartName, detail: string): PartUp {
  return { part, ok: true, detail };
}

export function down(part: PartName, fields: Omit<PartDown, "part" | "ok">): PartDown {
  return { part, ok: false, ...fields };
}

/** The innermost message of an error chain: "connect ECONNREFUSED 127.0.0.1:1", not "fetch failed". */
export function rootMessage(error: unknown): string {
  let current = error;
  const seen = new Set<unknown>();
  while (current instanceof Error && current.cause !== undefined && !seen.has(current.cause)) {
    seen.add(current);
    current = current.cause;
  }
  if (current instanceof AggregateError && current.errors.length > 0) {
    return rootMessage(current.errors[0]);
  }
  return current instanceof Error ? current.message || current.name : String(current);
}
