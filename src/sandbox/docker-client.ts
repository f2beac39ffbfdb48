import "./ryuk-off.ts";
import { type ContainerRuntimeClient, getContainerRuntimeClient } from "testcontainers";
import { errorMessage, SandboxError } from "./errors.ts";

/** testcontainers' runtime client, or a SandboxError telling the operator what to check. */
export async function dockerClient(): Promise<ContainerRuntimeClient> {
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
