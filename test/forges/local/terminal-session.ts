import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { cliEnv } from "./cli-process.ts";

const BIN = fileURLToPath(new URL("../../../bin/codegen.mjs", import.meta.url));

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * `codegen run …` in a pseudo-terminal (util-linux `script`), as a person runs it: the
 * prompts and the live lines see a TTY. `waitFor` reads the screen's text without its
 * escapes; `type` sends keys.
 */
export function terminalSession(
  args: readonly string[],
  options: { cwd: string; llmUrl: string; env?: Record<string, string> },
) {
  return terminalCommand([process.execPath, BIN, "run", ...args], options);
}

/** Any command line in the pseudo-terminal, e.g. the README's as written. */
export function terminalCommand(
  argv: readonly string[],
  options: { cwd: string; llmUrl: string; env?: Record<string, string> },
) {
  const command = `stty cols 120 rows 40; exec ${argv.map(quote).join(" ")}`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: options.cwd,
    env: { ...cliEnv(options.llmUrl, options.env), TERM: "xterm-256color" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  const waiters: { text: string; resolve: () => void; from: number }[] = [];
  let read = 0;
  const onData = (chunk: Buffer) => {
    screen += stripVTControlCharacters(chunk.toString());
    for (const waiter of [...waiters]) {
      if (screen.indexOf(waiter.text, waiter.from) !== -1) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  return {
    /** Resolves once `text` shows after everything waited for before. */
    waitFor(text: string): Promise<void> {
      const from = read;
      return new Promise<void>((resolve, reject) => {
        const found = screen.indexOf(text, from);
        const done = () => {
          read = screen.indexOf(text, from) + text.length;
          resolve();
        };
        if (found !== -1) return done();
        waiters.push({ text, resolve: done, from });
        exited.then(() =>
          reject(new Error(`the command ended before showing "${text}":\n${screen.slice(from)}`)),
        );
      });
    },
    type(keys: string): void {
      child.stdin.write(keys);
    },
    screen: () => screen,
    exited,
    kill: () => child.kill("SIGKILL"),
  };
}

export const KEY = { down: "\u001b[B", enter: "\r" } as const;
