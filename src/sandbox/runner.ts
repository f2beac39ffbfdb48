import { randomBytes } from "node:crypto";
import type { Exec } from "dockerode";
import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { type BoundedOutput, createBoundedOutput } from "./bounded-output.ts";
import { SANDBOX_ROOT, SANDBOX_USER } from "./container.ts";
import { DockerStdout } from "./docker-stream.ts";
import { errorMessage } from "./errors.ts";
import type { CommandOutcome } from "./exec.ts";
import { IN_CONTAINER_GRACE_SEC } from "./phase-processes.ts";
import { unpack } from "./read-reports.ts";
import { RecordSplitter } from "./record-splitter.ts";
import type { ReportFile } from "./reports/index.ts";
import type { PhaseName } from "./types.ts";

/** Reports are small; generated tests could write far more, so only this much is read. */
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/**
 * The runner: one exec per attempt. It reads the run's boundary (first line of stdin), deletes
 * the removed files, extracts the tar of changed ones (the rest of stdin), then runs each phase
 * under coreutils `timeout` (its own process group, killed past the deadline even when the app
 * is gone), SIGKILLs whatever the phase left (`kill -1` spares PID 1 and the runner itself),
 * and stops at the first failing phase. After the test phase it sends the report files as a
 * base64 tar on one record line. Everything builtin between phases, so a phase's output and
 * the records stay in order on each channel.
 *
 * Arguments: deadline (s), 1 when a tar follows on stdin, report dir and file glob (`-` for
 * none), the count of removed paths, those paths, then pairs of phase name and command.
 */
const RUNNER_SCRIPT = `IFS= read -r b || exit 2
deadline=$1 tarred=$2 rdir=$3 rfile=$4 removed=$5
shift 5
record() { printf '\\n%s %s\\n' "$b" "$*"; }
both() { record "$@"; record "$@" >&2; }
both start sync
while [ "$removed" -gt 0 ]; do rm -f -- "$1"; shift; removed=$((removed - 1)); done
status=0
if [ "$tarred" = 1 ]; then tar -x -f - || status=$?; fi
record end sync $status
[ "$status" = 0 ] || exit 0
while [ $# -ge 2 ]; do
  both start "$1"
  timeout --kill-after=2s "$deadline"s sh -c "$2" </dev/null; status=$?
  kill -KILL -1 2>/dev/null
  record end "$1" $status
  if [ "$1" = test ] && [ "$rdir" != - ]; then
    printf '\\n%s report ' "$b"
    (cd "$rdir" 2>/dev/null && find . -type f -path "./$rfile" -size -${MAX_REPORT_BYTES}c -print0 |
      tar --null -T - -c -f - | head -c ${MAX_REPORT_BYTES}) | base64 -w 0
    printf '\\n'
  fi
  [ "$status" = 0 ] || exit 0
  shift 2
done`;

export type RunnerRequest = {
  /** Tar of the changed files, extracted into the work dir; null when nothing changed. */
  archive: Buffer | null;
  /** Paths (relative to the work dir) to delete before extracting. */
  removed: readonly string[];
  phases: ReadonlyArray<{ phase: PhaseName; command: string }>;
  /** Where the test phase's report files are: read back after it in the same exec. */
  report: { dir: string; file: string } | null;
  timeoutSec: number;
};

export type RunnerOutcome = {
  /** Whether the files went in, and what the deletion and the extraction printed. */
  sync: { ok: boolean; output: string };
  /** The phases that started, in order; only the last one can have failed or timed out. */
  phases: Array<{ phase: PhaseName; outcome: CommandOutcome }>;
  report: ReportFile[];
};

export type RunnerOptions = {
  /** Called once on a phase's timeout or an abort; must end every process (restart). */
  onTimeout: () => Promise<void>;
  signal?: AbortSignal | undefined;
};

/** The runner's exec could not be created or started: often, the container is gone. */
export class RunnerStartError extends Error {
  constructor(cause: unknown) {
    super(`could not start the sandbox runner: ${errorMessage(cause)}`, { cause });
  }
}

type Segment = {
  name: PhaseName | "sync";
  started: number;
  stdout: BoundedOutput;
  stderr: BoundedOutput;
  exitCode: number | null;
  durationMs: number | null;
};

/**
 * One attempt's sync, phases and report read in a single exec (see RUNNER_SCRIPT). The
 * deadline is per phase: each phase's start record resets it. Exec creation errors (the
 * container is gone) are thrown as they come.
 */
