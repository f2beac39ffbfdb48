import { getContainerRuntimeClient } from "testcontainers";
import { afterAll, describe, expect, it } from "vitest";
import { createDockerSandbox } from "../../src/sandbox/index.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { dockerStatus } from "../helpers/docker.ts";

const docker = await dockerStatus();
const RUN_ID = `ceilings-${process.pid}`;

describe.skipIf(!docker.available)("the operator's sandbox ceilings", () => {
  const sandbox = createDockerSandbox({
    ceilings: { cpus: 1, memoryMb: 384, pids: 96, phaseTimeoutSec: 60 },
    diskMb: 64,
  });
  afterAll(() => sandbox.close());

  it("bound what a session asks for (a repository's 8 CPUs, 16 GB, 4096 pids)", async () => {
    const session = await sandbox.openSession({
      toolchain: python.toolchain,
      labels: { run: RUN_ID, module: "greedy" },
      limits: { cpus: 8, memoryMb: 16_384, pids: 4096, phaseTimeoutSec: 3600 },
    });
    const result = await session.run([
      { path: "greedy/__init__.py", content: "" },
      { path: "tests/test_greedy.py", content: "def test_runs():\n    assert True\n" },
    ]);
    expect(result.ok).toBe(true);
    const client = await getContainerRuntimeClient();
    const [info] = await client.container.dockerode.listContainers({
      filters: { label: [`issue-codegen.run=${RUN_ID}`] },
    });
    const inspected = await client.container.dockerode.getContainer(info?.Id ?? "").inspect();
    expect(inspected.HostConfig).toMatchObject({
      NanoCpus: 1e9,
      // The /sandbox tmpfs lives in RAM, so its cap comes on top of the processes' memory.
      Memory: (384 + 64) * 1024 * 1024,
      PidsLimit: 96,
    });
    await session.close();
  }, 600_000);
});
