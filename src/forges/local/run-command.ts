import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { confirm } from "@inquirer/prompts";
import type { RunState } from "../../core/types.ts";
import { createRunEngine } from "../../run/engine.ts";
import { conversationOf } from "./conversation.ts";
import { createLocalForge, localUser } from "./forge.ts";
import { NotARepositoryError, openRepository } from "./git.ts";
import { jsonOutput, liveOutput, type Output, plainOutput } from "./output.ts";
import { moduleProgress } from "./progress.ts";
import { readLocalRepoConfig } from "./repo-config.ts";
import { showEnding } from "./run-ending.ts";
import { type Flags, parseFlags, RUN_USAGE } from "./run-flags.ts";

import { driveRun, type Start } from "./run-loop.ts";
import { freeSlug, newRecord, openRunRecords, type RunRecord, slugOf } from "./run-record.ts";
import { checkParts, startServices } from "./services.ts";
import { readLocalSettings, SettingsError } from "./settings.ts";
import { terminalLine } from "./terminal-text.ts";
import { EXIT, finalExit, promptedTurns, scriptedTurns } from "./turns.ts";

/** The process's streams, environment and folder, as the command uses them. */
export type RunIo = {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean; write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
};

/** `codegen run`: the App's main job on a local repository, through the same engine. */
export async function runCommand(args: readonly string[], io: RunIo): Promise<number> {
  const fail = (line: string, code: number = EXIT.usage) => {
    io.stderr.write(`codegen: ${line}\n`);
    return code;
  };
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout.write(`${RUN_USAGE}\n`);
    return EXIT.passed;
  }
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
        message: `An unfinished run is here ("${terminalLine(unfinished.title)}"). Resume it${flags.request ? " instead" : ""}?`,
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
        ? liveOutput()
        : plainOutput(io.stdout);
    const emit = output.emit;
    for (const notice of read.notices) emit({ type: "notice", kind: "said", text: notice });

    let start: Start;
    const services = await startServices(settings, join(records.dir, "runs.db"));
    try {
      if (record) {
        // A process killed outright (not Ctrl-C) may have left the module's container.
        await services.reapLeftovers(record.key);
        const stored = await services.store.load(record.key);
        start = stored ? { stored } : { event: { type: "issue_opened", author: localUser() } };
        emit({ type: "notice", kind: "said", text: `Resuming "${terminalLine(record.title)}".` });
      } else {
        const request = flags.request ?? "";
        if (unfinished)
          emit({
            type: "notice",
            kind: "said",
            text: `The unfinished run "${terminalLine(unfinished.title)}" is set aside; its branch stays.`,
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
      await showEnding(state, {
        request: record.title,
        reportPath: flags.report,
        fullReportOnScreen: flags.json,
        interactive,
        root: repo.root,
        emit,
      });
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
