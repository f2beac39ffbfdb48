import { pino } from "pino";
import type { Logger } from "probot";

/** A logger that keeps each line's level and message, for asserting what the operator sees. */
export function capturedLog(): { log: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log = pino(
    { level: "info" },
    {
      write(line: string) {
        const { level, msg } = JSON.parse(line) as { level: number; msg: string };
        lines.push({ level, msg });
      },
    },
  ) as unknown as Logger;
  return { log, lines };
}

export const ERROR = 50;
export const INFO = 30;
