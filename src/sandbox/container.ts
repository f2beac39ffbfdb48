import "./ryuk-off.ts";
import { GenericContainer, type StartedTestContainer, Wait } from "testcontainers";
import type { SandboxLimits } from "../languages/types.ts";

export const SANDBOX_USER = "10001:10001";
export const SANDBOX_UID = 10001;
export const SANDBOX_ROOT = "/sandbox";

const TMP_SIZE_MB = 128;
// The work dir and HOME live on the /sandbox tmpfs, empty at each (re)start, so PID 1 makes them.
const REAPER_SCRIPT =
  "mkdir '/sandbox/work'; mkdir '/sandbox/home'; $SIG{ALRM} = sub { exit 0 }; alarm shift; while (1) { sleep 1 if wait() == -1 }";
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export type ContainerSpec = {
  image: string;
  limits: SandboxLimits;
  labels: Record<string, string>;
  /** Size cap of /sandbox (work dir and HOME), a tmpfs. */
  diskMb: number;
  /** "none" for the warm container; an install's internal network (see install-network.ts). */
  networkMode: string;
  /** On top of the image's own: only the egress proxy settings of a networked install. */
  environment?: Record<string, string>;
  /** The container exits on its own after this long, so a crashed app leaves nothing running. */
  lifetimeSec: number;
};

/**
 * GenericContainer with the host settings testcontainers has no builder method for (pids,
 * read-only root, swap, tmpfs options). The fields are its documented protected state.
 */
class LockedDownContainer extends GenericContainer {
  withLockdown(limits: SandboxLimits, diskMb: number): this {
    // tmpfs pages are charged to the container's memory cgroup: the disk cap comes on top of
    // the memory limit, so a full work dir is ENOSPC (reported) rather than an OOM kill.
    const memoryBytes = (limits.memoryMb + diskMb) * 1024 * 1024;
    Object.assign(this.hostConfig, {
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      PidsLimit: limits.pids,
      ReadonlyRootfs: true,
      Privileged: false,
      // Size-capped tmpfs, not a volume on the host's disk. Files go in through `tar -x` in an
      // exec, which writes to a tmpfs (Docker's put-archive could not).
      // exec: go test runs its compiled test binary from /tmp.
      Tmpfs: {
        [SANDBOX_ROOT]: `rw,exec,nosuid,nodev,size=${diskMb}m,uid=${SANDBOX_UID},gid=${SANDBOX_UID},mode=0755`,
        "/tmp": `rw,exec,nosuid,nodev,size=${TMP_SIZE_MB}m,mode=1777`,
      },
    });
    return this;
  }
}

export async function startSandboxContainer(spec: ContainerSpec): Promise<StartedTestContainer> {
  return (
    new LockedDownContainer(spec.image)
      .withLockdown(spec.limits, spec.diskMb)
      // PID 1 reaps orphans (their zombies would eat the pids limit) and exits after the lifetime.
      .withCommand(["perl", "-e", REAPER_SCRIPT, String(spec.lifetimeSec)])
      .withUser(SANDBOX_USER)
      // Not /sandbox/work: runc would create it as root before PID 1 runs (execs use it).
      .withWorkingDir(SANDBOX_ROOT)
      .withEnvironment(spec.environment ?? {})
      .withDroppedCapabilities("ALL")
      .withSecurityOpt("no-new-privileges:true")
      .withNetworkMode(spec.networkMode)
      .withUlimits({ fsize: { soft: MAX_FILE_BYTES, hard: MAX_FILE_BYTES } })
      .withLabels(spec.labels)
      .withWaitStrategy(Wait.forSuccessfulCommand(`test -d ${SANDBOX_ROOT}/home`))
      .withStartupTimeout(30_000)
      .start()
  );
}

export async function removeContainer(container: StartedTestContainer): Promise<void> {
  await container.stop({ timeout: 0, remove: true, removeVolumes: true });
}
