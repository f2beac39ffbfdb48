import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { execQuick } from "./exec.ts";

/** OOM kills and refused forks so far, from the container's own cgroup (v1 or v2 layout). */
export type ResourceCounters = { oomKills: number; pidsRefusals: number };

const READ_COUNTERS = [
  "sh",
  "-c",
  "cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events 2>/dev/null | grep '^oom_kill '; " +
    "cat /sys/fs/cgroup/pids/pids.events /sys/fs/cgroup/pids.events 2>/dev/null | grep '^max '; true",
];

/**
 * The counters, or null when even this tiny command cannot start: at the pids limit the
 * engine cannot fork an exec, which is itself the answer.
 */
export async function readResourceCounters(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
): Promise<ResourceCounters | null> {
  const attempt = execQuick(client, container, READ_COUNTERS).then(
    (result) => (result.exitCode === 0 ? parseCounters(result.output) : null),
    () => null,
  );
  const giveUp = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000).unref());
  return Promise.race([attempt, giveUp]);
}

export function parseCounters(output: string): ResourceCounters {
  const value = (name: string): number =>
    Number.parseInt(new RegExp(`^${name} (\\d+)$`, "m").exec(output)?.[1] ?? "0", 10);
  return { oomKills: value("oom_kill"), pidsRefusals: value("max") };
}

export function limitReachedBetween(
  before: ResourceCounters,
  after: ResourceCounters | null,
): "memory" | "pids" | null {
  if (after === null) return "pids";
  if (after.oomKills > before.oomKills) return "memory";
  if (after.pidsRefusals > before.pidsRefusals) return "pids";
  return null;
}
