import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { getContainerRuntimeClient } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDockerSandbox,
  type Sandbox,
  SandboxError,
  type SandboxFile,
  type SandboxSession,
} from "../../src/sandbox/index.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { PROJECTS } from "./projects.ts";

const docker = await dockerStatus();

const FAKE_SECRET = "ghs_fake_secret_that_must_not_leak_4242";
const RUN_ID = `lockdown-${process.pid}`;

const pythonTest = (body: string): SandboxFile[] => [
  { path: "probe/__init__.py", content: "" },
  { path: "tests/test_probe.py", content: body },
];

async function containersOfRun(run: string): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const list = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`issue-codegen.run=${run}`] },
  });
  return list.map((info) => info.Id);
}

describe.skipIf(!docker.available)("sandbox lock-down (python image)", () => {
  let sandbox: Sandbox;
  let session: SandboxSession;

  beforeAll(async () => {
    process.env.ISSUE_CODEGEN_TEST_SECRET = FAKE_SECRET;
    // The disk cap adds to the memory limit (tmpfs is RAM): small, so the hog meets memory soon.
    sandbox = createDockerSandbox({ diskMb: 64 });
    session = await sandbox.openSession({
      toolchain: python.toolchain,
      labels: { run: RUN_ID, module: "probe" },
      limits: { phaseTimeoutSec: 3, memoryMb: 256, pids: 64 },
    });
  }, 600_000);

  afterAll(async () => {
    delete process.env.ISSUE_CODEGEN_TEST_SECRET;
    await sandbox?.close();
  });

  it("runs as a non-root user with no capabilities and no new privileges", async () => {
    const result = await session.run(
      pythonTest(`import os

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return line.split()[1]

def test_identity():
    assert os.getuid() == 10001 and os.getgid() == 10001
    assert status("CapEff") == "0000000000000000"
    assert status("CapBnd") == "0000000000000000"
    assert status("NoNewPrivs") == "1"
`),
    );
    expect(result).toMatchObject({ ok: true, tests: { passed: 1, failed: 0, skipped: 0 } });
  }, 60_000);

  it("gives generated code no network", async () => {
    const result = await session.run(
      pythonTest(`import socket, pytest

def test_no_route_out():
    with pytest.raises(OSError):
        socket.create_connection(("1.1.1.1", 53), timeout=2)

def test_no_dns():
    with pytest.raises(OSError):
        socket.getaddrinfo("registry.npmjs.org", 443)

def test_only_loopback_interface():
    names = [name for _, name in socket.if_nameindex()]
    assert names == ["lo"]
`),
    );
    expect(result).toMatchObject({ ok: true, tests: { passed: 3, failed: 0, skipped: 0 } });
  }, 60_000);

  it("lets generated code write only in its work area", async () => {
    const result = await session.run(
      pythonTest(`import os, pytest

@pytest.mark.parametrize("path", ["/etc/evil", "/usr/local/bin/evil", "/evil", "/sandbox/evil-outside-work/../../evil"])
def test_cannot_write_outside(path):
    with pytest.raises(OSError):
        open(path, "w").write("x")

def test_can_write_in_work_dir_and_tmp():
    open("scratch.txt", "w").write("ok")
    open("/tmp/scratch.txt", "w").write("ok")
`),
    );
    expect(result).toMatchObject({ ok: true, tests: { passed: 5, failed: 0, skipped: 0 } });
  }, 60_000);

  it("shows generated code none of the app's environment, secrets or Docker socket", async () => {
    const result = await session.run(
      pythonTest(`import os

def test_no_app_secrets():
    print("ENVIRONMENT", dict(os.environ))
    everything = str(dict(os.environ)) + open("/proc/1/environ", "rb").read().decode(errors="replace")
    assert "${FAKE_SECRET}" not in everything
    assert "ISSUE_CODEGEN_TEST_SECRET" not in everything
    assert not any(key.startswith(("GITHUB", "OPENAI", "PRIVATE_KEY", "WEBHOOK")) for key in os.environ)

def test_no_docker_socket():
    assert not os.path.exists("/var/run/docker.sock")
    assert not os.path.exists("/run/docker.sock")
`),
    );
    expect(result).toMatchObject({ ok: true, tests: { passed: 2, failed: 0, skipped: 0 } });
    expect(JSON.stringify(result)).not.toContain(FAKE_SECRET);
  }, 60_000);

  it("kills an endless loop at the phase timeout and keeps the session usable", async () => {
    const result = await session.run(
      pythonTest("def test_forever():\n    while True:\n        pass\n"),
    );
    expect(result.ok).toBe(false);
    expect(result.failure).toBe("timeout");
    const testPhase = result.phases.find((phase) => phase.phase === "test");
    expect(testPhase).toMatchObject({ status: "timeout", exitCode: null });
    expect(testPhase?.durationMs).toBeGreaterThanOrEqual(3000);
    expect(testPhase?.durationMs).toBeLessThan(15_000);

    const after = await session.run(PROJECTS.python.passing);
    expect(after).toMatchObject({ ok: true, tests: { passed: 2, failed: 0, skipped: 0 } });
  }, 60_000);

  it("reports a memory hog as out of memory", async () => {
    const result = await session.run(
      pythonTest('def test_hog():\n    blob = b"x" * (2 * 1024 ** 3)\n    assert len(blob) > 0\n'),
    );
    expect(result.ok).toBe(false);
    expect(result.failure).toBe("oom");
    expect(result.phases.find((phase) => phase.phase === "test")?.limitReached).toBe("memory");
  }, 60_000);

  it("stops a fork bomb at the pids limit", async () => {
    const result = await session.run(
      pythonTest(`import os, time

def test_fork_bomb():
    while True:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
`),
    );
    expect(result.ok).toBe(false);
    expect(["test", "timeout"]).toContain(result.failure);
    expect(result.phases.find((phase) => phase.phase === "test")?.limitReached).toBe("pids");

    const after = await session.run(PROJECTS.python.passing);
    expect(after.ok).toBe(true);
  }, 60_000);

  it("deletes files the module no longer has", async () => {
    const extra = { path: "tests/test_extra.py", content: "def test_extra():\n    assert True\n" };
    const withExtra = await session.run([...PROJECTS.python.passing, extra]);
    expect(withExtra.tests).toEqual({ passed: 3, failed: 0, skipped: 0 });
    const without = await session.run(PROJECTS.python.passing);
    expect(without.tests).toEqual({ passed: 2, failed: 0, skipped: 0 });
  }, 60_000);

  it("refuses absolute paths and paths climbing out with '..'", async () => {
    for (const path of ["/etc/passwd", "../escape.py", "calc/../../escape.py"]) {
      await expect(session.run([{ path, content: "x" }])).rejects.toMatchObject({
        name: "SandboxError",
        kind: "invalid-file",
      });
    }
  });
});

