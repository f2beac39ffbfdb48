import { stripTerminalControls } from "./terminal-text.ts";

/**
 * Keeps the head and the tail of a stream that may be endless: generated code can print
 * gigabytes before a timeout. Compilers put their first errors in the head; test runners put
 * their summary in the tail, so parsers read both. Text comes out without terminal controls:
 * this is where the sandbox's output enters the app.
 */
export type BoundedOutput = {
  append(chunk: Buffer): void;
  /** Head and tail joined, with a marker where bytes were dropped: what the parsers read. */
  text(): string;
  /** The last `maxChars` characters, with a truncation note when anything was cut. */
  tail(maxChars: number): { text: string; truncated: boolean };
};

export function createBoundedOutput(
  keepHeadBytes = 64 * 1024,
  keepTailBytes = 64 * 1024,
): BoundedOutput {
  let head = Buffer.alloc(0);
  let tailChunks: Buffer[] = [];
  let tailBytes = 0;
  let totalBytes = 0;

  const tailBuffer = (): Buffer => {
    const joined = Buffer.concat(tailChunks);
    return joined.subarray(Math.max(0, joined.length - keepTailBytes));
  };
  const full = (): string => {
    const tail = tailBuffer();
    const skipped = totalBytes - head.length - tail.length;
    const marker = skipped > 0 ? `\n[… ${skipped} bytes omitted …]\n` : "";
    return stripTerminalControls(head.toString("utf8") + marker + tail.toString("utf8"));
  };

  return {
    append(chunk) {
      totalBytes += chunk.length;
      if (head.length < keepHeadBytes) {
        const room = keepHeadBytes - head.length;
        head = Buffer.concat([head, chunk.subarray(0, room)]);
        chunk = chunk.subarray(room);
      }
      if (chunk.length === 0) return;
      tailChunks.push(chunk);
      tailBytes += chunk.length;
      if (tailBytes > keepTailBytes * 2) {
        tailChunks = [tailBuffer()];
        tailBytes = tailChunks[0]?.length ?? 0;
      }
    },
    text: full,
    tail(maxChars) {
      const text = full();
      const cut = totalBytes > head.length + tailBuffer().length;
      if (!cut && text.length <= maxChars) {
        return { text, truncated: false };
      }
      const kept = text.slice(-maxChars);
      const note = `[output truncated: showing the last ${kept.length} of ${totalBytes} bytes]\n`;
      return { text: note + kept, truncated: true };
    },
  };
}
