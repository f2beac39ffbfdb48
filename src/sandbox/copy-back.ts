import { basename, dirname } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { SANDBOX_ROOT, SANDBOX_USER } from "./container.ts";
import { DockerStdout } from "./docker-stream.ts";
import { errorMessage } from "./errors.ts";
import { execQuick } from "./exec.ts";

const STDERR_KEEP_BYTES = 4096;

/** `signal`: the job's, aborting the copy on shutdown like any phase. */
export type CopyLimits = { maxBytes: number; timeoutMs: number; signal?: AbortSignal };

export type CopyOutcome =
  | { ok: true; bytes: number }
  | { ok: false; limit: "disk" | "timeout" | null; reason: string };

/**
 * Copies `path` (a directory the install wrote) from one container to the same place in
 * another, streaming `tar -c` into `tar -x` through the app under a byte cap and a deadline:
 * at most a few chunks are in memory whatever the install left there.
 */
export async function copyBetweenContainers(
  client: ContainerRuntimeClient,
  from: StartedTestContainer,
  to: StartedTestContainer,
  path: string,
  limits: CopyLimits,
): Promise<CopyOutcome> {
  if ((await execQuick(client, from, ["test", "-e", path])).exitCode !== 0) {
    return { ok: true, bytes: 0 };
  }
  await execQuick(client, to, ["rm", "-rf", "--", path]);
  const packErrors = keepTail();
  const unpackErrors = keepTail();
  const pack = await startExec(client, from, [
    "tar",
    "-c",
    "-f",
    "-",
    "-C",
    dirname(path),
    basename(path),
  ]);
  const unpack = await startExec(client, to, ["tar", "-x", "-f", "-", "-C", dirname(path)], true);
  const unpackDone = new Promise<void>((resolve) => {
    unpack.stream
      .on("end", resolve)
      .on("close", resolve)
      .on("error", () => resolve());
  });
  unpack.stream.pipe(new DockerStdout(unpackErrors.add)).resume();

  let bytes = 0;
  const overCap = new Error("over the cap");
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) done(overCap);
      else done(null, chunk);
    },
  });
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const capMb = Math.round(limits.maxBytes / 1024 / 1024);
  let failure: string | null = null;
  let limit: "disk" | "timeout" | null = null;
  try {
    await pipeline(pack.stream, new DockerStdout(packErrors.add), counter, unpack.stream, {
      signal: limits.signal ? AbortSignal.any([deadline, limits.signal]) : deadline,
    });
    await unpackDone;
  } catch (error) {
    limit = error === overCap ? "disk" : deadline.aborted ? "timeout" : null;
    failure =
      error === overCap
        ? `the install result in ${path} is larger than ${capMb} MB (the sandbox's disk cap, SANDBOX_DISK_MB), so it was not copied`
        : deadline.aborted
          ? `copying the install result in ${path} took longer than the phase timeout (${Math.round(limits.timeoutMs / 1000)} s)`
          : limits.signal?.aborted
            ? `copying the install result in ${path} was stopped: the job was aborted`
            : `copying the install result in ${path} failed: ${errorMessage(error)}`;
  }
  if (failure === null) {
    const [packed, unpacked] = await Promise.all([pack.exec.inspect(), unpack.exec.inspect()]);
    if (packed.ExitCode !== 0) {
      failure = `packing the install result in ${path} failed: ${packErrors.text() || `tar exited with ${packed.ExitCode}`}`;
    } else if (unpacked.ExitCode !== 0) {
      failure = `unpacking the install result into ${path} failed: ${unpackErrors.text() || `tar exited with ${unpacked.ExitCode}`}`;
    }
  }
  if (failure === null) return { ok: true, bytes };
  pack.stream.destroy();
  unpack.stream.destroy();
  // What got through is half a dependency tree: drop it rather than leave it taking space.
  await execQuick(client, to, ["rm", "-rf", "--", path]).catch(() => undefined);
  return { ok: false, limit, reason: failure };
}

async function startExec(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  argv: string[],
  stdin = false,
) {
  const exec = await client.container.getById(container.getId()).exec({
    Cmd: argv,
    AttachStdin: stdin,
    AttachStdout: true,
    AttachStderr: true,
    User: SANDBOX_USER,
    WorkingDir: `${SANDBOX_ROOT}/work`,
  });
  const stream = (await exec.start({ hijack: true, stdin })) as NodeJS.ReadWriteStream &
    import("node:stream").Duplex;
  return { exec, stream };
}

function keepTail() {
  let kept = Buffer.alloc(0);
  return {
    add: (chunk: Buffer) => {
      kept = Buffer.concat([kept, chunk]).subarray(-STDERR_KEEP_BYTES);
    },
    text: () => kept.toString("utf8").trim(),
  };
}