export async function runInSandbox(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  request: RunnerRequest,
  options: RunnerOptions,
): Promise<RunnerOutcome> {
  const boundary = randomBytes(24).toString("hex");
  const args = [
    String(request.timeoutSec + IN_CONTAINER_GRACE_SEC),
    request.archive === null ? "0" : "1",
    request.report?.dir ?? "-",
    request.report?.file ?? "-",
    String(request.removed.length),
    ...request.removed,
    ...request.phases.flatMap(({ phase, command }) => [phase, command]),
  ];
  let exec: Exec;
  let stream: NodeJS.ReadWriteStream;
  try {
    exec = await client.container.getById(container.getId()).exec({
      Cmd: ["sh", "-c", RUNNER_SCRIPT, "runner", ...args],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      User: SANDBOX_USER,
      WorkingDir: `${SANDBOX_ROOT}/work`,
    });
    stream = (await exec.start({ hijack: true, stdin: true })) as NodeJS.ReadWriteStream;
  } catch (error) {
    throw new RunnerStartError(error);
  }

  const segments: Segment[] = [];
  let reportBase64 = "";
  let timer: NodeJS.Timeout | undefined;
  let expire = () => {};
  const deadline = new Promise<"timeout">((resolve) => {
    expire = () => resolve("timeout");
  });
  const armDeadline = () => {
    clearTimeout(timer);
    timer = setTimeout(expire, request.timeoutSec * 1000);
  };
  const segmentNamed = (name: string): Segment | undefined =>
    segments.find((segment) => segment.name === name);
  /** A phase's segment, made by the first start record of either channel. */
  const started = (name: string): Segment => {
    const known = segmentNamed(name);
    if (known !== undefined) return known;
    const segment: Segment = {
      name: name as Segment["name"],
      started: performance.now(),
      stdout: createBoundedOutput(),
      stderr: createBoundedOutput(),
      exitCode: null,
      durationMs: null,
    };
    segments.push(segment);
    armDeadline();
    return segment;
  };
  let stdoutSegment: Segment | undefined;
  let stderrSegment: Segment | undefined;
  const onRecord = (words: string[]) => {
    const [kind, name = "", value = ""] = words;
    if (kind === "start") {
      stdoutSegment = started(name);
    } else if (kind === "end") {
      const segment = segmentNamed(name);
      if (segment === undefined) return;
      segment.exitCode = Number.parseInt(value, 10);
      segment.durationMs = Math.round(performance.now() - segment.started);
    } else if (kind === "report") {
      reportBase64 = name;
    }
  };
  // Each channel follows its own start records: Docker keeps order within a channel only.
  const stdoutSplitter = new RecordSplitter(
    boundary,
    (chunk) => stdoutSegment?.stdout.append(chunk),
    onRecord,
  );
  const stderrSplitter = new RecordSplitter(
    boundary,
    (chunk) => stderrSegment?.stderr.append(chunk),
    ([kind, name = ""]) => {
      if (kind === "start") stderrSegment = started(name);
    },
  );
  const demuxed = stream.pipe(new DockerStdout((chunk) => stderrSplitter.push(chunk)));
  demuxed.on("data", (chunk: Buffer) => stdoutSplitter.push(chunk));

  const ended = new Promise<"ended">((resolve) => {
    demuxed.on("end", () => resolve("ended"));
    stream.on("close", () => resolve("ended"));
    stream.on("error", () => resolve("ended"));
  });
  let abort = () => {};
  const aborted = new Promise<"aborted">((resolve) => {
    abort = () => resolve("aborted");
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener("abort", abort, { once: true });
  });
  armDeadline();
  stream.write(`${boundary}\n`);
  if (request.archive !== null) stream.write(request.archive);
  stream.end();

  const how = await Promise.race([ended, deadline, aborted]);
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", abort);
  if (how !== "ended") {
    await options.onTimeout();
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    (stream as unknown as { destroy(): void }).destroy();
  }
  if (how === "aborted") throw options.signal?.reason;
  stdoutSplitter.end();
  stderrSplitter.end();

  const last = segments.at(-1);
  if (how === "ended" && last !== undefined && last.exitCode === null) {
    // The runner itself was killed mid-phase (by the phase's code): its exit status says how.
    last.exitCode = (await exec.inspect().catch(() => null))?.ExitCode ?? null;
  }
  const outcomeOf = (segment: Segment): CommandOutcome => ({
    exitCode: segment.exitCode,
    timedOut: how === "timeout" && segment === last,
    durationMs: segment.durationMs ?? Math.round(performance.now() - segment.started),
    stdout: segment.stdout,
    stderr: segment.stderr,
  });
  const sync = segments[0];
  const syncOutcome = sync === undefined ? null : outcomeOf(sync);
  return {
    sync: {
      ok: syncOutcome !== null && syncOutcome.exitCode === 0 && !syncOutcome.timedOut,
      output:
        syncOutcome === null ? "" : `${syncOutcome.stdout.text()}${syncOutcome.stderr.text()}`,
    },
    phases: segments
      .slice(1)
      .map((segment) => ({ phase: segment.name as PhaseName, outcome: outcomeOf(segment) })),
    report: reportBase64 === "" ? [] : await unpack(Buffer.from(reportBase64, "base64")),
  };
}
