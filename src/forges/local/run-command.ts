import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { confirm } from "@inquirer/prompts";
import { simpleGit } from "simple-git";
import type { RunState } from "../../core/types.ts";
import { createRunEngine } from "../../run/engine.ts";
import { conversationOf } from "./conversation.ts";
import { createLocalForge, localUser } from "./forge.ts";
import { NotARepositoryError, openRepository } from "./git.ts";
import { jsonOutput, liveOutput, type Output, plainOutput } from "./output.ts";
import { moduleProgress } from "./progress.ts";
import { readLocalRepoConfig } from "./repo-config.ts";
import { renderReport } from "./report.ts";
import { driveRun, type Start } from "./run-loop.ts";
import { newRecord, openRunRecords, type RunRecord, slugOf } from "./run-record.ts";
import { checkParts, startServices } from "./services.ts";
import { readLocalSettings, SettingsError } from "./settings.ts";
import { EXIT, finalExit, promptedTurns, scriptedTurns } from "./turns.ts";

export const RUN_USAGE = `Usage: codegen run "what to build" [--repo DIR] [--model M] [--report FILE]
                  [--yes | --modules a,b] [--on-failure continue|abort] [--json] [--resume]

Plans the request, then generates, builds and tests each module in the Docker sandbox and
commits it on a local branch codegen/<slug>; the branch you are on and your work tree are
left alone. In a terminal it asks; otherwise (or with --json) --yes or --modules picks the
plan and --on-failure decides when a module's attempts run out (abort by default).
Exit codes: 0 every selected module passed; 1 some did not, or the run was aborted;
2 usage or configuration error; 3 the analysis asks questions; 130 interrupted.
Settings: OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_CODE_MODEL, DOCKER_HOST and
the repository's .github/codegen.yml (as committed).`;

export type RunIo = {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean; write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
};

class UsageError extends Error {}

type Flags = {
  request: string | null;
  repo: string;
  yes: boolean;
  modules: string[] | null;
  onFailure: "continue" | "abort";
  report: string | null;
  json: boolean;
  resume: boolean;
  model: string | null;
};

function parseFlags(args: readonly string[], cwd: string): Flags {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      repo: { type: "string" },
      yes: { type: "boolean", short: "y" },
      modules: { type: "string" },
      "on-failure": { type: "string" },
      report: { type: "string" },
      json: { type: "boolean" },
      resume: { type: "boolean" },
      model: { type: "string" },
    },
  });
  const onFailure = values["on-failure"] ?? "abort";
  if (onFailure !== "continue" && onFailure !== "abort")
    throw new UsageError(`--on-failure takes continue or abort, not ${onFailure}`);
  const modules = values.modules
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (modules !== undefined && modules.length === 0)
    throw new UsageError("--modules names no module");
  if (values.yes && modules) throw new UsageError("--yes and --modules: give one of them");
  const request = positionals.join(" ").trim();
  return {
    request: request === "" ? null : request,
    repo: resolve(cwd, values.repo ?? "."),
    yes: values.yes ?? false,
    modules: modules ?? null,
    onFailure,
    report: values.report ? resolve(cwd, values.report) : null,
    json: values.json ?? false,
    resume: values.resume ?? false,
    model: values.model?.trim() || null,
  };
}

