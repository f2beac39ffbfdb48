import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";

const CLI = fileURLToPath(new URL("../../../src/cli.ts", import.meta.url));

export type CliHttpServer = { url: string; close(): Promise<void> };

/**
 * Runs `node src/cli.ts mcp <language> --http --port 0 …` and waits for the line naming its
 * URL on stderr. Rejects with the process's stderr when it exits instead.
 */
export async function startCliHttpServer(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliHttpServer> {
  const child = spawn(process.execPath, [CLI, "mcp", ...args], {
    env: { ...getDefaultEnvironment(), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await listeningUrl(child);
  return {
    url,
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Runs the CLI to its exit (for refusals); returns its exit code and stderr. */
export async function runCliToExit(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, "mcp", ...args], {
    env: { ...getDefaultEnvironment(), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stderr };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = / listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}):\n${stderr}`)));
  });
}
