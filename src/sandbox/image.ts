import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { ContainerRuntimeClient } from "testcontainers";
import { errorMessage, SandboxError } from "./errors.ts";
import { createTar } from "./tar.ts";

export const DEFAULT_IMAGES_DIR = new URL("./images/", import.meta.url).pathname;

const BUILD_LOG_TAIL_LINES = 30;

/** `name`: a language, or `egress-proxy`; `dockerfile`: its file under `imagesDir`. */
export type ImageRequest = {
  name: string;
  dockerfile: string;
  baseImage: string;
  imagesDir: string;
};

/** Tag by content: a changed Dockerfile or base image gets a new tag, hence a rebuild. */
export async function sandboxImageTag(
  request: ImageRequest,
): Promise<{ tag: string; dockerfile: string }> {
  const path = join(request.imagesDir, request.dockerfile);
  let dockerfile: string;
  try {
    dockerfile = await readFile(path, "utf8");
  } catch (error) {
    throw new SandboxError(
      "image-build",
      `Cannot read the sandbox Dockerfile ${path}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
  const hash = createHash("sha256")
    .update(dockerfile)
    .update("\0")
    .update(request.baseImage)
    .digest("hex");
  return {
    tag: `issue-codegen-sandbox-${request.name}:${hash.slice(0, 16)}`,
    dockerfile,
  };
}

/**
 * Builds the language image unless a build with the same tag exists. Goes through dockerode
 * (testcontainers' own client) rather than GenericContainer.fromDockerfile, whose build
 * ignores errors reported in the build stream, so a failed build would look like a success.
 */
export async function ensureSandboxImage(
  client: ContainerRuntimeClient,
  request: ImageRequest,
  log: (message: string) => void,
): Promise<string> {
  const { tag, dockerfile } = await sandboxImageTag(request);
  const docker = client.container.dockerode;
  const exists = await docker
    .getImage(tag)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (exists) return tag;

  log(`building sandbox image ${tag} from ${request.dockerfile} (BASE=${request.baseImage})`);
  const context = await createTar(
    [{ type: "file", path: "Dockerfile", content: Buffer.from(dockerfile) }],
    { uid: 0, gid: 0 },
  );
  const logLines: string[] = [];
  const fail = (reason: string, cause?: unknown): never => {
    const tail = logLines.slice(-BUILD_LOG_TAIL_LINES).join("\n");
    throw new SandboxError(
      "image-build",
      `Building the ${request.name} sandbox image (${request.dockerfile}, BASE=${request.baseImage}) failed: ${reason}\n--- build log (last ${BUILD_LOG_TAIL_LINES} lines) ---\n${tail}`,
      { cause, detail: tail },
    );
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(Readable.from([context]), {
      t: tag,
      buildargs: { BASE: request.baseImage },
      labels: { "issue-codegen.sandbox-image": request.name },
      rm: true,
      forcerm: true,
    });
  } catch (error) {
    return fail(errorMessage(error), error);
  }
  type BuildEvent = {
    stream?: string;
    status?: string;
    error?: string;
    errorDetail?: { message?: string };
  };
  const buildError = await new Promise<string | null>((resolve) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => resolve(error ? error.message : null),
      (event: BuildEvent) => {
        const text = event.stream ?? event.status ?? "";
        logLines.push(...text.split("\n").filter((line) => line.trim() !== ""));
        if (event.error) {
          logLines.push(event.error);
          resolve(event.errorDetail?.message ?? event.error);
        }
      },
    );
  });
  if (buildError !== null) return fail(buildError);
  log(`built sandbox image ${tag}`);
  return tag;
}
