import { dockerClient } from "../../src/sandbox/docker-client.ts";
import { EGRESS_PROXY_IMAGE } from "../../src/sandbox/docker-sandbox.ts";
import { ensureSandboxImage } from "../../src/sandbox/image.ts";
import { PROFILES } from "../../src/stacks/builtin.ts";

/**
 * Builds the sandbox images once, before any test file runs. On a fresh machine an image
 * build takes minutes; without this, whichever test first opens a session of a language
 * would pay it inside its own timeout. Without a Docker engine this does nothing: the
 * Docker suites then skip (or fail under REQUIRE_DOCKER=1) on their own.
 */
export default async function buildSandboxImages(): Promise<void> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  let client: Awaited<ReturnType<typeof dockerClient>>;
  try {
    client = await dockerClient();
  } catch {
    return;
  }
  const started = Date.now();
  const images = [
    ...Object.values(PROFILES).map(({ toolchain }) => ({
      name: toolchain.language,
      dockerfile: toolchain.dockerfile,
      baseImage: toolchain.baseImage,
    })),
    EGRESS_PROXY_IMAGE,
  ];
  for (const image of images) {
    await ensureSandboxImage(client, image, () => {});
  }
  console.info(`sandbox images ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
