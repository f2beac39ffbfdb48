import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { SANDBOX_ROOT, SANDBOX_USER } from "./container.ts";

const DIRS_WAIT_MS = 30_000;

/**
 * Restarts a container and waits for PID 1 to remake the work dir and HOME on the emptied
 * tmpfs (the start's wait strategy does not run on a restart), so the next exec can use them.
 */
export async function restartSandbox(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
): Promise<void> {
  await container.restart({ timeout: 0 });
  const deadline = Date.now() + DIRS_WAIT_MS;
  for (;;) {
    const ready = await client.container
      .exec(client.container.getById(container.getId()), ["test", "-d", `${SANDBOX_ROOT}/home`], {
        user: SANDBOX_USER,
        workingDir: "/",
      })
      .then((result) => result.exitCode === 0)
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the sandbox container did not come back after a restart within ${DIRS_WAIT_MS / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
