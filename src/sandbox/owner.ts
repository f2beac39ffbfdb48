import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** Which app process owns a sandbox container: host, pid and the process's start time. */
export type Owner = { host: string; pid: number; started: string };

/** This process, as sandbox containers' owner labels name it. */
export function currentOwner(): Owner {
  return {
    host: hostname(),
    pid: process.pid,
    started: processStart(process.pid) ?? String(Math.round(performance.timeOrigin)),
  };
}

/**
 * Whether an owner on this host is gone: no process with its pid, or another process that
 * reused the pid (a different start time). An owner on another host is not ours to judge.
 */
export function ownerIsGone(owner: Partial<Owner>): boolean {
  if (owner.host !== hostname() || owner.pid === undefined || !Number.isInteger(owner.pid)) {
    return false;
  }
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
  }
  const started = processStart(owner.pid);
  return started !== null && owner.started !== undefined && started !== owner.started;
}

/** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), on Linux. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