/** `codegen run`: the App's main job on a local repository, through the same engine. */
export async function runCommand(args: readonly string[], io: RunIo): Promise<number> {
  const fail = (line: string, code: number = EXIT.usage) => {
    io.stderr.write(`codegen: ${line}\n`);
    return code;
  };
  let flags: Flags;
  try {
    flags = parseFlags(args, io.cwd);
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${RUN_USAGE}`);
  }
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY) && !flags.json;
  try {
    const repo = await openRepository(flags.repo);
    const settings = readLocalSettings(io.env, flags.model);
    const records = await openRunRecords(repo.gitDir);
    const unfinished = await records.current();
    let record: RunRecord | null = null;
    if (flags.resume) {
      if (!unfinished) return fail(`no unfinished run in ${repo.root} to resume`);
      record = unfinished;
    } else if (unfinished && interactive) {
      const resume = await confirm({
        message: `An unfinished run is here ("${unfinished.title}"). Resume it${flags.request ? " instead" : ""}?`,
        default: true,
      });
      if (resume) record = unfinished;
    }
    if (!record && !flags.request)
      return fail(
        `say what to build: codegen run "Build a CLI that converts CSV to JSON"\n\n${RUN_USAGE}`,
      );
    if (!record && !interactive && !flags.yes && !flags.modules)
      return fail("not in a terminal: pass --yes (the plan as proposed) or --modules a,b");

    if (io.env.DOCKER_HOST) process.env.DOCKER_HOST = io.env.DOCKER_HOST;
    await checkParts(settings);
    const read = await readLocalRepoConfig(repo, settings.policy);
    const config = flags.model
      ? { ...read.config, models: { analysis: flags.model, code: flags.model } }
      : read.config;

    const output: Output = flags.json
      ? jsonOutput(io.stdout)
      : io.stdout.isTTY
        ? liveOutput(io.stdout)
        : plainOutput(io.stdout);
    const emit = output.emit;
    for (const notice of read.notices) emit({ type: "notice", kind: "said", text: notice });

    let start: Start;
    const services = await startServices(settings, join(records.dir, "runs.db"));
    try {
      if (record) {
        const stored = await services.store.load(record.key);
        start = stored ? { stored } : { event: { type: "issue_opened", author: localUser() } };
        emit({ type: "notice", kind: "said", text: `Resuming "${record.title}".` });
      } else {
        const request = flags.request ?? "";
        if (unfinished)
          emit({
            type: "notice",
            kind: "said",
            text: `The unfinished run "${unfinished.title}" is set aside; its branch stays.`,
          });
        record = newRecord(
          request,
          await freeSlug(repo, config.branchPrefix, slugOf(request)),
          localUser(),
        );
        await records.save(record);
        start = { event: { type: "issue_opened", author: localUser() } };
      }
      const conversation = conversationOf(record, records);
      const actor = { login: localUser(), canWrite: true };
      const forge = createLocalForge({
        repo,
        conversation,
        config,
        emit,
        writeReport: flags.report ? (text) => writeFile(flags.report ?? "", text) : null,
      });
      const progress = moduleProgress(emit);
      const engine = createRunEngine({
        store: services.store,
        analyzer: services.analyzer,
        generator: services.generator,
        sandboxes: services.sessions,
        stacks: services.stacks,
        policy: settings.policy,
        serialize: (_key, task) => task(),
        observe: progress.observe,
      });
      const turns = interactive
        ? promptedTurns({
            actor,
            conversation,
            maxModules: settings.policy.maxModules,
            settle: output.settle,
          })
        : scriptedTurns({
            actor,
            yes: flags.yes,
            modules: flags.modules,
            onFailure: flags.onFailure,
            say: (text) => emit({ type: "notice", kind: "said", text }),
          });

      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(EXIT.interrupted);
        stop.abort(new Error("interrupted"));
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      let state: RunState;
      let exit: number;
      try {
        ({ state, exit } = await driveRun(
          { engine, key: record.key, forge, turns, progress, signal: stop.signal, log: SILENT },
          start,
        ));
      } catch (error) {
        await output.settle();
        if (stop.signal.aborted || isPromptExit(error)) {
          emit({
            type: "notice",
            kind: "said",
            text: "Interrupted. The branch keeps what was committed and the run is saved: `codegen run --resume` goes on from here.",
          });
          return EXIT.interrupted;
        }
        throw error;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      await output.settle();
      // A run that ended is done with; one waiting for answers or a retry can be resumed.
      if (finalExit(state) !== null) await records.finish();
      if ("generation" in state && state.generation && "plan" in state && state.plan) {
        const reported = { ...state, plan: state.plan, generation: state.generation };
        const report = renderReport(reported, record.title);
        if (flags.report) await writeFile(flags.report, report);
        // The terminal gets the table; the build logs are in the file.
        emit({
          type: "report",
          path: flags.report,
          text: flags.json ? report : renderReport(reported, record.title, false),
        });
        if (flags.report)
          emit({ type: "notice", kind: "said", text: `Report written to ${flags.report}.` });
        await offerSwitch(repo.root, state.generation.branch, interactive, emit);
      }
      emit({
        type: "finished",
        exitCode: exit,
        phase: state.phase,
        branch: "generation" in state ? (state.generation?.branch ?? null) : null,
      });
      return exit;
    } finally {
      await services.close();
    }
  } catch (error) {
    if (error instanceof NotARepositoryError || error instanceof SettingsError)
      return fail(error.message);
    if (isPromptExit(error)) return EXIT.interrupted;
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      `the run stopped: ${message}. Its state is saved: \`codegen run --resume\` goes on from there.`,
      EXIT.unfinished,
    );
  }
}

const SILENT = { warn() {}, info() {}, error() {} };

function isPromptExit(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "ExitPromptError" || error.name === "AbortPromptError")
  );
}

/** `base`, or `base-2`, `base-3`…: a branch name no run used yet. */
async function freeSlug(
  repo: { branchExists(branch: string): Promise<boolean> },
  prefix: string,
  base: string,
): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.branchExists(`${prefix}${slug}`))) return slug;
  }
}

async function offerSwitch(
  root: string,
  branch: string,
  interactive: boolean,
  emit: (event: { type: "notice"; kind: "said"; text: string }) => void,
): Promise<void> {
  if (
    interactive &&
    (await confirm({ message: `Switch to ${branch} now (git switch)?`, default: false }))
  ) {
    try {
      await simpleGit({ baseDir: root }).raw(["switch", branch]);
      emit({ type: "notice", kind: "said", text: `Switched to ${branch}.` });
    } catch (error) {
      const reason = error instanceof Error ? error.message.trim() : String(error);
      emit({ type: "notice", kind: "said", text: `git switch ${branch} did not work: ${reason}` });
    }
    return;
  }
  emit({
    type: "notice",
    kind: "said",
    text: `The code is on ${branch}: \`git switch ${branch}\` to check it out.`,
  });
}
