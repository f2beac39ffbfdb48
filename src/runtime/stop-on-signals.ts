import { constants } from "node:os";

/** A started app: `stop()` drains and closes it (see RunningApp in start-app.ts). */
export type Stoppable = { stop(): Promise<void> };

/** How long past the drain timeout a stop may take: aborted steps settle, sandboxes go. */
export const SHUTDOWN_GRACE_MS = 10_000;

export type SignalOptions = {
  /** How long running steps get to finish before they are aborted (`SHUTDOWN_TIMEOUT_MS`). */
  timeoutMs: number;
  exit?: (code: number) => void;
  print?: Pick<Console, "info" | "error">;
  /** Where the signals come from (tests use an emitter of their own). */
  signals?: Pick<NodeJS.EventEmitter, "on" | "off">;
};

/**
 * SIGTERM/SIGINT: stop taking work, let running steps finish, clean up, exit 0. The process
 * exits within the drain timeout plus SHUTDOWN_GRACE_MS whatever the steps do (exit 1 then):
 * the durable queue makes that safe, as a job left unfinished is resumed from its checkpoint
 * once its lease lapses. A second signal exits at once. Returns a function that unhooks it.
 */
export function stopOnSignals(app: Stoppable, options: SignalOptions): () => void {
  const {
    timeoutMs,
    exit = (code) => process.exit(code),
    print = console,
    signals = process,
  } = options;
  let stopping = false;
  let deadline: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      print.error(
        `${signal} received again: exiting now; unfinished steps are resumed from their checkpoint once their lease lapses`,
      );
      exit(128 + constants.signals[signal]);
      return;
    }
    stopping = true;
    print.info(
      `${signal} received: no new webhooks or jobs; running steps get ${seconds(timeoutMs)} to finish, then are aborted. A step that still does not end is left to its lease: once it lapses, another worker resumes the job from its checkpoint. ${signal === "SIGINT" ? "Press Ctrl-C" : `Send ${signal}`} again to exit at once.`,
    );
    deadline = setTimeout(() => {
      print.error(
        `shutdown did not finish within ${seconds(timeoutMs + SHUTDOWN_GRACE_MS)}; exiting. Unfinished jobs are resumed from their checkpoint once their lease lapses.`,
      );
      exit(1);
    }, timeoutMs + SHUTDOWN_GRACE_MS);
    app.stop().then(
      () => exit(0),
      (error: unknown) => {
        print.error("shutdown failed:", error);
        exit(1);
      },
    );
  };
  signals.on("SIGTERM", onSignal);
  signals.on("SIGINT", onSignal);
  return () => {
    clearTimeout(deadline);
    signals.off("SIGTERM", onSignal);
    signals.off("SIGINT", onSignal);
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
