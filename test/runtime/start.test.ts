import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

// `npm start` runs `node src/runtime/main.ts`; these tests run that same command as a child process.
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["src/runtime/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("npm start", () => {
  it("serves Probot's GitHub App setup page when no credentials are configured", async () => {
    const port = await freePort();
    const { output } = start({ PORT: String(port), NODE_ENV: "development" });
    const response = await waitForHttp(`http://localhost:${port}/probot`, 20_000);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Register GitHub App/);
    expect(output()).toMatch(/setup mode/);
  });

  it("exits with a readable message when the configuration is bad", async () => {
    const { child, output } = start({ APP_ID: "not-a-number", WEBHOOK_SECRET: "x" });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output()).toContain("Invalid configuration:");
    expect(output()).toContain("APP_ID: expected a positive integer");
    expect(output()).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  });
});
