import { randomUUID } from "node:crypto";
import {
  type ContainerRuntimeClient,
  GenericContainer,
  type StartedTestContainer,
  Wait,
} from "testcontainers";
import { DockerStdout } from "./docker-stream.ts";
import { type EgressDecision, PROXY_PORT, parseAccessLog, squidConfig } from "./egress-proxy.ts";
import { errorMessage } from "./errors.ts";
import { CREATED_AT_LABEL, RUN_LABEL, SANDBOX_LABEL } from "./labels.ts";

/** The network a proxy uses to reach the registries (Docker's default bridge). */
const OUTER_NETWORK = "bridge";
const PROXY_MEMORY_MB = 256;
/** An install can make the proxy log without end; the report reads only the last lines. */
const ACCESS_LOG_LINES = 10_000;

export type InstallNetworkSpec = {
  proxyImage: string;
  allow: readonly string[];
  labels: Record<string, string>;
  lifetimeSec: number;
};

export type InstallNetwork = {
  /** The network mode for the install container. */
  name: string;
  /** Proxy settings for the install container's environment (package managers read these). */
  environment: Record<string, string>;
  proxy: StartedTestContainer;
  /** What the proxy decided so far, from its access log. */
  decisions(): Promise<EgressDecision[]>;
  /** Removes the proxy and the network. */
  close(): Promise<void>;
};

/**
 * A private network for one networked install: `Internal` (Docker routes nothing out of it)
 * and with no address for the host on its bridge (`inhibit_ipv4`), so the install container
 * can reach nothing but its peer on it, the egress proxy, which is also on Docker's default
 * bridge and forwards only allowlisted registry names.
 */
export async function openInstallNetwork(
  client: ContainerRuntimeClient,
  spec: InstallNetworkSpec,
): Promise<InstallNetwork> {
  const docker = client.container.dockerode;
  const name = `issue-codegen-install-${randomUUID().slice(0, 12)}`;
  const network = await docker.createNetwork({
    Name: name,
    Driver: "bridge",
    Internal: true,
    CheckDuplicate: true,
    Options: {
      // Without it the host has an address on this bridge, the install container's default
      // gateway, and every host listener on 0.0.0.0 (and docker0's address) answers through it.
      "com.docker.network.bridge.inhibit_ipv4": "true",
    },
    Labels: spec.labels,
  });
  let proxy: StartedTestContainer | null = null;
  try {
    proxy = await startProxy(spec);
    await network.connect({ Container: proxy.getId() });
    const info = await docker.getContainer(proxy.getId()).inspect();
    const address = info.NetworkSettings.Networks[name]?.IPAddress;
    if (!address) throw new Error(`the egress proxy got no address on ${name}`);
    const started = proxy;
    return {
      name,
      environment: proxyEnvironment(`http://${address}:${PROXY_PORT}`, address),
      proxy: started,
      async decisions() {
        return parseAccessLog(await proxyAccessLog(client, started));
      },
      async close() {
        await started.stop({ timeout: 0, remove: true, removeVolumes: true }).catch(() => {});
        await network.remove().catch(() => {});
      },
    };
  } catch (error) {
    await proxy?.stop({ timeout: 0, remove: true, removeVolumes: true }).catch(() => {});
    await network.remove().catch(() => {});
    throw new Error(`Could not set up the install's egress proxy: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

async function startProxy(spec: InstallNetworkSpec): Promise<StartedTestContainer> {
  const container = new GenericContainer(spec.proxyImage)
    .withNetworkMode(OUTER_NETWORK)
    .withEnvironment({
      SQUID_CONF: squidConfig(spec.allow),
      PROXY_LIFETIME_SEC: String(spec.lifetimeSec),
    })
    .withTmpFs({ "/run/squid": "rw,noexec,nosuid,nodev,size=16m,uid=13,gid=13,mode=0750" })
    .withDroppedCapabilities("ALL")
    .withSecurityOpt("no-new-privileges:true")
    .withLabels(spec.labels)
    .withWaitStrategy(Wait.forLogMessage(/Accepting HTTP Socket connections/))
    .withStartupTimeout(30_000);
  Object.assign((container as unknown as { hostConfig: Record<string, unknown> }).hostConfig, {
    ReadonlyRootfs: true,
    Memory: PROXY_MEMORY_MB * 1024 * 1024,
    MemorySwap: PROXY_MEMORY_MB * 1024 * 1024,
    PidsLimit: 64,
  });
  return container.start();
}

function proxyEnvironment(url: string, host: string): Record<string, string> {
  const jvm = `-Dhttp.proxyHost=${host} -Dhttp.proxyPort=${PROXY_PORT} -Dhttps.proxyHost=${host} -Dhttps.proxyPort=${PROXY_PORT}`;
  return {
    HTTP_PROXY: url,
    HTTPS_PROXY: url,
    http_proxy: url,
    https_proxy: url,
    npm_config_proxy: url,
    npm_config_https_proxy: url,
    PIP_PROXY: url,
    MAVEN_OPTS: jvm,
    JAVA_TOOL_OPTIONS: jvm,
  };
}

/** Squid writes its access log to stdout (see squidConfig). */
async function proxyAccessLog(
  client: ContainerRuntimeClient,
  proxy: StartedTestContainer,
): Promise<string> {
  const raw = (await client.container.dockerode.getContainer(proxy.getId()).logs({
    stdout: true,
    stderr: false,
    follow: false,
    tail: ACCESS_LOG_LINES,
  })) as unknown as Buffer;
  const chunks: Buffer[] = [];
  const demux = new DockerStdout(() => {});
  demux.on("data", (chunk: Buffer) => chunks.push(chunk));
  demux.end(raw);
  await new Promise((resolve) => demux.on("end", resolve));
  return Buffer.concat(chunks).toString("utf8");
}

/** Removes install networks a crash left behind (older than `maxAgeMs`, of `run` if given). */
export async function reapInstallNetworks(
  client: ContainerRuntimeClient,
  { maxAgeMs, run }: { maxAgeMs: number; run: string | undefined },
  log: (message: string) => void,
): Promise<number> {
  const docker = client.container.dockerode;
  const labels = [`${SANDBOX_LABEL}=1`, ...(run === undefined ? [] : [`${RUN_LABEL}=${run}`])];
  const networks = await docker.listNetworks({ filters: { label: labels } });
  const cutoff = Date.now() - maxAgeMs;
  let removed = 0;
  for (const info of networks) {
    const createdAt = Number(info.Labels?.[CREATED_AT_LABEL]);
    if (Number.isFinite(createdAt) && createdAt > cutoff) continue;
    try {
      await docker.getNetwork(info.Id).remove();
      removed += 1;
    } catch (error) {
      log(`could not reap install network ${info.Name}: ${errorMessage(error)}`);
    }
  }
  return removed;
}
