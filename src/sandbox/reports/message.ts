const MAX_MESSAGE_CHARS = 4_096;

/** A failure's full message, bounded so a huge assertion diff cannot flood comments or state. */
export function boundedMessage(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_MESSAGE_CHARS) return trimmed;
  return `${trimmed.slice(0, MAX_MESSAGE_CHARS)}\n[… ${trimmed.length - MAX_MESSAGE_CHARS} more characters cut]`;
}
