import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { getContainerRuntimeClient } from "testcontainers";
import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { PROJECTS } from "./projects.ts";

const docker = await dockerStatus();
const RYUK_LABEL = "org.testcontainers.ryuk";
const sandboxIndex = new URL("../../src/sandbox/index.ts", import.meta.url).pathname;
const pythonProfile = new URL("../../src/stacks/python/profile.ts", import.meta.url).pathname;

async function ryukContainers(): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const list = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`${RYUK_LABEL}=true`] },
  });
  return list.map((info) => info.Id);
}

describe.skipIf(!docker.available)("testcontainers' Ryuk in production wiring", () => {
  it("stays off for a process that never set TESTCONTAINERS_RYUK_DISABLED", async () => {
    // Ryuk on would pull testcontainers/ryuk from Docker Hub, which no registry here serves:
    // the session would fail to open. It must open, build, test, and leave no Ryuk behind.
    const before = await ryukContainers();
    const script = `
      const { createDockerSandbox } = await import(${JSON.stringify(sandboxIndex)});
      const { python } = await import(${JSON.stringify(pythonProfile)});
      const sandbox = createDockerSandbox();
      try {
        const session = await sandbox.openSession({ toolchain: python.toolchain, labels: { run: "ryuk-off-${process.pid}", module: "calc" } });
        const result = await session.run(${JSON.stringify(PROJECTS.python.passing)});
        console.log(JSON.stringify({ ok: result.ok, ryuk: process.env.TESTCONTAINERS_RYUK_DISABLED }));
      } catch (error) {
        console.log(JSON.stringify({ error: String(error) }));
      } finally {
        await sandbox.close();
      }`;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: tmpdir() };
    if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script],
      { env },
    );
    const reported = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(reported).toEqual({ ok: true, ryuk: "true" });
    expect(await ryukContainers()).toEqual(before);
  }, 180_000);
});
