import type { SandboxLimits } from "./types.ts";

/**
 * The limits a container gets: each one at most the operator's ceiling, whatever the
 * toolchain (an external MCP server declares its own) or the repository asked for.
 */
export function withinCeilings(limits: SandboxLimits, ceilings?: SandboxLimits): SandboxLimits {
  if (!ceilings) return limits;
  return {
    cpus: Math.min(limits.cpus, ceilings.cpus),
    memoryMb: Math.min(limits.memoryMb, ceilings.memoryMb),
    pids: Math.min(limits.pids, ceilings.pids),
    phaseTimeoutSec: Math.min(limits.phaseTimeoutSec, ceilings.phaseTimeoutSec),
  };
}
