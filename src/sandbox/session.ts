import { createHash } from "node:crypto";
import { dirname } from "node:path";
import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { type SandboxLimits, TEST_REPORT_DIR, type Toolchain } from "../stacks/toolchain.ts";
import { removeContainer, SANDBOX_ROOT, SANDBOX_UID, startSandboxContainer } from "./container.ts";
import { copyBetweenContainers } from "./copy-back.ts";
import { diskFullMessage, sandboxDiskFull } from "./disk.ts";
import { blockedReport } from "./egress-proxy.ts";
import { errorMessage, SandboxError } from "./errors.ts";
import { type CommandOutcome, execInSandbox, execWithInput } from "./exec.ts";
import { openInstallNetwork } from "./install-network.ts";
import { sandboxLabels } from "./labels.ts";
import type { Owner } from "./owner.ts";
import { parseOutput } from "./parsers/index.ts";
import { checkedRelativePath } from "./paths.ts";
import { endLeftovers, needsLeftoverCheck } from "./phase-processes.ts";
import { parseTestReport, type ReportFile, type TestReport } from "./reports/index.ts";
import { resolveErrorFiles, resolvePath } from "./resolve-error-files.ts";
import {
  limitReachedBetween,
  type ResourceCounters,
  readResourceCounters,
} from "./resource-counters.ts";
import { restartSandbox } from "./restart.ts";
import { type RunnerOutcome, RunnerStartError, runInSandbox } from "./runner.ts";
import { createTar, type TarEntry } from "./tar.ts";
import type {
  ParsedError,
  PhaseName,
  PhaseResult,
  SandboxFile,
  SandboxResult,
  SandboxSession,
  TestCounts,
} from "./types.ts";

const OUTPUT_TAIL_CHARS = 16_000;
const WORK_DIR = `${SANDBOX_ROOT}/work`;
const NOTHING_TO_INSTALL = "no dependency manifest";
const LEFTOVERS_MESSAGE =
  "[sandbox] processes this phase started survived SIGKILL; the container was restarted.";
const NO_COUNTERS: ResourceCounters = { oomKills: 0, pidsRefusals: 0 };

export type SessionContext = {
  client: ContainerRuntimeClient;
  image: string;
  toolchain: Toolchain;
  limits: SandboxLimits;
  labels: { run: string; module: string };
  /** Set when the repo lets install use the network: through this proxy image and allowlist. */
  installNetwork: { proxyImage: string; allow: readonly string[] } | null;
  /** Size cap of /sandbox in MB (see container.ts), also the cap of an install's copy-back. */
  diskMb: number;
  lifetimeSec: number;
  leaseSec: number;
  owner: Owner;
  log: (message: string) => void;
  /** Tells the owning sandbox which containers are alive, for shutdown. */
  track: (container: StartedTestContainer, alive: boolean) => void;
};

/**
 * One warm container per module for a whole run: files are synced by content hash (changed
 * ones copied, removed ones deleted), dependency and build caches under /sandbox/home survive
 * between attempts, and the container is replaced only when it died. An attempt is one exec
 * of the runner (runner.ts); a failing phase costs a few more (counters, disk, leftovers).
 */
