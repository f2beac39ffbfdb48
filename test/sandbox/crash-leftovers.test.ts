import { type ChildProcess, spawn } from "node:child_process";
import { getContainerRuntimeClient } from "testcontainers";
import { afterAll, describe, expect, it } from "vitest";
import { createDockerSandbox } from "../../src/sandbox/index.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { waitFor } from "../persistence/queue/wait.ts";
import { daemonChecker, daemonStarter, spinningModule } from "./hostile/leftovers.ts";

const docker = await dockerStatus();
const sandboxIndex = new URL("../../src/sandbox/index.ts", import.meta.url).pathname;
const pythonProfile = new URL("../../src/stacks/python/profile.ts", import.meta.url).pathname;
const children: ChildProcess[] = [];
const runs: string[] = [];

/** An app stand-in: opens a sandbox session in a child process and runs the spinning module. */
function startOwner(run: string, options: { leaseSec: number; phaseTimeoutSec: number }) {
  runs.push(run);
  const script = `
    const { createDockerSandbox } = await import(${JSON.stringify(sandboxIndex)});
    const { python } = await import(${JSON.stringify(pythonProfile)});
    const sandbox = createDockerSandbox({ leaseSec: ${options.leaseSec} });
    const session = await sandbox.openSession({
      toolchain: python.toolchain,
      labels: { run: ${JSON.stringify(run)}, module: "spin" },
      limits: { phaseTimeoutSec: ${options.phaseTimeoutSec} },
    });
    await session.run(${JSON.stringify(spinningModule)});`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: process.env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  return child;
}

async function containerOf(run: string): Promise<string | undefined> {
  const client = await getContainerRuntimeClient();
  const list = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`issue-codegen.run=${run}`] },
  });
  return list[0]?.Id;
}

async function isRunning(id: string): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return client.container.dockerode
    .getContainer(id)
    .inspect()
    .then((info) => info.State.Running)
    .catch(() => false);
}

/** The command lines running in the container, from the engine (not from inside). */
async function processes(id: string): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const top = await client.container.dockerode
    .getContainer(id)
    .top()
    .catch(() => ({ Titles: [] as string[], Processes: [] as string[][] }));
  const command = (top.Titles ?? []).indexOf("CMD");
  return ((top.Processes ?? []) as string[][]).map((row) => row[command] ?? "");
}

/** The spinning test's own process (not the shells and `timeout` that started it). */
const isPytest = (args: string): boolean => args.startsWith("python3 -m pytest");

async function spinningTestStarted(run: string): Promise<string> {
  let id: string | undefined;
  await waitFor(
    "the spinning test to start in the sandbox",
    async () => {
      id = await containerOf(run);
      return id !== undefined && (await processes(id)).some(isPytest);
    },
    180_000,
  );
  return id as string;
}

async function removeContainersOf(run: string): Promise<void> {
  const client = await getContainerRuntimeClient();
  const list = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`issue-codegen.run=${run}`] },
  });
  await Promise.all(
    list.map((info) =>
      client.container.dockerode
        .getContainer(info.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}

describe.skipIf(!docker.available)("what a crashed app leaves in the sandbox", () => {
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(runs.map(removeContainersOf));
  });

  it("stops a container whose owner was killed once its lease lapses", async () => {
    const run = `lease-${process.pid}`;
    const owner = startOwner(run, { leaseSec: 3, phaseTimeoutSec: 600 });
    const id = await spinningTestStarted(run);
    owner.kill("SIGKILL");
    await waitFor("the unrenewed container to stop", async () => !(await isRunning(id)), 120_000);
  }, 360_000);

  it("ends a phase at its timeout inside the container even when its owner can no longer act", async () => {
    const run = `phase-deadline-${process.pid}`;
    // Long enough to see the test start under load; the container enforces it 5 s later.
    const owner = startOwner(run, { leaseSec: 600, phaseTimeoutSec: 45 });
    const id = await spinningTestStarted(run);
    // Frozen, not killed: its host-side deadline can never fire, yet the process still exists.
    // A killed owner's container is rightly reaped by any app starting meanwhile on this host
    // (another test file), which would race this test; the lease test above covers a kill.
    owner.kill("SIGSTOP");
    await waitFor(
      "the spinning test to be killed in the container",
      async () => !(await processes(id)).some(isPytest),
      120_000,
    );
    // The lease (600 s) still holds the container: the phase deadline did this.
    expect(await isRunning(id)).toBe(true);
  }, 360_000);

  it("does not let a daemon whose wrappers were killed outlive its phase", async () => {
    const run = `daemon-${process.pid}`;
    const sandbox = createDockerSandbox();
    try {
      const session = await sandbox.openSession({
        toolchain: python.toolchain,
        labels: { run, module: "daemon" },
      });
      await session.run(daemonStarter);
      const id = await containerOf(run);
      expect(id).toBeDefined();
      expect(await processes(id as string)).not.toContain("sleep 4321");
      const next = await session.run(daemonChecker);
      expect(next).toMatchObject({ ok: true, tests: { passed: 1, failed: 0 } });
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it("reaps, at start, the containers of an owner process that is gone, and only those", async () => {
    const run = `dead-owner-${process.pid}`;
    const owner = startOwner(run, { leaseSec: 600, phaseTimeoutSec: 600 });
    const id = await spinningTestStarted(run);
    owner.kill("SIGKILL");
    await waitFor("the owner to exit", () => owner.exitCode !== null || owner.signalCode !== null);

    const alive = createDockerSandbox();
    const restarted = createDockerSandbox();
    try {
      const own = await alive.openSession({
        toolchain: python.toolchain,
        labels: { run, module: "still-owned" },
      });
      expect(await restarted.reapStale(undefined, { run })).toBe(1);
      expect(await containerOf(run)).not.toBe(id);
      expect(await own.run(daemonChecker)).toMatchObject({ ok: true });
    } finally {
      await Promise.all([alive.close(), restarted.close()]);
    }
  }, 360_000);
});
