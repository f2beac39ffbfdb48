import type { CommandName } from "../../core/types.ts";
import { parseMarkdown } from "../../markdown/parse.ts";
import { paragraphLines } from "./markdown.ts";

export const COMMANDS: readonly CommandName[] = [
  "start",
  "retry",
  "continue",
  "abort",
  "status",
  "help",
  "revise",
];

export type ParsedCommand =
  | { kind: "none" }
  | { kind: "command"; name: CommandName; args: string }
  | { kind: "unknown"; text: string; suggestion: CommandName | null };

const COMMAND_LINE = /^ {0,3}\/([A-Za-z][\w-]*)(?:[ \t]+(.*))?$/;

/**
 * Finds the first command in a comment: a line starting with `/` in a top-level paragraph,
 * so never in quotes, lists, code, HTML blocks or comments (Atlantis/Prow style, read with a
 * GFM parser). `/usr/bin` is not a command: the name must end the word.
 */
export function parseCommand(body: string): ParsedCommand {
  const text = body.replace(/\r\n?/g, "\n");
  for (const node of parseMarkdown(text).children) {
    if (node.type !== "paragraph") continue;
    for (const line of paragraphLines(text, node)) {
      const match = COMMAND_LINE.exec(line.text.trimEnd());
      if (!match?.[1]) continue;
      const name = match[1].toLowerCase();
      const args = (match[2] ?? "").trim();
      if ((COMMANDS as readonly string[]).includes(name)) {
        return { kind: "command", name: name as CommandName, args };
      }
      return { kind: "unknown", text: `/${match[1]}`, suggestion: closestCommand(name) };
    }
  }
  return { kind: "none" };
}

function closestCommand(name: string): CommandName | null {
  let best: { command: CommandName; distance: number } | null = null;
  for (const command of COMMANDS) {
    const distance = command.startsWith(name) && name.length >= 2 ? 1 : editDistance(name, command);
    if (distance <= 2 && (best === null || distance < best.distance)) best = { command, distance };
  }
  return best?.command ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
}
