import "./ryuk-off.ts";
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import type { SandboxLimits } from "../languages/types.ts";

export const SANDBOX_USER = "10001:10001";
export const SANDBOX_UID = 10001;
export const SANDBOX_ROOT = "/sandbox";

const TMP_SIZE_MB = 128;
const REAPER_SCRIPT =
  "$SIG{ALRM} = sub { exit 0 }; alarm shift; while (1) { sleep 1 if wait() == -1 }";
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export type ContainerSpec = {
  image: string;
  limits: SandboxLimits;
  labels: Record<string, string>;
  /** "none" for the warm container; a bridge only for an install the repo lets use the network. */
  networkMode: "none" | "bridge";
  /** The container exits on its own after this long, so a crashed app leaves nothing running. */
  lifetimeSec: number;
};

/**
 * GenericContainer with the host settings testcontainers has no builder method for (pids,
 * read-only root, swap, an anonymous volume). The fields are its documented protected state.
 */
class LockedDownContainer extends GenericContainer {
  withLockdown(limits: SandboxLimits): this {
    const memoryBytes = limits.memoryMb * 1024 * 1024;
    Object.assign(this.hostConfig, {
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      PidsLimit: limits.pids,
      ReadonlyRootfs: true,
      Privileged: false,
      // A volume, not a tmpfs: Docker's put-archive (our only way in) cannot write to a tmpfs,
      // and a read-only root refuses it everywhere except in volumes. Removed with the container.
      Mounts: [{ Type: "volume", Source: "", Target: SANDBOX_ROOT }],
      // exec: go test runs its compiled test binary from /tmp.
      Tmpfs: { "/tmp": `rw,exec,nosuid,nodev,size=${TMP_SIZE_MB}m,mode=1777` },
    });
    return this;
  }
}

export async function startSandboxContainer(spec: ContainerSpec): Promise<StartedTestContainer> {
  return (
    new LockedDownContainer(spec.image)
      .withLockdown(spec.limits)
      // PID 1 reaps orphans (their zombies would eat the pids limit) and exits after the lifetime.
      .withCommand(["perl", "-e", REAPER_SCRIPT, String(spec.lifetimeSec)])
      .withUser(SANDBOX_USER)
      .withWorkingDir(`${SANDBOX_ROOT}/work`)
      .withDroppedCapabilities("ALL")
      .withSecurityOpt("no-new-privileges:true")
      .withNetworkMode(spec.networkMode)
      .withUlimits({ fsize: { soft: MAX_FILE_BYTES, hard: MAX_FILE_BYTES } })
      .withLabels(spec.labels)
      .withStartupTimeout(30_000)
      .start()
  );
}

export async function removeContainer(container: StartedTestContainer): Promise<void> {
  await container.stop({ timeout: 0, remove: true, removeVolumes: true });
}
