import { getContainerRuntimeClient } from "testcontainers";

export type DockerStatus = { available: true } | { available: false; reason: string };

/**
 * Whether a Docker engine answers. Without one, Docker suites skip with a loud message,
 * unless REQUIRE_DOCKER=1 (CI), where this throws so the suite fails instead.
 */
export async function dockerStatus(): Promise<DockerStatus> {
  try {
    const client = await getContainerRuntimeClient();
    await client.info;
    return { available: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.REQUIRE_DOCKER === "1") {
      throw new Error(`REQUIRE_DOCKER=1 but no Docker engine is reachable: ${reason}`);
    }
    console.warn(
      `\n${"!".repeat(72)}\n!! SKIPPING Docker tests: no Docker engine reachable (${reason}).\n!! Run scripts/provision.sh, or set REQUIRE_DOCKER=1 to make this a failure.\n${"!".repeat(72)}\n`,
    );
    return { available: false, reason };
  }
}