describe.skipIf(!docker.available)("sandbox lifecycle", () => {
  it("removes its containers on close and reaps what another instance left behind", async () => {
    const run = `lifecycle-${process.pid}`;
    const crashed = createDockerSandbox();
    await crashed.openSession({
      toolchain: python.toolchain,
      labels: { run, module: "left-behind" },
    });
    expect(await containersOfRun(run)).toHaveLength(1);

    const fresh = createDockerSandbox();
    // Scoped to this run: other test files' containers are running concurrently.
    expect(await fresh.reapStale(60 * 60 * 1000, { run })).toBe(0);
    expect(await fresh.reapStale(0, { run })).toBe(1);
    expect(await containersOfRun(run)).toEqual([]);
    await crashed.close();

    const orderly = createDockerSandbox();
    const session = await orderly.openSession({
      toolchain: python.toolchain,
      labels: { run, module: "a" },
    });
    await orderly.openSession({ toolchain: python.toolchain, labels: { run, module: "b" } });
    expect(await containersOfRun(run)).toHaveLength(2);
    await session.close();
    expect(await containersOfRun(run)).toHaveLength(1);
    await orderly.close();
    expect(await containersOfRun(run)).toEqual([]);
    await expect(session.run(PROJECTS.python.passing)).rejects.toBeInstanceOf(SandboxError);
  }, 120_000);

  it("reports a failed image build with the tail of its log", async () => {
    const sandbox = createDockerSandbox();
    const opening = sandbox.openSession({
      toolchain: {
        ...python.toolchain,
        dockerfile: `ARG BASE=debian:bookworm-slim\nFROM \${BASE}\nRUN echo "broken-step-${process.pid}" && exit 3\n`,
      },
      labels: { run: "broken", module: "x" },
    });
    await expect(opening).rejects.toMatchObject({ name: "SandboxError", kind: "image-build" });
    await expect(opening).rejects.toThrow(`broken-step-${process.pid}`);
    await sandbox.close();
  }, 120_000);

  it("says clearly when the Docker engine is unreachable", async () => {
    // testcontainers falls back to /var/run/docker.sock on Linux; a child that claims another
    // platform and points DOCKER_HOST nowhere finds no engine at all.
    const script = `
      Object.defineProperty(process, "platform", { value: "freebsd" });
      const { createDockerSandbox } = await import(${JSON.stringify(new URL("../../src/sandbox/index.ts", import.meta.url).pathname)});
      const { python } = await import(${JSON.stringify(new URL("../../src/stacks/python/profile.ts", import.meta.url).pathname)});
      const sandbox = createDockerSandbox();
      try {
        await sandbox.openSession({ toolchain: python.toolchain, labels: { run: "unreachable", module: "y" } });
        console.log(JSON.stringify({ kind: "opened" }));
      } catch (error) {
        console.log(JSON.stringify({ kind: error.kind, message: error.message }));
      } finally {
        await sandbox.close();
      }`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: tmpdir(),
          DOCKER_HOST: "unix:///nonexistent/docker.sock",
          TESTCONTAINERS_RYUK_DISABLED: "true",
        },
      },
    );
    const reported = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(reported.kind).toBe("docker-unavailable");
    expect(reported.message).toMatch(/Docker engine is unreachable/);
  }, 60_000);
});
