import type { ContainerRuntimeClient } from "testcontainers";
import { errorMessage } from "./errors.ts";
import { CREATED_AT_LABEL, RUN_LABEL, SANDBOX_LABEL } from "./labels.ts";

/**
 * Removes sandbox containers (running or exited) created more than `maxAgeMs` ago, except
 * `keep`: what a crashed or killed app instance left behind.
 */
export async function reapStaleContainers(
  client: ContainerRuntimeClient,
  { maxAgeMs, run, keep }: { maxAgeMs: number; run: string | undefined; keep: ReadonlySet<string> },
  log: (message: string) => void,
): Promise<number> {
  const docker = client.container.dockerode;
  const labels = [`${SANDBOX_LABEL}=1`, ...(run === undefined ? [] : [`${RUN_LABEL}=${run}`])];
  const containers = await docker.listContainers({ all: true, filters: { label: labels } });
  const cutoff = Date.now() - maxAgeMs;
  const stale = containers.filter((info) => {
    const createdAt = Number(info.Labels[CREATED_AT_LABEL] ?? info.Created * 1000);
    return !keep.has(info.Id) && (!Number.isFinite(createdAt) || createdAt <= cutoff);
  });
  let removed = 0;
  for (const info of stale) {
    try {
      await docker.getContainer(info.Id).remove({ force: true, v: true });
      removed += 1;
    } catch (error) {
      log(`could not reap sandbox container ${info.Id}: ${errorMessage(error)}`);
    }
  }
  if (removed > 0) log(`reaped ${removed} stale sandbox container(s)`);
  return removed;
}
