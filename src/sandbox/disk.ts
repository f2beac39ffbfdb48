import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { SANDBOX_ROOT } from "./container.ts";
import { execQuick } from "./exec.ts";

/** Below this much free space the /sandbox tmpfs counts as full (what is left is metadata slack). */
const FULL_BELOW_KB = 1024;

/**
 * Whether the module filled its /sandbox tmpfs (work dir and HOME). Read after a failing phase:
 * a write beyond the cap fails with ENOSPC, and this tells that apart from an ordinary failure.
 */
export async function sandboxDiskFull(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
): Promise<boolean> {
  const result = await execQuick(client, container, ["df", "-Pk", SANDBOX_ROOT]).catch(() => null);
  if (result === null || result.exitCode !== 0) return false;
  const available = parseAvailableKb(result.output);
  return available !== null && available < FULL_BELOW_KB;
}

/** The "Available" column of `df -P` output for one file system. */
export function parseAvailableKb(dfOutput: string): number | null {
  const row = dfOutput.trim().split("\n")[1];
  const available = row?.trim().split(/\s+/)[3];
  return available !== undefined && /^\d+$/.test(available) ? Number(available) : null;
}

export function diskFullMessage(diskMb: number): string {
  return `[sandbox] the module wrote more than ${diskMb} MB under ${SANDBOX_ROOT} (its work directory and HOME), the sandbox's disk cap (SANDBOX_DISK_MB); writes beyond it failed with "No space left on device". The next attempt starts from a fresh container.`;
}
