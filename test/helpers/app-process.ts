import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { AppConfig } from "../../src/config/env.ts";
import { TEST_WEBHOOK_SECRET } from "./probot.ts";
import { signPayload } from "./webhooks.ts";

const APP_PROCESS = fileURLToPath(new URL("../fixtures/app-process.ts", import.meta.url));

/**
 * Starts the app in its own process (see test/fixtures/app-process.ts); resolves with its
 * port once it listens. `cleanups` gets a SIGKILL for it, in case the test leaves it running.
 */
export async function spawnApp(
  config: AppConfig,
  cleanups: (() => Promise<void> | void)[],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [APP_PROCESS, JSON.stringify(config)], {
    env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: "true" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const ready = /ready (\d+)/.exec(chunk.toString());
      if (ready) resolve(Number(ready[1]));
    });
    child.once("exit", (code) => reject(new Error(`the app process exited with ${code}`)));
  });
  return { child, port };
}

/** Posts a webhook to the app process as GitHub does, signed. */
export function deliver(port: number, event: { id: string; name: string; payload: unknown }) {
  const body = JSON.stringify(event.payload);
  return fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event.name,
      "x-github-delivery": event.id,
      "x-hub-signature-256": signPayload(TEST_WEBHOOK_SECRET, body),
    },
    body,
  });
}
