import "./ryuk-off.ts";
import {
  type ContainerRuntimeClient,
  GenericContainer,
  type StartedTestContainer,
  Wait,
} from "testcontainers";
import type { SandboxLimits } from "../stacks/toolchain.ts";

export const SANDBOX_USER = "10001:10001";
export const SANDBOX_UID = 10001;
export const SANDBOX_ROOT = "/sandbox";

const TMP_SIZE_MB = 128;
/** Root-owned, so only the app (exec as root) can renew the lease, never generated code. */
export const LEASE_DIR = "/run/sandbox-lease";
const LEASE_FILE = `${LEASE_DIR}/renewed`;
/**
 * PID 1: makes the work dir and HOME (the /sandbox tmpfs is empty at each (re)start), reaps
 * orphans (their zombies would eat the pids limit) and exits, taking every process with it,
 * when the lease file was not touched for `lease` seconds or after `lifetime` seconds.
 * No signal handlers, so generated code cannot signal it (PID 1 ignores unhandled signals).
 * `waitpid(-1, 1)` is WNOHANG.
 */
const WATCHDOG_SCRIPT = `mkdir "${SANDBOX_ROOT}/work"; mkdir "${SANDBOX_ROOT}/home";
my ($lifetime, $lease) = @ARGV; my $start = time;
while (1) {
  my $renewed = (stat "${LEASE_FILE}")[9] // $start;
  $renewed = $start if $renewed < $start;
  exit 0 if time - $start > $lifetime || time - $renewed > $lease;
  1 while waitpid(-1, 1) > 0;
  select(undef, undef, undef, 0.2);
}`;
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
  /** ... and as soon as the app has not renewed its lease (renewLease) for this long. */
  leaseSec: number;
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
        [LEASE_DIR]: "rw,noexec,nosuid,nodev,size=16k,mode=0755",
      },
    });
    return this;
  }
}

export async function startSandboxContainer(spec: ContainerSpec): Promise<StartedTestContainer> {
  return (
    new LockedDownContainer(spec.image)
      .withLockdown(spec.limits, spec.diskMb)
      .withCommand(["perl", "-e", WATCHDOG_SCRIPT, String(spec.lifetimeSec), String(spec.leaseSec)])
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

/** Keeps the container alive for another lease period: touches the lease file as root. */
export async function renewLease(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
): Promise<void> {
  const result = await client.container.exec(
    client.container.getById(container.getId()),
    ["touch", LEASE_FILE],
    { user: "0:0" },
  );
  if (result.exitCode !== 0) throw new Error(`touch ${LEASE_FILE}: ${result.output.trim()}`);
}
