import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerSandbox, type Sandbox, type SandboxSession } from "../../src/sandbox/index.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { escapePrinterModule, VISIBLE_WORDS } from "./hostile/escape-printer.ts";

const docker = await dockerStatus();

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe.skipIf(!docker.available)("hostile output through the real sandbox", () => {
  let sandbox: Sandbox;
  let session: SandboxSession;

  beforeAll(async () => {
    sandbox = createDockerSandbox();
    session = await sandbox.openSession({
      toolchain: python.toolchain,
      labels: { run: `hostile-output-${process.pid}`, module: "shouty" },
    });
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it("strips terminal escapes and control characters from captured build and test output", async () => {
    const result = await session.run(escapePrinterModule);
    expect(result.failure).toBe("test");
    const test = result.phases.find((phase) => phase.phase === "test");
    const captured = `${test?.stdout}\n${test?.stderr}`;
    for (const word of VISIBLE_WORDS) expect(captured).toContain(word);
    expect(captured).not.toMatch(ANY_CONTROL);
    expect(captured).not.toMatch(/evil\.example|owned title/);
    for (const error of result.errors) expect(error.message).not.toMatch(ANY_CONTROL);
  }, 60_000);
});