export async function openDockerSession(context: SessionContext): Promise<SandboxSession> {
  const { client, toolchain } = context;
  let container: StartedTestContainer | null = null;
  let synced = new Map<string, string>();
  let installedManifests: string | null = NOTHING_TO_INSTALL;
  let counters: ResourceCounters = NO_COUNTERS;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  let restarts = 0;

  const startWarm = async (): Promise<StartedTestContainer> => {
    const started = await startContainer(context, "warm", { networkMode: "none" });
    container = started;
    synced = new Map();
    installedManifests = NOTHING_TO_INSTALL;
    counters = (await readResourceCounters(client, started)) ?? NO_COUNTERS;
    return started;
  };

  /** Kills everything in the container; /sandbox is a tmpfs, so its files and caches go too. */
  const restart = async (target: StartedTestContainer): Promise<void> => {
    restarts += 1;
    await restartSandbox(client, target);
    synced = new Map();
    installedManifests = NOTHING_TO_INSTALL;
    counters = (await readResourceCounters(client, target)) ?? NO_COUNTERS;
  };

  /** After a phase filled /sandbox: the next run starts from a fresh container. */
  const retire = async (target: StartedTestContainer): Promise<void> => {
    restarts += 1;
    if (container === target) container = null;
    await stopTracked(context, target);
  };

  /**
   * One runner exec (runner.ts): the sync of `files` when given, then `phases`, then the test
   * report. Only the last phase that ran can have failed; it is judged here.
   */
  const runnerPass = async (
    target: StartedTestContainer,
    files: readonly SandboxFile[] | null,
    phases: ReadonlyArray<{ phase: PhaseName; command: string }>,
    signal: AbortSignal | undefined,
  ): Promise<Pass> => {
    const generation = restarts;
    const plan = files === null ? null : await planSync(synced, files);
    const atTimeout: AtTimeout = { counters: null, diskFull: false };
    const outcome = await runInSandbox(
      client,
      target,
      {
        archive: plan?.archive ?? null,
        removed: plan?.removed ?? [],
        phases,
        report: reportLocation(toolchain),
        timeoutSec: context.limits.phaseTimeoutSec,
      },
      {
        onTimeout: async () => {
          atTimeout.counters = await readResourceCounters(client, target);
          atTimeout.diskFull = await sandboxDiskFull(client, target);
          await restart(target);
        },
        signal,
      },
    );
    if (plan !== null && outcome.sync.ok && generation === restarts) synced = plan.next;
    const results: PhaseRun[] = [];
    for (const { phase, outcome: ran } of outcome.phases) {
      results.push(await judge(target, phase, ran, atTimeout));
    }
    return { sync: outcome.sync, results, report: outcome.report, generation };
  };

  /** A pass in the warm container; one found gone (its exec cannot start) is replaced once. */
  const passInWarm = async (
    files: readonly SandboxFile[],
    phases: ReadonlyArray<{ phase: PhaseName; command: string }>,
    signal: AbortSignal | undefined,
  ): Promise<{ target: StartedTestContainer; pass: Pass }> => {
    const target = container ?? (await startWarm());
    try {
      return { target, pass: await runnerPass(target, files, phases, signal) };
    } catch (error) {
      if (!(error instanceof RunnerStartError) || (await isRunning(client, target))) throw error;
      context.log(`sandbox container for ${context.labels.module} is gone; starting a new one`);
      if (container === target) container = null;
      await stopTracked(context, target);
      const fresh = await startWarm();
      return { target: fresh, pass: await runnerPass(fresh, files, phases, signal) };
    }
  };

  /** The pass with `files` synced; a sync that failed on a full /sandbox retries in a fresh container. */
  const syncedPass = async (
    files: readonly SandboxFile[],
    phases: ReadonlyArray<{ phase: PhaseName; command: string }>,
    signal: AbortSignal | undefined,
  ): Promise<{ target: StartedTestContainer; pass: Pass }> => {
    const first = await passInWarm(files, phases, signal);
    if (first.pass.sync.ok) return first;
    if (!(await sandboxDiskFull(client, first.target))) throw syncFailed(first.pass);
    context.log(`the sandbox of ${context.labels.module} is full; starting a fresh one`);
    await retire(first.target);
    const second = await passInWarm(files, phases, signal);
    if (!second.pass.sync.ok) throw syncFailed(second.pass);
    return second;
  };

  /** What a phase's outcome means: limits reached, leftovers, a full disk (see the lock-down). */
  const judge = async (
    target: StartedTestContainer,
    phase: PhaseName,
    outcome: CommandOutcome,
    atTimeout: AtTimeout,
  ): Promise<PhaseRun> => {
    // Nothing a phase started may outlive it; what even SIGKILL cannot end costs a restart,
    // which empties /sandbox, so the phase counts as failed and the next attempt starts afresh.
    const leftoversSurvived =
      !outcome.timedOut &&
      needsLeftoverCheck(outcome.exitCode) &&
      !(await endLeftovers(client, target));
    if (leftoversSurvived) await restart(target);
    let limitReached: PhaseResult["limitReached"] = null;
    if (outcome.timedOut) {
      limitReached = atTimeout.diskFull
        ? "disk"
        : limitReachedBetween(counters, atTimeout.counters);
    } else if (outcome.exitCode !== 0) {
      const after = await readResourceCounters(client, target);
      limitReached = limitReachedBetween(counters, after);
      counters = after ?? counters;
      if (limitReached === "pids") {
        // The killed processes may not all be reaped yet, and while they hold pids the next
        // phase or attempt could not even start: restart, as after a timeout.
        await restart(target);
      } else if (mentionsNoSpace(outcome) && (await sandboxDiskFull(client, target))) {
        limitReached = "disk";
        await retire(target);
      }
    }
    const result = phaseResult(phase, outcome, limitReached);
    const output = combinedOutput(outcome);
    if (leftoversSurvived) {
      return withNote({ ...result, status: "failed" }, output, LEFTOVERS_MESSAGE);
    }
    return limitReached === "disk"
      ? withNote(result, output, diskFullMessage(context.diskMb))
      : { result, output };
  };

  /** The install command when the manifests changed since the last successful install. */
  const installNeeded = (
    files: readonly SandboxFile[],
  ): { command: string; manifests: string | null } | null => {
    const command = toolchain.install;
    const manifests = manifestHash(toolchain, files);
    if (command === null || (manifests !== null && manifests === installedManifests)) return null;
    return { command, manifests };
  };

  const run = async (
    files: readonly SandboxFile[],
    signal?: AbortSignal,
  ): Promise<SandboxResult> => {
    if (closed) throw new SandboxError("closed", "This sandbox session is closed.");
    signal?.throwIfAborted();
    const started = performance.now();
    const normalised = normaliseFiles(files);
    const install = installNeeded(normalised);
    const buildAndTest = [
      { phase: "build", command: toolchain.build },
      { phase: "test", command: testCommand(toolchain) },
    ] as const;
    const network = install === null ? null : context.installNetwork;
    // A networked install runs in a twin container between the sync and the build.
    const firstPhases =
      network !== null
        ? []
        : [
            ...(install === null ? [] : [{ phase: "install" as const, command: install.command }]),
            ...buildAndTest,
          ];
    const { target, pass } = await syncedPass(normalised, firstPhases, signal);
    const ran = [...pass.results];
    let report = pass.report;
    if (install !== null && network !== null) {
      const installed = await installWithNetwork(
        context,
        network,
        target,
        normalised,
        install.command,
        signal,
      );
      installedManifests = installed.result.status === "passed" ? install.manifests : null;
      ran.push(installed);
      if (installed.result.status === "passed") {
        const rest = await runnerPass(target, null, buildAndTest, signal);
        ran.push(...rest.results);
        report = rest.report;
      }
    } else if (install !== null && pass.generation === restarts) {
      const installed = ran.find((phase) => phase.result.phase === "install");
      installedManifests = installed?.result.status === "passed" ? install.manifests : null;
    }

    const phases: PhaseResult[] = [];
    const outputs = new Map<PhaseName, string>();
    for (const phase of ["install", "build", "test"] as const) {
      const done = ran.find((candidate) => candidate.result.phase === phase);
      phases.push(done?.result ?? skippedPhase(phase));
      if (done !== undefined) outputs.set(phase, done.output);
    }
    const testOutput = outputs.get("test");
    const parsed = testOutput === undefined ? null : parseReport(report, normalised, testOutput);
    return summarise(
      toolchain,
      phases,
      outputs,
      parsed,
      normalised.map((file) => file.path),
      started,
    );
  };

  /** The runner's report of this test phase; null (console fallback) if missing or unreadable. */
  const parseReport = (
    reports: ReportFile[],
    files: readonly SandboxFile[],
    output: string,
  ): TestReport | null => {
    const spec = toolchain.testReport;
    if (spec.format === "exit-code") return null;
    try {
      return parseTestReport(spec.format, reports, { files, output });
    } catch (error) {
      context.log(
        `could not read the test report of ${context.labels.module}: ${errorMessage(error)}`,
      );
      return null;
    }
  };

  const session: SandboxSession = {
    run(files, options = {}) {
      const next = queue.then(() => run(files, options.signal));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      if (container !== null) await stopTracked(context, container);
      container = null;
    },
  };
  await startWarm();
  return session;
}

