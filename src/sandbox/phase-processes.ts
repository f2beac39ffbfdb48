import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { execQuick } from "./exec.ts";

/**
 * Seconds past the app's own deadline before the in-container one (the runner's `timeout`)
 * fires: the app's goes first.
 */
export const IN_CONTAINER_GRACE_SEC = 5;

/** Whether the phase's wrapper may have died before its clean-up (it ended by a signal). */
export function needsLeftoverCheck(exitCode: number | null): boolean {
  return exitCode === null || exitCode >= 128;
}

/**
 * SIGKILL to every process the sandbox user owns (kill -1 spares PID 1 and the caller), repeated
 * until none of the user's is left but zombies, for at most about five seconds (a loaded host
 * is slow to finish off killed processes); prints what survived. The app's own execs (the
 * lease renewal) run as root and are neither killed nor counted.
 */
const END_LEFTOVERS_SCRIPT = `sub state_of {
  open(my $stat, "<", "/proc/$_[0]/stat") or return "gone";
  my ($state) = <$stat> =~ /.*\\) (\\S)/;
  return $state // "gone";
}
my @alive;
for (1 .. 100) {
  kill "KILL", -1;
  @alive = grep {
    $_ != 1 && $_ != $$ && ((stat "/proc/$_")[4] // -1) == $< && state_of($_) !~ /^(Z|gone)$/
  } map { m{/proc/(\\d+)$} } glob "/proc/[0-9]*";
  exit 0 unless @alive;
  select(undef, undef, undef, 0.05);
}
print "survivors: @alive\\n";
exit 3;`;

/**
 * Ends whatever a phase left running, from a fresh exec: a wrapper shell the phase's own code
 * could kill cannot be trusted with this. False when something survived (restart the container).
 */
export async function endLeftovers(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
): Promise<boolean> {
  // At the pids limit even this exec may not start: that too calls for a restart.
  const result = await execQuick(client, container, ["perl", "-e", END_LEFTOVERS_SCRIPT]).catch(
    () => null,
  );
  return result?.exitCode === 0;
}
