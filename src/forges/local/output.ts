import { Listr, type ListrTaskWrapper } from "listr2";
import type { LocalEvent } from "./events.ts";

/**
 * Where a local run's events go: `--json` one event per line for tools; in a terminal a live
 * line per module (listr2) with notices between; otherwise plain lines. `settle` is awaited
 * before a prompt so nothing redraws over it.
 */
export type Output = {
  emit(event: LocalEvent): void;
  settle(): Promise<void>;
};

type Writable = { write(text: string): unknown };

export function jsonOutput(stream: Writable): Output {
  return {
    emit: (event) => void stream.write(`${JSON.stringify(event)}\n`),
    settle: async () => undefined,
  };
}

export function plainOutput(stream: Writable): Output {
  return {
    emit(event) {
      const text = plainText(event);
      if (text !== null) stream.write(`${text}\n`);
    },
    settle: async () => undefined,
  };
}

/**
 * One live line for the module being worked on; finished lines stay as they ended. listr2
 * draws on the process's stdout, so the lines between are written there too.
 */
export function liveOutput(): Output {
  const stream = process.stdout;
  let live: LiveLine | null = null;
  let queue = Promise.resolve();
  const later = (work: () => Promise<void> | void) => {
    queue = queue.then(work).catch(() => undefined);
  };
  return {
    emit(event) {
      if (event.type !== "module") {
        later(async () => {
          // A notice is printed below the finished lines, not through the live one.
          if (live && event.type !== "commit") {
            await live.end(null);
            live = null;
          }
          const text = event.type === "commit" ? null : plainText(event);
          if (text !== null) stream.write(`${text}\n`);
        });
        return;
      }
      later(async () => {
        if (live && live.module !== event.module) {
          await live.end(null);
          live = null;
        }
        if (event.status === "running" || event.status === "queued") {
          const title = event.line + stageText(event.stage);
          live ??= startLine(event.module, title);
          live.update(title);
          return;
        }
        const ending = live ?? startLine(event.module, event.line);
        live = null;
        await ending.end(event);
      });
    },
    async settle() {
      later(async () => {
        await live?.end(null);
        live = null;
      });
      await queue;
    },
  };
}

type LiveLine = {
  module: string;
  update(title: string): void;
  /** The module's last word (its result), or null: it stops here, unfinished for now. */
  end(result: Extract<LocalEvent, { type: "module" }> | null): Promise<void>;
};

function startLine(module: string, first: string): LiveLine {
  let task: ListrTaskWrapper<unknown, never, never> | null = null;
  let title = first;
  let finish: (error?: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  const list = new Listr(
    [
      {
        title,
        task: (_context, wrapper) => {
          task = wrapper as unknown as ListrTaskWrapper<unknown, never, never>;
          task.title = title;
          return done;
        },
      },
    ],
    { exitOnError: false, registerSignalListeners: false },
  );
  const running = list.run().catch(() => undefined);
  return {
    module,
    update(text) {
      title = text;
      if (task) task.title = text;
    },
    async end(result) {
      if (result) {
        title = result.line;
        if (task) task.title = result.line;
      }
      if (result?.status === "failed") finish(new Error(result.line));
      else if (result === null || result.status === "skipped") {
        // Not done: skipped, or stopped here for now (a decision, the run's end).
        task?.skip(result?.line ?? title);
        finish();
      } else finish();
      await running;
    },
  };
}

function stageText(stage: "generating" | "building" | null): string {
  return stage === "generating"
    ? " · writing the code"
    : stage === "building"
      ? " · building and testing"
      : "";
}

/** An event as one plain line (or a few), or null for what a terminal need not show. */
export function plainText(event: LocalEvent): string | null {
  switch (event.type) {
    case "notice":
      return event.text;
    case "plan":
      return [
        `Plan: ${event.summary}`,
        ...event.modules.map(
          (module, index) =>
            `  ${index + 1}. [${module.selected ? "x" : " "}] ${module.name} — ${module.description}`,
        ),
      ].join("\n");
    case "commit":
      return `  committed ${event.sha.slice(0, 10)} on ${event.branch}: ${event.message}`;
    case "module":
      return `${event.line}${stageText(event.stage)}`;
    case "report":
      return event.text;
    case "finished":
      return null;
  }
}
