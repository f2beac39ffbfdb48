import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerSandbox, type Sandbox, type SandboxSession } from "../../src/sandbox/index.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { waitFor } from "../persistence/queue/wait.ts";

const docker = await dockerStatus();
const run = promisify(execFile);
const RUN_ID = `abort-${process.pid}`;

/** Whether the run's container has `path` (relative to the work dir). */
async function hasFile(path: string): Promise<boolean> {
  const { stdout } = await run("docker", [
    "ps",
    "-q",
    "--filter",
    `label=issue-codegen.run=${RUN_ID}`,
  ]);
  const id = stdout.trim();
  if (!id) return false;
  return run("docker", ["exec", id, "test", "-f", `/sandbox/work/${path}`]).then(
    () => true,
    () => false,
  );
}

describe.skipIf(!docker.available)("sandbox abort", () => {
  let sandbox: Sandbox;
  let session: SandboxSession;

  beforeAll(async () => {
    sandbox = createDockerSandbox();
    session = await sandbox.openSession({
      toolchain: python.toolchain,
      labels: { run: RUN_ID, module: "probe" },
      limits: { phaseTimeoutSec: 600 },
    });
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it("ends a running test phase when the signal is aborted, and the session runs again", async () => {
    const controller = new AbortController();
    const hanging = session.run(
      [
        { path: "probe/__init__.py", content: "" },
        {
          path: "tests/test_probe.py",
          content: `import pathlib, time

def test_hangs():
    pathlib.Path("started").write_text("yes")
    time.sleep(600)
`,
        },
      ],
      { signal: controller.signal },
    );
    await waitFor("the test to start", () => hasFile("started"), 60_000);
    const reason = new Error("the queue is stopping");
    controller.abort(reason);
    await expect(hanging).rejects.toBe(reason);

    const next = await session.run([
      { path: "probe/__init__.py", content: "" },
      { path: "tests/test_probe.py", content: "def test_passes():\n    assert True\n" },
    ]);
    expect(next).toMatchObject({ ok: true, tests: { passed: 1, failed: 0, skipped: 0 } });
  }, 120_000);
});
