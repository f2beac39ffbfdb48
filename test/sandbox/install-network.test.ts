import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import {
  type ContainerRuntimeClient,
  GenericContainer,
  type StartedTestContainer,
} from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxContainer } from "../../src/sandbox/container.ts";
import { dockerClient } from "../../src/sandbox/docker-client.ts";
import { createDockerSandbox, EGRESS_PROXY_IMAGE } from "../../src/sandbox/docker-sandbox.ts";
import type { EgressDecision } from "../../src/sandbox/egress-proxy.ts";
import { execInSandbox } from "../../src/sandbox/exec.ts";
import { ensureSandboxImage } from "../../src/sandbox/image.ts";
import type { Sandbox, SandboxFile } from "../../src/sandbox/index.ts";
import { type InstallNetwork, openInstallNetwork } from "../../src/sandbox/install-network.ts";
import { sandboxLabels } from "../../src/sandbox/labels.ts";
import { currentOwner } from "../../src/sandbox/owner.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { dockerStatus } from "../helpers/docker.ts";

const docker = await dockerStatus();
const RUN_ID = `egress-${process.pid}`;
const PROBE = await readFile(
  new URL("./fixtures/hostile-install-probe.py", import.meta.url),
  "utf8",
);

/** A TCP listener on the host that counts who connected. */
async function hostListener(
  host: string,
): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((socket) => {
    hits.push(socket.remoteAddress ?? "?");
    // A probe may reset the connection once it has read the line; that is not an error here.
    socket.on("error", () => undefined);
    socket.end("hello from the host\n");
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { server, port: address.port, hits };
}

async function probe(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  targets: { direct: Record<string, [string, number]>; via_proxy: string[] },
): Promise<Record<string, string>> {
  const command = `python3 - '${JSON.stringify(targets)}' <<'PROBE'\n${PROBE}\nPROBE`;
  const outcome = await execInSandbox(client, container, command, {
    timeoutMs: 90_000,
    onTimeout: async () => {},
  });
  const line = outcome.stdout
    .text()
    .split("\n")
    .find((text) => text.startsWith("PROBE "));
  if (line === undefined) throw new Error(`the probe printed no result: ${outcome.stderr.text()}`);
  return JSON.parse(line.slice("PROBE ".length)) as Record<string, string>;
}

describe.skipIf(!docker.available)("networked install: out only through the egress proxy", () => {
  let client: ContainerRuntimeClient;
  let network: InstallNetwork;
  let install: StartedTestContainer;
  let control: StartedTestContainer;
  let neighbour: StartedTestContainer;
  let neighbourIp: string;
  let gateway: string;
  let onGateway: Awaited<ReturnType<typeof hostListener>>;
  let onAllAddresses: Awaited<ReturnType<typeof hostListener>>;

  beforeAll(async () => {
    client = await dockerClient();
    const proxyImage = await ensureSandboxImage(client, EGRESS_PROXY_IMAGE, () => {});
    const { language, dockerfile, baseImage } = python.toolchain;
    const pythonImage = await ensureSandboxImage(
      client,
      { name: language, dockerfile, baseImage },
      () => {},
    );
    const labels = (role: "install" | "proxy" | "warm") =>
      sandboxLabels({
        run: RUN_ID,
        module: "probe",
        language: "python",
        role,
        owner: currentOwner(),
      });
    neighbour = await new GenericContainer(pythonImage)
      .withCommand(["python3", "-m", "http.server", "8080"])
      .withNetworkMode("bridge")
      .withLabels(labels("warm"))
      .start();
    // The default bridge's IPAM has no gateway entry; a container on it knows docker0's address.
    const onBridge = (await client.container.dockerode.getContainer(neighbour.getId()).inspect())
      .NetworkSettings.Networks.bridge;
    neighbourIp = onBridge?.IPAddress ?? "";
    gateway = onBridge?.Gateway ?? "";
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    onGateway = await hostListener(gateway);
    onAllAddresses = await hostListener("0.0.0.0");
    network = await openInstallNetwork(client, {
      proxyImage,
      allow: ["pypi.org", "*.pythonhosted.org"],
      labels: labels("proxy"),
      lifetimeSec: 600,
    });
    const spec = {
      image: pythonImage,
      limits: python.toolchain.limits,
      diskMb: 64,
      lifetimeSec: 600,
      // Not renewed here (no sandbox around them): the lease outlasts the test.
      leaseSec: 600,
    };
    install = await startSandboxContainer({
      ...spec,
      labels: labels("install"),
      networkMode: network.name,
      environment: network.environment,
    });
    // What the install container was before: on Docker's default bridge.
    control = await startSandboxContainer({
      ...spec,
      labels: labels("install"),
      networkMode: "bridge",
    });
  }, 600_000);

  afterAll(async () => {
    for (const container of [install, control, neighbour]) {
      await container?.stop({ timeout: 0, remove: true, removeVolumes: true }).catch(() => {});
    }
    await network?.close();
    onGateway?.server.close();
    onAllAddresses?.server.close();
  });

  const directTargets = () => ({
    hostOnGateway: [gateway, onGateway.port] as [string, number],
    hostOnAllAddresses: [gateway, onAllAddresses.port] as [string, number],
    neighbourContainer: [neighbourIp, 8080] as [string, number],
  });

  it("control: a container on the default bridge reaches the host and its neighbour", async () => {
    const results = await probe(client, control, { direct: directTargets(), via_proxy: [] });
    expect(results).toEqual({
      hostOnGateway: "reached",
      hostOnAllAddresses: "reached",
      neighbourContainer: "reached",
    });
  }, 120_000);

  it("the install container reaches neither the host (docker0's address) nor another container", async () => {
    const before = onGateway.hits.length + onAllAddresses.hits.length;
    const results = await probe(client, install, { direct: directTargets(), via_proxy: [] });
    for (const name of ["hostOnGateway", "hostOnAllAddresses", "neighbourContainer"]) {
      expect(results[name], name).toMatch(/^blocked: /);
    }
    expect(onGateway.hits.length + onAllAddresses.hits.length).toBe(before);
  }, 120_000);

  it("the proxy passes allowlisted registry names on and denies the rest, IP literals included", async () => {
    const before = onGateway.hits.length + onAllAddresses.hits.length;
    const results = await probe(client, install, {
      direct: {},
      via_proxy: [
        "https://pypi.org/simple/requests/",
        "http://files.pythonhosted.org/packages/x.whl",
        "https://evil.example.com/exfiltrate",
        `http://${gateway}:${onGateway.port}/metrics`,
        `https://${neighbourIp}:8080/`,
      ],
    });
    // No internet here: an allowed request fails upstream (5xx), a denied one is a 403.
    expect(results["https://evil.example.com/exfiltrate"]).toMatch(/403/);
    expect(results[`http://${gateway}:${onGateway.port}/metrics`]).toBe("http 403");
    expect(results["https://pypi.org/simple/requests/"]).not.toMatch(/403/);
    expect(onGateway.hits.length + onAllAddresses.hits.length).toBe(before);

    const decisions = await network.decisions();
    const decision = (method: string, target: string): EgressDecision | undefined =>
      decisions.find((entry) => entry.method === method && entry.target === target);
    expect(decision("CONNECT", "pypi.org:443")).toMatchObject({ allowed: true });
    expect(decision("GET", "http://files.pythonhosted.org/packages/x.whl")).toMatchObject({
      allowed: true,
    });
    expect(decision("CONNECT", "evil.example.com:443")).toMatchObject({
      allowed: false,
      status: "TCP_DENIED/403",
    });
    expect(decision("GET", `http://${gateway}:${onGateway.port}/metrics`)).toMatchObject({
      allowed: false,
    });
    // A port other than 443 is refused before any name or address is looked at.
    expect(decision("CONNECT", `${neighbourIp}:8080`)).toMatchObject({ allowed: false });
  }, 120_000);
});

describe.skipIf(!docker.available)("networked install through the sandbox", () => {
  let sandbox: Sandbox;

  beforeAll(() => {
    sandbox = createDockerSandbox({ diskMb: 128, egressAllow: ["pypi.org"] });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const installing = async (install: string, files: SandboxFile[]) => {
    const session = await sandbox.openSession({
      toolchain: { ...python.toolchain, install },
      labels: { run: RUN_ID, module: "hostile-install" },
      allowInstallNetwork: true,
    });
    try {
      return await session.run([{ path: "requirements.txt", content: "requests\n" }, ...files]);
    } finally {
      await session.close();
    }
  };

  it("streams what the install wrote into the warm container, which uses it offline", async () => {
    const site = "$HOME/.local/lib/python3.11/site-packages/fetched";
    const result = await installing(
      `mkdir -p "${site}" && echo "VALUE = 42" > "${site}/__init__.py"`,
      [
        {
          path: "tests/test_fetched.py",
          content: "import fetched\n\n\ndef test_value():\n    assert fetched.VALUE == 42\n",
        },
      ],
    );
    expect(result).toMatchObject({ ok: true, tests: { passed: 1, failed: 0, skipped: 0 } });
  }, 180_000);

  it("reports what the proxy blocked in the module's install output", async () => {
    const targets = {
      direct: {},
      via_proxy: ["https://evil.example.com/x", "https://pypi.org/simple/"],
    };
    const result = await installing(`python3 probe.py '${JSON.stringify(targets)}'`, [
      { path: "probe.py", content: PROBE },
    ]);
    const install = result.phases.find((phase) => phase.phase === "install");
    expect(install?.status).toBe("passed");
    expect(install?.stderr).toContain(
      "[sandbox] the egress proxy blocked 1 request(s) from the install: CONNECT evil.example.com:443.",
    );
    expect(install?.stderr).not.toContain("pypi.org");
  }, 180_000);

  it("fails a module whose install leaves more than the cap to copy back, with the app's memory bounded", async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    // 1.6 GB of sparse files: nothing on the install's disk, 1.6 GB in a tar stream.
    const result = await installing(
      'mkdir -p "$HOME/.local" && for n in 1 2 3 4; do truncate -s 400M "$HOME/.local/blob$n"; done',
      [],
    ).finally(() => clearInterval(sampler));
    expect(result.ok).toBe(false);
    expect(result.failure).toBe("install");
    const install = result.phases.find((phase) => phase.phase === "install");
    expect(install).toMatchObject({ status: "failed", limitReached: "disk" });
    expect(install?.stderr).toContain(
      "[sandbox] the install result in /sandbox/home/.local is larger than 128 MB (the sandbox's disk cap, SANDBOX_DISK_MB), so it was not copied.",
    );
    // Buffering the stream (the old copy-back) would have grown the process by gigabytes.
    expect(peak - baseline).toBeLessThan(256 * 1024 * 1024);
  }, 180_000);
});
