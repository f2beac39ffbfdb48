import { getContainerRuntimeClient } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDockerSandbox,
  type Sandbox,
  type SandboxFile,
  type SandboxSession,
} from "../../src/sandbox/index.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { PROJECTS } from "./projects.ts";

const docker = await dockerStatus();
const RUN_ID = `disk-${process.pid}`;
const DISK_MB = 64;

// A hostile module: its test writes 200 MB into the work dir.
const DISK_FILLER: SandboxFile[] = [
  { path: "filler/__init__.py", content: "" },
  {
    path: "tests/test_filler.py",
    content: `import subprocess

def test_fill_the_disk():
    subprocess.run(["dd", "if=/dev/zero", "of=big.bin", "bs=1M", "count=200"], check=True)
`,
  },
];

describe.skipIf(!docker.available)("sandbox disk cap", () => {
  let sandbox: Sandbox;
  let session: SandboxSession;

  beforeAll(async () => {
    sandbox = createDockerSandbox({ diskMb: DISK_MB });
    session = await sandbox.openSession({
      toolchain: python.toolchain,
      labels: { run: RUN_ID, module: "filler" },
      limits: { phaseTimeoutSec: 60 },
    });
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it("keeps the work directory off the host's disk", async () => {
    const client = await getContainerRuntimeClient();
    const [container] = await client.container.dockerode.listContainers({
      filters: { label: [`issue-codegen.run=${RUN_ID}`] },
    });
    const info = await client.container.dockerode.getContainer(container?.Id ?? "").inspect();
    expect(info.Mounts).toEqual([]);
    expect(info.HostConfig.Tmpfs?.["/sandbox"]).toContain(`size=${DISK_MB}m`);
  }, 60_000);

  it("fails a module that fills its disk with a clear message, then starts clean", async () => {
    const result = await session.run(DISK_FILLER);
    expect(result.ok).toBe(false);
    expect(result.failure).toBe("test");
    const testPhase = result.phases.find((phase) => phase.phase === "test");
    expect(testPhase?.limitReached).toBe("disk");
    expect(testPhase?.stderr).toContain(`the module wrote more than ${DISK_MB} MB under /sandbox`);

    const after = await session.run(PROJECTS.python.passing);
    expect(after).toMatchObject({ ok: true, tests: { passed: 2, failed: 0, skipped: 0 } });
  }, 120_000);

  it("replaces a container that a passing run left full instead of failing every later sync", async () => {
    const filledQuietly: SandboxFile[] = [
      { path: "filler/__init__.py", content: "" },
      {
        path: "tests/test_filler.py",
        content: `import subprocess

def test_fill_without_failing():
    subprocess.run(["dd", "if=/dev/zero", "of=big.bin", "bs=1M", "count=200"])
`,
      },
    ];
    expect(await session.run(filledQuietly)).toMatchObject({ ok: true });
    const withData: SandboxFile[] = [
      ...PROJECTS.python.passing,
      { path: "calc/data.txt", content: "x".repeat(2 * 1024 * 1024) },
    ];
    const after = await session.run(withData);
    expect(after).toMatchObject({ ok: true, tests: { passed: 2, failed: 0, skipped: 0 } });
  }, 180_000);
});
