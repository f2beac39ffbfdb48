import type { ContainerRuntimeClient } from "testcontainers";
import { dockerClient } from "../sandbox/docker-client.ts";
import { sandboxImageTag } from "../sandbox/image.ts";
import { PROFILES } from "../stacks/builtin.ts";
import type { BuiltinToolchain } from "../stacks/types.ts";
import { down, type PartReport, rootMessage, up } from "./types.ts";

const HOST_FIX =
  "start the Docker engine (`. scripts/provision.sh` installs and starts one on Debian), or point DOCKER_HOST at a running engine";

/**
 * The Docker engine the sandbox uses answers, and each built-in language's image is present
 * or can be built: a missing base image must at least be pullable.
 */
export async function checkSandbox(
  toolchains: readonly BuiltinToolchain[] = Object.values(PROFILES).map(
    (profile) => profile.toolchain,
  ),
): Promise<PartReport> {
  const where = process.env.DOCKER_HOST ? `at ${process.env.DOCKER_HOST}` : "on the local socket";
  let client: ContainerRuntimeClient;
  try {
    client = await dockerClient();
    // The client is cached once made; a ping tells whether the engine still answers.
    await client.container.dockerode.ping();
  } catch (error) {
    return down("sandbox", {
      summary: "the sandbox's Docker engine is unreachable",
      detail: `the Docker engine ${where} does not answer (${rootMessage(error)})`,
      setting: "DOCKER_HOST",
      fix: HOST_FIX,
    });
  }
  const docker = client.container.dockerode;
  const present = (image: string) =>
    docker
      .getImage(image)
      .inspect()
      .then(() => true)
      .catch(() => false);

  let missing = 0;
  for (const toolchain of toolchains) {
    const tag = sandboxImageTag({
      name: toolchain.language,
      dockerfile: toolchain.dockerfile,
      baseImage: toolchain.baseImage,
    });
    if (await present(tag)) continue;
    missing++;
    if (await present(toolchain.baseImage)) continue;
    try {
      await pull(client, toolchain.baseImage);
    } catch (error) {
      return down("sandbox", {
        summary: "the sandbox images cannot be built",
        detail: `the ${toolchain.language} sandbox image is not built and its base image ${toolchain.baseImage} is not on the Docker engine ${where}, nor can it be pulled (${rootMessage(error)})`,
        setting: "DOCKER_HOST",
        fix: `let the engine reach its registry, or load the image there (\`docker pull ${toolchain.baseImage}\`)`,
      });
    }
  }
  const version = client.info.containerRuntime.serverVersion;
  const images =
    missing === 0
      ? `all ${toolchains.length} sandbox images are built`
      : `${missing} of ${toolchains.length} sandbox images will be built on first use`;
  return up("sandbox", `Docker ${version} answers ${where}; ${images}`);
}

async function pull(client: ContainerRuntimeClient, image: string): Promise<void> {
  const docker = client.container.dockerode;
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) =>
      error ? reject(error) : resolve(),
    );
  });
}
