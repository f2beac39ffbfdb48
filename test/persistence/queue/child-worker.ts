import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { QueueOptions } from "../../../src/persistence/queue/queue.ts";
import { waitFor } from "./wait.ts";

const WORKER = fileURLToPath(new URL("./fixtures/worker.ts", import.meta.url));
const event = z.object({
  event: z.string(),
  id: z.string().optional(),
  attempt: z.number().optional(),
});
export type WorkerEvent = z.infer<typeof event>;

/** A worker in its own process (test/persistence/queue/fixtures/worker.ts), with the events it printed. */
export type ChildWorker = {
  process: ChildProcess;
  events: WorkerEvent[];
  waitFor(name: string, timeoutMs?: number): Promise<WorkerEvent>;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
};

export function spawnWorker(
  mode: "hang" | "work",
  options: QueueOptions & { holdMs?: number },
  logFile?: string,
): ChildWorker {
  const args = [WORKER, mode, JSON.stringify(options), ...(logFile ? [logFile] : [])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const events: WorkerEvent[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.stdout) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const parsed = event.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
    });
  }
  return {
    process: child,
    events,
    async waitFor(name, timeoutMs = 30_000) {
      let found: WorkerEvent | undefined;
      await waitFor(
        `worker ${child.pid} to print ${name}`,
        () => {
          found = events.find((entry) => entry.event === name);
          return found !== undefined || child.exitCode !== null;
        },
        timeoutMs,
      );
      if (!found) throw new Error(`worker ${child.pid} exited (${child.exitCode}) before ${name}`);
      return found;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
