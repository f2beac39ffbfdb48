/**
 * JSON text without NUL characters: PostgreSQL's jsonb (and text) refuses `\u0000`, which
 * build output, model answers and webhook text can carry. Each NUL becomes U+FFFD, the
 * replacement character, so the text keeps its shape and shows where something was dropped.
 */
export function nulFreeJson(value: unknown): string {
  // An escaped NUL is `\u0000` after an even number of backslashes (an odd one is a literal
  // backslash followed by the text "u0000").
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd");
}

/** The same value with every NUL in its strings replaced, for APIs that take objects. */
export function nulFree<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(nulFreeJson(value)) as T);
}