async function startContainer(
  context: SessionContext,
  role: "warm" | "install",
  network: { networkMode: string; environment?: Record<string, string> },
): Promise<StartedTestContainer> {
  try {
    const started = await startSandboxContainer({
      image: context.image,
      limits: context.limits,
      labels: sandboxLabels({
        ...context.labels,
        language: context.toolchain.language,
        role,
        owner: context.owner,
      }),
      diskMb: context.diskMb,
      ...network,
      lifetimeSec: context.lifetimeSec,
      leaseSec: context.leaseSec,
    });
    context.track(started, true);
    return started;
  } catch (error) {
    throw new SandboxError(
      "container",
      `Could not start the ${context.toolchain.language} sandbox container (${context.image}): ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

async function stopTracked(
  context: SessionContext,
  container: StartedTestContainer,
): Promise<void> {
  context.track(container, false);
  await removeContainer(container).catch((error: unknown) =>
    context.log(`could not remove sandbox container ${container.getId()}: ${errorMessage(error)}`),
  );
}

/**
 * A stale report from the last attempt must never stand for this one. A JUnit report's path is
 * a plain word (the toolchain schema allows no shell characters in it).
 */
function testCommand(toolchain: Toolchain): string {
  const spec = toolchain.testReport;
  if (spec.format === "exit-code") return toolchain.test;
  if (spec.format === "junit") return `rm -f -- ${spec.path}; ${toolchain.test}`;
  return `rm -rf ${TEST_REPORT_DIR}; mkdir -p ${TEST_REPORT_DIR}; ${toolchain.test}`;
}

/** Kill whatever the phase left running (the wrapper shell is spared by `kill -1`). */
function killLeftoversAfter(command: string): string {
  const quoted = `'${command.replaceAll("'", `'\\''`)}'`;
  return `sh -c ${quoted}; status=$?; kill -KILL -1 2>/dev/null; exit $status`;
}

type PhaseRun = { result: PhaseResult; output: string };
type Pass = {
  sync: RunnerOutcome["sync"];
  results: PhaseRun[];
  report: ReportFile[];
  /** The session's restart count when the pass began: a restart since undid its sync. */
  generation: number;
};
type AtTimeout = { counters: ResourceCounters | null; diskFull: boolean };

/** Where the runner finds the test phase's report; null when the stack reports none. */
function reportLocation(toolchain: Toolchain): { dir: string; file: string } | null {
  const spec = toolchain.testReport;
  if (spec.format === "exit-code") return null;
  return spec.format === "junit"
    ? { dir: WORK_DIR, file: spec.path }
    : { dir: TEST_REPORT_DIR, file: "*" };
}

function syncFailed(pass: Pass): SandboxError {
  return new SandboxError(
    "container",
    `Copying files into the sandbox failed: ${pass.sync.output.trim() || "the runner stopped"}`,
  );
}

async function isRunning(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
): Promise<boolean> {
  return client.container
    .inspect(client.container.getById(container.getId()))
    .then((info) => info.State.Running)
    .catch(() => false);
}

function normaliseFiles(files: readonly SandboxFile[]): SandboxFile[] {
  const seen = new Set<string>();
  return files.map((file) => {
    const path = checkedRelativePath(file.path);
    if (seen.has(path))
      throw new SandboxError("invalid-file", `File ${JSON.stringify(path)} is listed twice.`);
    seen.add(path);
    return { path, content: file.content };
  });
}

const contentHash = (content: string): string => createHash("sha256").update(content).digest("hex");

type SyncPlan = { next: Map<string, string>; removed: string[]; archive: Buffer | null };

/** What to send so the work dir holds `files`, given the hashes of what it holds now. */
async function planSync(
  previous: ReadonlyMap<string, string>,
  files: readonly SandboxFile[],
): Promise<SyncPlan> {
  const next = new Map(files.map((file) => [file.path, contentHash(file.content)]));
  const removed = [...previous.keys()].filter((path) => !next.has(path));
  const changed = files.filter((file) => previous.get(file.path) !== next.get(file.path));
  if (changed.length === 0) return { next, removed, archive: null };
  const directories = new Set<string>();
  for (const file of changed) {
    for (let dir = dirname(file.path); dir !== "."; dir = dirname(dir)) directories.add(dir);
  }
  const entries: TarEntry[] = [
    ...[...directories].sort().map((path): TarEntry => ({ type: "directory", path })),
    ...changed.map(
      (file): TarEntry => ({ type: "file", path: file.path, content: Buffer.from(file.content) }),
    ),
  ];
  const archive = await createTar(entries, { uid: SANDBOX_UID, gid: SANDBOX_UID });
  return { next, removed, archive };
}

/** All of `files` into a fresh container (the networked install's twin). */
async function copyFiles(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  files: readonly SandboxFile[],
): Promise<void> {
  const { archive } = await planSync(new Map(), files);
  if (archive !== null) await extractInto(client, container, WORK_DIR, archive);
}

/**
 * With network allowed, install runs in a short-lived twin on its own internal network whose
 * only way out is an egress proxy (see install-network.ts), and only its outputs (e.g.
 * node_modules) are streamed into the warm container, which never has a network.
 */
async function installWithNetwork(
  context: SessionContext,
  network: { proxyImage: string; allow: readonly string[] },
  warm: StartedTestContainer,
  files: readonly SandboxFile[],
  command: string,
  signal: AbortSignal | undefined,
): Promise<{ result: PhaseResult; output: string }> {
  const labels = sandboxLabels({
    ...context.labels,
    language: context.toolchain.language,
    role: "proxy",
    owner: context.owner,
  });
  let egress: Awaited<ReturnType<typeof openInstallNetwork>>;
  try {
    egress = await openInstallNetwork(context.client, {
      proxyImage: network.proxyImage,
      allow: network.allow,
      labels,
      lifetimeSec: context.lifetimeSec,
    });
  } catch (error) {
    throw new SandboxError("container", errorMessage(error), { cause: error });
  }
  context.track(egress.proxy, true);
  try {
    const helper = await startContainer(context, "install", {
      networkMode: egress.name,
      environment: egress.environment,
    });
    try {
      const timeoutMs = context.limits.phaseTimeoutSec * 1000;
      await copyFiles(context.client, helper, files);
      const outcome = await execInSandbox(context.client, helper, killLeftoversAfter(command), {
        timeoutMs,
        onTimeout: () => removeContainer(helper).then(() => undefined),
        signal,
      });
      let phase = {
        result: phaseResult("install", outcome, null),
        output: combinedOutput(outcome),
      };
      const blocked = blockedReport(await egress.decisions().catch(() => []));
      if (blocked !== null) phase = withNote(phase.result, phase.output, blocked);
      if (outcome.timedOut || outcome.exitCode !== 0) return phase;
      for (const path of context.toolchain.installOutputs ?? []) {
        const copied = await copyBetweenContainers(context.client, helper, warm, path, {
          maxBytes: context.diskMb * 1024 * 1024,
          timeoutMs,
          signal,
        });
        if (!copied.ok) {
          const failed: PhaseResult = {
            ...phase.result,
            status: copied.limit === "timeout" ? "timeout" : "failed",
            limitReached: copied.limit === "disk" ? "disk" : null,
          };
          return withNote(failed, phase.output, `[sandbox] ${copied.reason}.`);
        }
      }
      return phase;
    } finally {
      await stopTracked(context, helper);
    }
  } finally {
    context.track(egress.proxy, false);
    await egress.close();
  }
}

/** What the dependencies were installed from; null when the toolchain cannot tell (always install). */
async function extractInto(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  directory: string,
  archive: Buffer,
): Promise<void> {
  const result = await execWithInput(
    client,
    container,
    ["tar", "-x", "-f", "-", "-C", directory],
    archive,
  );
  if (result.exitCode !== 0) {
    throw new SandboxError(
      "container",
      `Copying files into the sandbox failed: ${result.stderr.trim()}`,
    );
  }
}

function manifestHash(toolchain: Toolchain, files: readonly SandboxFile[]): string | null {
  const manifests = toolchain.dependencyManifests;
  if (manifests === undefined) return null;
  const present = files.filter((candidate) => manifests.includes(candidate.path));
  if (present.length === 0) return NOTHING_TO_INSTALL;
  const hash = createHash("sha256");
  for (const file of present) {
    hash.update(file.path).update("\0").update(file.content).update("\0");
  }
  return hash.digest("hex");
}

function phaseResult(
  phase: PhaseName,
  outcome: CommandOutcome,
  limitReached: PhaseResult["limitReached"],
): PhaseResult {
  const stdout = outcome.stdout.tail(OUTPUT_TAIL_CHARS);
  const stderr = outcome.stderr.tail(OUTPUT_TAIL_CHARS);
  const status = outcome.timedOut ? "timeout" : outcome.exitCode === 0 ? "passed" : "failed";
  return {
    phase,
    status,
    exitCode: outcome.exitCode,
    durationMs: outcome.durationMs,
    stdout: stdout.text,
    stderr: stderr.text,
    truncated: stdout.truncated || stderr.truncated,
    limitReached,
  };
}

function skippedPhase(phase: PhaseName): PhaseResult {
  return {
    phase,
    status: "skipped",
    exitCode: null,
    durationMs: 0,
    stdout: "",
    stderr: "",
    truncated: false,
    limitReached: null,
  };
}

/** The report's rendition of the console (go test -json), bounded like any phase output. */
function withConsole(phase: PhaseResult, text: string): PhaseResult {
  const cut = text.length > OUTPUT_TAIL_CHARS;
  const tail = cut
    ? `[… ${text.length - OUTPUT_TAIL_CHARS} earlier characters cut]\n${text.slice(-OUTPUT_TAIL_CHARS)}`
    : text;
  return { ...phase, stdout: tail, truncated: phase.truncated || cut };
}

/** ENOSPC's message, as every tool prints it: only then is the disk worth a look (an exec). */
function mentionsNoSpace(outcome: CommandOutcome): boolean {
  return /no space left on device/i.test(combinedOutput(outcome));
}

/** Appends the sandbox's own explanation to a phase's stderr and output. */
function withNote(
  result: PhaseResult,
  output: string,
  note: string,
): { result: PhaseResult; output: string } {
  const stderr = result.stderr === "" ? note : `${result.stderr}\n${note}`;
  return { result: { ...result, stderr }, output: `${output}\n${note}` };
}

function combinedOutput(outcome: CommandOutcome): string {
  return `${outcome.stdout.text()}\n${outcome.stderr.text()}`;
}

function summarise(
  toolchain: Toolchain,
  reportedPhases: readonly PhaseResult[],
  outputs: ReadonlyMap<PhaseName, string>,
  report: TestReport | null,
  paths: readonly string[],
  started: number,
): SandboxResult {
  const phases = reportedPhases.map((phase) =>
    phase.phase === "test" && report?.console != null ? withConsole(phase, report.console) : phase,
  );
  const failedPhase = phases.find(
    (phase) => phase.status === "failed" || phase.status === "timeout",
  );
  let tests: TestCounts | null = null;
  let errors: ParsedError[] = [];
  const testOutput = report?.console ?? outputs.get("test");
  const consoleParsed =
    testOutput === undefined ? null : parseOutput(toolchain.testOutput, testOutput);
  tests = report?.tests ?? consoleParsed?.tests ?? null;
  if (failedPhase?.phase === "test") {
    // A failing phase with no failed test in the report (a crash, a collection abort) still
    // has its console errors.
    errors = report && report.failures.length > 0 ? report.failures : (consoleParsed?.errors ?? []);
  } else if (failedPhase !== undefined && failedPhase.phase !== "install") {
    errors = parseOutput(toolchain.testOutput, outputs.get(failedPhase.phase) ?? "").errors;
  }
  const failure =
    failedPhase === undefined
      ? null
      : failedPhase.status === "timeout"
        ? "timeout"
        : failedPhase.limitReached === "memory"
          ? "oom"
          : failedPhase.phase;
  return {
    ok: failedPhase === undefined,
    phases: [...phases],
    tests,
    testsByFile: (report?.byFile ?? []).map((counts) => ({
      ...counts,
      file: resolvePath(counts.file, paths),
    })),
    testsFrom: report ? "report" : tests ? "console" : null,
    errors: resolveErrorFiles(errors, paths),
    durationMs: Math.round(performance.now() - started),
    failure,
  };
}
