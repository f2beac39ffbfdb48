import { hostname } from "node:os";
import type { ContainerRuntimeClient } from "testcontainers";
import { errorMessage } from "./errors.ts";
import { CREATED_AT_LABEL, ownerFromLabels, RUN_LABEL, SANDBOX_LABEL } from "./labels.ts";
import { ownerIsGone } from "./owner.ts";

/**
 * Removes what a crashed or killed app instance left behind, except `keep`: sandbox containers
 * whose owner process on this host is gone, exited ones (their lease lapsed) unless a live owner
 * on this host still manages them, and any created more than `maxAgeMs` ago.
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
    if (keep.has(info.Id)) return false;
    const createdAt = Number(info.Labels[CREATED_AT_LABEL] ?? info.Created * 1000);
    if (!Number.isFinite(createdAt) || createdAt <= cutoff) return true;
    const owner = ownerFromLabels(info.Labels);
    if (ownerIsGone(owner)) return true;
    const exited = info.State === "exited" || info.State === "dead";
    // A live owner on this host may be restarting that container after a timeout.
    return exited && owner.host !== hostname();
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
