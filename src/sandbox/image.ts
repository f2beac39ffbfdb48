import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ContainerRuntimeClient } from "testcontainers";
import { errorMessage, SandboxError } from "./errors.ts";
import { createTar } from "./tar.ts";

const BUILD_LOG_TAIL_LINES = 30;

/**
 * `name`: a language, or `egress-proxy`; `dockerfile`: the Dockerfile's text; `baseImage`: its
 * `ARG BASE`, when it has one (the built-in stacks do; an external stack's text names its own).
 */
export type ImageRequest = {
  name: string;
  dockerfile: string;
  baseImage?: string | undefined;
};

/**
 * Tag by content: a changed Dockerfile or base image gets a new tag, hence a rebuild, and an
 * unchanged one is never built twice. The name part keeps only what a tag allows.
 */
export function sandboxImageTag(request: ImageRequest): string {
  const hash = createHash("sha256")
    .update(request.dockerfile)
    .update("\0")
    .update(request.baseImage ?? "")
    .digest("hex");
  const name = request.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return `issue-codegen-sandbox-${name}:${hash.slice(0, 16)}`;
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
  const tag = sandboxImageTag(request);
  const { dockerfile } = request;
  const docker = client.container.dockerode;
  const exists = await docker
    .getImage(tag)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (exists) return tag;

  const base = request.baseImage === undefined ? "" : ` (BASE=${request.baseImage})`;
  log(`building sandbox image ${tag}${base}`);
  const context = await createTar(
    [{ type: "file", path: "Dockerfile", content: Buffer.from(dockerfile) }],
    { uid: 0, gid: 0 },
  );
  const logLines: string[] = [];
  const fail = (reason: string, cause?: unknown): never => {
    const tail = logLines.slice(-BUILD_LOG_TAIL_LINES).join("\n");
    throw new SandboxError(
      "image-build",
      `Building the ${request.name} sandbox image ${tag}${base} failed: ${reason}\n--- build log (last ${BUILD_LOG_TAIL_LINES} lines) ---\n${tail}`,
      { cause, detail: tail },
    );
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(Readable.from([context]), {
      t: tag,
      ...(request.baseImage === undefined ? {} : { buildargs: { BASE: request.baseImage } }),
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
