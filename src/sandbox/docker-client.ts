import "./ryuk-off.ts";
import { type ContainerRuntimeClient, getContainerRuntimeClient } from "testcontainers";
import { pingDockerHost } from "./docker-ping.ts";
import { errorMessage, SandboxError } from "./errors.ts";

/**
 * testcontainers' runtime client, or a SandboxError telling the operator what to check.
 * A DOCKER_HOST that does not answer is an error, not a reason to use the local socket:
 * testcontainers would otherwise fall back to it silently, and the operator's choice of
 * engine (a remote or rootless one) would be ignored.
 */
export async function dockerClient(): Promise<ContainerRuntimeClient> {
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    try {
      await pingDockerHost(dockerHost);
    } catch (error) {
      throw new SandboxError(
        "docker-unavailable",
        `The Docker engine is unreachable at DOCKER_HOST=${dockerHost} (${errorMessage(error)}). Start it, or point DOCKER_HOST at a running engine; generated code is only built and tested inside containers.`,
        { cause: error },
      );
    }
  }
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new SandboxError(
      "docker-unavailable",
      `The Docker engine is unreachable (${errorMessage(error)}). Start dockerd, or point DOCKER_HOST at a running engine; generated code is only built and tested inside containers.`,
      { cause: error },
    );
  }
}
