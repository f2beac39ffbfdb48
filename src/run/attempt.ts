import { type OperatorPolicy, pathProtection } from "../config/operator-policy.ts";
import type { RepoConfig } from "../config/repo-config.ts";
import { judgePath } from "../core/protected-paths.ts";
import type {
  Generation,
  ModuleProgress,
  PlannedModule,
  RunEffect,
  RunEvent,
  RunState,
} from "../core/types.ts";
import { McpServerUnreachableError, McpToolError, UnsupportedLanguageError } from "../mcp/index.ts";
import type { Preflight } from "../preflight/index.ts";
import { SandboxError, type SandboxResult } from "../sandbox/index.ts";
import type { StackRegistry } from "../stacks/registry.ts";
import { summarizeBuild } from "./build-summary.ts";
import { failureOf, fixerHint, moduleSpec, planSteps } from "./fixer-input.ts";
import { mergeFiles, modulePaths } from "./module-paths.ts";
import {
  type CodeGenerator,
  FilesUnreadableError,
  type Forge,
  type SandboxPool,
  type SourceFile,
} from "./ports.ts";

export type AttemptDeps = {
  forge: Forge;
  generator: CodeGenerator;
  sandboxes: SandboxPool;
  stacks: Pick<StackRegistry, "toolchain">;
  /** Names the run in sandbox labels and session keys (e.g. "owner/repo#12"). */
  runId: string;
  policy: OperatorPolicy;
  /** Parts the preflight found down: an attempt needing one waits instead of failing. */
  unavailable?: Preflight["unavailable"] | undefined;
  /** Runs the preflight checks now (a part was found down mid-attempt). */
  recheck?: Preflight["check"] | undefined;
  /** The step's signal: aborting it ends its MCP calls and sandbox commands. */
  signal?: AbortSignal | undefined;
};

type Effect<T extends RunEffect["type"]> = Extract<RunEffect, { type: T }>;
type WithGeneration = Extract<RunState, { generation: Generation | null }> & {
  generation: Generation;
};

export function hasGeneration(state: RunState): state is WithGeneration {
  return "generation" in state && state.generation !== null;
}

export function sessionKey(runId: string, module: string): string {
  return `${runId}:${module}`;
}

const NO_TOKENS = { promptTokens: 0, completionTokens: 0 };

/**
 * One attempt at the current module, in two effects with a checkpoint between them:
 * `generateCode` asks the module's generator, `buildAttempt` builds and tests what it
 * answered in the module's warm sandbox. Neither writes to the forge: what the attempt wrote
 * goes into the module's draft, committed once when the round ends (delivery's commitRound).
 */
