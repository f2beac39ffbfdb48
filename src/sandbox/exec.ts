import { PassThrough } from "node:stream";
import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { type BoundedOutput, createBoundedOutput } from "./bounded-output.ts";
import { SANDBOX_ROOT, SANDBOX_USER } from "./container.ts";
import { stripTerminalControls } from "./terminal-text.ts";

export type CommandOutcome = {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  stdout: BoundedOutput;
  stderr: BoundedOutput;
};

export type CommandOptions = {
  timeoutMs: number;
  /**
   * Called once on timeout or abort; must end every process of the command (e.g. restart
   * the container).
   */
  onTimeout: () => Promise<void>;
  /** Ends the command (see onTimeout); the call then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
};

/**
 * `sh -c command` in the work dir as the sandbox user, keeping bounded output. Uses dockerode
 * directly because testcontainers' exec buffers all output and has no deadline.
 */
export async function execInSandbox(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  command: string,
  options: CommandOptions,
): Promise<CommandOutcome> {
  const started = performance.now();
  const stdout = createBoundedOutput();
  const stderr = createBoundedOutput();
  const exec = await client.container.getById(container.getId()).exec({
    Cmd: ["sh", "-c", command],
    AttachStdout: true,
    AttachStderr: true,
    User: SANDBOX_USER,
    WorkingDir: `${SANDBOX_ROOT}/work`,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdoutSink = new PassThrough();
  const stderrSink = new PassThrough();
  stdoutSink.on("data", (chunk: Buffer) => stdout.append(chunk));
  stderrSink.on("data", (chunk: Buffer) => stderr.append(chunk));
  client.container.dockerode.modem.demuxStream(stream, stdoutSink, stderrSink);

  const ended = new Promise<"ended">((resolve) => {
    stream.on("end", () => resolve("ended"));
    stream.on("close", () => resolve("ended"));
    stream.on("error", () => resolve("ended"));
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
  });
  let abort = () => {};
  const aborted = new Promise<"aborted">((resolve) => {
    abort = () => resolve("aborted");
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener("abort", abort, { once: true });
  });
  const outcome = await Promise.race([ended, deadline, aborted]);
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", abort);
  if (outcome !== "ended") {
    await options.onTimeout();
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    stream.destroy();
  }
  if (outcome === "aborted") throw options.signal?.reason;
  const timedOut = outcome === "timeout";
  const durationMs = Math.round(performance.now() - started);
  if (timedOut) return { exitCode: null, timedOut, durationMs, stdout, stderr };
  const inspected = await exec.inspect();
  return { exitCode: inspected.ExitCode ?? null, timedOut, durationMs, stdout, stderr };
}

/** A short helper command (file deletion, counters) whose output we read whole. */
export async function execQuick(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  argv: string[],
): Promise<{ exitCode: number; output: string }> {
  const result = await client.container.exec(client.container.getById(container.getId()), argv, {
    user: SANDBOX_USER,
    workingDir: `${SANDBOX_ROOT}/work`,
  });
  return { exitCode: result.exitCode, output: result.stdout };
}

/**
 * Runs argv with `input` on stdin and returns stdout whole. Files go in and out of the
 * container this way (`tar -x` / `tar -c` run as the sandbox user): Docker's put-archive would
 * make them root's, or look the user up on the host.
 */
export async function execWithInput(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  argv: string[],
  input: Buffer | null,
): Promise<{ exitCode: number | null; stdout: Buffer; stderr: string }> {
  const exec = await client.container.getById(container.getId()).exec({
    Cmd: argv,
    AttachStdin: input !== null,
    AttachStdout: true,
    AttachStderr: true,
    User: SANDBOX_USER,
    WorkingDir: `${SANDBOX_ROOT}/work`,
  });
  const stream = await exec.start({ hijack: true, stdin: input !== null });
  const stdoutChunks: Buffer[] = [];
  const stderrChunks: Buffer[] = [];
  const stdoutSink = new PassThrough().on("data", (chunk: Buffer) => stdoutChunks.push(chunk));
  const stderrSink = new PassThrough().on("data", (chunk: Buffer) => stderrChunks.push(chunk));
  client.container.dockerode.modem.demuxStream(stream, stdoutSink, stderrSink);
  const ended = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  if (input !== null) {
    const writable = stream as NodeJS.ReadWriteStream;
    writable.write(input);
    writable.end();
  }
  await ended;
  const inspected = await exec.inspect();
  return {
    exitCode: inspected.ExitCode ?? null,
    stdout: Buffer.concat(stdoutChunks),
    stderr: stripTerminalControls(Buffer.concat(stderrChunks).toString("utf8")),
  };
}
