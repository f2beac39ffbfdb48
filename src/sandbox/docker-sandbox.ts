import { readFileSync } from "node:fs";
import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { DEFAULT_LIMITS } from "../stacks/toolchain.ts";
import { withinCeilings } from "./ceilings.ts";
import { removeContainer, renewLease } from "./container.ts";
import { dockerClient } from "./docker-client.ts";
import { DEFAULT_EGRESS_ALLOW } from "./egress-proxy.ts";
import { errorMessage, SandboxError } from "./errors.ts";
import { ensureSandboxImage, type ImageRequest, sandboxImageTag } from "./image.ts";
import { reapInstallNetworks } from "./install-network.ts";
import { currentOwner } from "./owner.ts";
import { reapStaleContainers } from "./reap.ts";
import { openDockerSession } from "./session.ts";
import type { Sandbox, SandboxLimits, SandboxSession } from "./types.ts";

export type DockerSandboxOptions = {
  log?: (message: string) => void;
  /** A container exits by itself after this long even if the app died (default 2 h). */
  containerLifetimeSec?: number;
  /**
   * Size cap of each container's /sandbox tmpfs (work dir and HOME), in MB, and of a networked
   * install's copy-back (default 512). Counts against the container's memory limit on top
   * of the toolchain's, since tmpfs lives in RAM.
   */
  diskMb?: number;
  /** Host patterns a networked install may reach through the egress proxy (default: registries). */
  egressAllow?: readonly string[];
  /**
   * A container exits this long after the app last renewed its lease (default 60 s). The app
   * renews every quarter of it, so a crashed or killed app leaves nothing running for longer.
   */
  leaseSec?: number;
  /** The operator's ceilings: no container gets more, whatever a session asks for. */
  ceilings?: SandboxLimits;
};

export const DEFAULT_DISK_MB = 512;

/** The egress proxy's image (Debian's squid), built like the stacks' images. */
export const EGRESS_PROXY_IMAGE: ImageRequest = {
  name: "egress-proxy",
  dockerfile: readFileSync(new URL("./images/egress-proxy.Dockerfile", import.meta.url), "utf8"),
  baseImage: "debian:bookworm-slim",
};

const DEFAULT_STALE_AGE_MS = 3 * 60 * 60 * 1000;
const DEFAULT_LEASE_SEC = 60;

export function createDockerSandbox(options: DockerSandboxOptions = {}): Sandbox {
  const log = options.log ?? (() => {});
  const lifetimeSec = options.containerLifetimeSec ?? 2 * 60 * 60;
  const diskMb = options.diskMb ?? DEFAULT_DISK_MB;
  const egressAllow = options.egressAllow ?? DEFAULT_EGRESS_ALLOW;
  const leaseSec = options.leaseSec ?? DEFAULT_LEASE_SEC;
  const owner = currentOwner();
  const images = new Map<string, Promise<string>>();
  const live = new Map<string, StartedTestContainer>();
  const sessions = new Set<SandboxSession>();
  let closed = false;
  let renewing: NodeJS.Timeout | undefined;

  const renewLeases = (client: ContainerRuntimeClient) => {
    // A failed renewal (a container restarting, or at its pids limit) is retried next tick.
    for (const container of live.values()) renewLease(client, container).catch(() => undefined);
  };
  const startRenewing = (client: ContainerRuntimeClient) => {
    if (renewing !== undefined) return;
    const everyMs = Math.max(1000, (leaseSec * 1000) / 4);
    renewing = setInterval(() => renewLeases(client), everyMs);
    renewing.unref();
  };

  const image = (client: ContainerRuntimeClient, request: ImageRequest) => {
    const key = sandboxImageTag(request);
    let pending = images.get(key);
    if (pending === undefined) {
      pending = ensureSandboxImage(client, request, log);
      // A failed build is retried by the next session rather than cached.
      pending.catch(() => images.delete(key));
      images.set(key, pending);
    }
    return pending;
  };

  return {
    async openSession(session) {
      if (closed) throw new SandboxError("closed", "The sandbox is shut down.");
      const client = await dockerClient();
      startRenewing(client);
      const baseImage = session.baseImage ?? session.toolchain.baseImage;
      const { language, dockerfile } = session.toolchain;
      const tag = await image(client, { name: language, dockerfile, baseImage });
      const allowInstallNetwork = session.allowInstallNetwork ?? false;
      const proxyImage = allowInstallNetwork ? await image(client, EGRESS_PROXY_IMAGE) : null;
      const opened = await openDockerSession({
        client,
        image: tag,
        toolchain: session.toolchain,
        limits: withinCeilings(
          { ...DEFAULT_LIMITS, ...session.toolchain.limits, ...session.limits },
          options.ceilings,
        ),
        labels: session.labels,
        installNetwork: proxyImage === null ? null : { proxyImage, allow: egressAllow },
        diskMb,
        lifetimeSec,
        leaseSec,
        owner,
        log,
        track: (container, alive) => {
          if (alive) live.set(container.getId(), container);
          else live.delete(container.getId());
        },
      });
      const tracked: SandboxSession = {
        run: (files, options) => opened.run(files, options),
        close: async () => {
          sessions.delete(tracked);
          await opened.close();
        },
      };
      sessions.add(tracked);
      return tracked;
    },

    async reapStale(maxAgeMs = DEFAULT_STALE_AGE_MS, options = {}) {
      const client = await dockerClient();
      const removed = await reapStaleContainers(
        client,
        { maxAgeMs, run: options.run, keep: new Set(live.keys()) },
        log,
      );
      // Networks only after their containers: Docker refuses to remove one still in use.
      await reapInstallNetworks(client, { maxAgeMs, run: options.run }, log);
      return removed;
    },

    async close() {
      closed = true;
      clearInterval(renewing);
      await Promise.allSettled([...sessions].map((session) => session.close()));
      const leftovers = [...live.values()];
      live.clear();
      await Promise.all(
        leftovers.map((container) =>
          removeContainer(container).catch((error: unknown) =>
            log(`could not remove sandbox container ${container.getId()}: ${errorMessage(error)}`),
          ),
        ),
      );
    },
  };
}