export function createAttempt(deps: AttemptDeps) {
  const { forge } = deps;

  /** What an attempt at the current module works with; null when it is not current. */
  async function attemptContext(state: RunState, name: string, elapsedMs = 0) {
    if (!hasGeneration(state) || !("plan" in state) || state.plan === null) return null;
    const started = Date.now() - elapsedMs;
    const generation = state.generation;
    const progress = generation.modules[generation.current];
    const spec = state.plan.modules.find((module) => module.name === name);
    if (!progress || progress.name !== name || !spec) return null;
    const config = await forge.config();
    const failed = (
      error: string,
      retryable: boolean,
      usage = NO_TOKENS,
      wrote: { files: string[]; written?: SourceFile[]; refused: string[] } = {
        files: [],
        refused: [],
      },
    ): RunEvent[] => [
      {
        type: "attempt_failed",
        module: spec.name,
        ...wrote,
        error,
        retryable,
        usage,
        durationMs: Date.now() - started,
      },
    ];
    const paths = modulePaths(state.plan.modules, generation, spec);
    return { started, generation, progress, spec, config, paths, failed };
  }
  type Context = NonNullable<Awaited<ReturnType<typeof attemptContext>>>;

  /**
   * The files the attempt builds with, its own, and its dependencies' (read-only): the branch
   * with the round's draft (what earlier attempts wrote, not committed yet) over it.
   */
  async function readModuleFiles(attempt: Context) {
    let current: SourceFile[];
    try {
      const onBranch = await forge.readFiles(attempt.generation.branch, attempt.paths.build);
      current = mergeFiles(onBranch, attempt.progress.draft ?? []);
    } catch (error) {
      // Generating against part of the module's files would be worse than stopping.
      if (error instanceof FilesUnreadableError)
        return { ok: false as const, unreadable: error.message };
      throw error;
    }
    return {
      ok: true as const,
      current,
      own: current.filter((file) => attempt.paths.own.has(file.path)),
      context: current.filter((file) => attempt.paths.dependencies.has(file.path)),
    };
  }

  return {
    /** Asks the module's generator for this attempt's code; nothing is written yet. */
    async generateCode(effect: Effect<"generate_code">, state: RunState): Promise<RunEvent[]> {
      const attempt = await attemptContext(state, effect.module);
      if (!attempt) return [];
      const { spec, progress, config, failed } = attempt;
      const down = deps.unavailable?.(["sandbox", "llm"]);
      if (down) return [{ type: "attempt_blocked", module: spec.name, reason: down.summary }];
      const branch = await readModuleFiles(attempt);
      if (!branch.ok) return failed(branch.unreadable, false);
      try {
        const output = await askGenerator(deps, effect.mode, spec, progress, config, branch);
        return [
          {
            type: "code_generated",
            module: spec.name,
            mode: effect.mode,
            files: output.files,
            steps: output.steps,
            usage: output.usage,
            durationMs: Date.now() - attempt.started,
          },
        ];
      } catch (error) {
        // An aborted step stops; the attempt did not fail.
        deps.signal?.throwIfAborted();
        if (error instanceof UnsupportedLanguageError) return failed(error.message, false);
        if (error instanceof McpToolError) return failed(error.message, true, error.usage);
        if (error instanceof McpServerUnreachableError) return failed(error.message, true);
        throw error;
      }
    },

    /**
     * Builds and tests the generated code over the branch and the round's draft. A step
     * retried after a crash builds the same answer again: nothing was written anywhere.
     */
    async buildAttempt(effect: Effect<"build_attempt">, state: RunState): Promise<RunEvent[]> {
      const attempt = await attemptContext(state, effect.module, effect.durationMs);
      if (!attempt) return [];
      const { spec, progress, config, paths, failed } = attempt;
      const branch = await readModuleFiles(attempt);
      if (!branch.ok) return failed(branch.unreadable, false, effect.usage);

      // Protected paths, and other modules' files: a fix must not rewrite a module that passed.
      const protection = pathProtection(config, deps.policy);
      const refused = effect.files
        .filter((file) => !judgePath(file.path, protection).writable || paths.others.has(file.path))
        .map((f) => f.path);
      const written = effect.files.filter((file) => !refused.includes(file.path));
      const wrote = {
        files: written.map((file) => file.path),
        written: written.map(({ path, content }) => ({ path, content })),
        refused,
      };
      const files = mergeFiles(branch.current, written);
      const key = sessionKey(deps.runId, spec.name);
      let result: SandboxResult;
      try {
        const session = await deps.sandboxes.get(key, {
          toolchain: await deps.stacks.toolchain(spec.language),
          labels: { run: deps.runId, module: spec.name },
          limits: sandboxLimits(config),
          allowInstallNetwork: config.sandbox.allowInstallNetwork,
        });
        result = await session.run(files, { signal: deps.signal });
      } catch (error) {
        deps.signal?.throwIfAborted();
        // Whatever the sandbox could not do with this module is this module's failure.
        await deps.sandboxes.close(key);
        // The engine went away since the last check: look now, so the next attempt waits
        // for it with one comment instead of failing too.
        if (error instanceof SandboxError && error.kind === "docker-unavailable") {
          await deps.recheck?.();
        }
        const reason = error instanceof SandboxError ? error.message : errorText(error);
        return failed(
          `the sandbox could not build the module: ${reason}`,
          true,
          effect.usage,
          wrote,
        );
      }
      return [
        {
          type: "attempt_finished",
          module: spec.name,
          ...wrote,
          steps: effect.steps,
          build: summarizeBuild(result, [
            ...progress.files,
            ...spec.files,
            ...written.map((file) => file.path),
          ]),
          usage: effect.usage,
          durationMs: Date.now() - attempt.started,
        },
      ];
    },
  };
}

async function askGenerator(
  deps: AttemptDeps,
  mode: "generate" | "fix",
  spec: PlannedModule,
  progress: ModuleProgress,
  config: RepoConfig,
  branch: { own: SourceFile[]; context: SourceFile[] },
) {
  const hint = fixerHint(progress);
  const options = { model: config.models.code, signal: deps.signal };
  const { own, context } = branch;
  if (mode === "generate") {
    return deps.generator.generateModule(
      spec.language,
      {
        module: moduleSpec(spec),
        steps: planSteps(spec),
        files: own,
        context,
        ...(progress.error ? { previousFailure: progress.error } : {}),
        ...(hint ? { hint } : {}),
      },
      options,
    );
  }
  const fixed = await deps.generator.fixModule(
    spec.language,
    {
      module: moduleSpec(spec),
      files: own,
      context,
      failure: failureOf(progress),
      ...(hint ? { hint } : {}),
    },
    options,
  );
  return { ...fixed, steps: [] };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sandboxLimits(config: RepoConfig) {
  const { cpus, memoryMb, pids, timeoutSec } = config.sandbox;
  return {
    ...(cpus ? { cpus } : {}),
    ...(memoryMb ? { memoryMb } : {}),
    ...(pids ? { pids } : {}),
    ...(timeoutSec ? { phaseTimeoutSec: timeoutSec } : {}),
  };
}
