import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  drainHandlers,
  type RunningHandler,
} from "../../../src/persistence/queue/drain-handlers.ts";

/** A handler that ends when its signal is aborted, or never when `deaf`. */
function handler(deaf = false): RunningHandler & { settled: () => boolean } {
  const controller = new AbortController();
  let settled = false;
  const promise = new Promise<void>((_resolve, reject) => {
    if (!deaf) controller.signal.addEventListener("abort", () => reject(controller.signal.reason));
  }).finally(() => {
    settled = true;
  });
  promise.catch(() => {});
  return { promise, controller, settled: () => settled };
}

function finished(): RunningHandler {
  return { promise: Promise.resolve(), controller: new AbortController() };
}

/** Resolves `drain`'s result once the fake clock has run past every timer it set. */
async function drained(drain: Promise<number>): Promise<number> {
  let result: number | undefined;
  void drain.then((value) => {
    result = value;
  });
  for (let step = 0; result === undefined && step < 100; step++) {
    await vi.advanceTimersToNextTimerAsync();
  }
  if (result === undefined) throw new Error("the drain never finished");
  return result;
}

describe("drainHandlers", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("aborts running handlers after the timeout and waits for those that end", async () => {
    const listening = handler();
    const running = new Map([["a", listening]]);
    expect(await drained(drainHandlers(running, true, 30_000, 5_000))).toBe(0);
    expect(listening.controller.signal.reason).toEqual(new Error("the queue is stopping"));
    expect(listening.settled()).toBe(true);
  });

  it("returns once the grace after the abort is over, leaving a handler that ignores its signal", async () => {
    const deaf = handler(true);
    const running = new Map<string, RunningHandler>([
      ["deaf", deaf],
      ["listening", handler()],
      ["done", finished()],
    ]);
    expect(await drained(drainHandlers(running, true, 30_000, 5_000))).toBe(1);
    expect(deaf.controller.signal.aborted).toBe(true);
    expect(deaf.settled()).toBe(false);
    // Both waits ran out and nothing else is pending: the drain does not wait on the handler.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not abort handlers that finish within the timeout", async () => {
    const done = finished();
    expect(await drained(drainHandlers(new Map([["done", done]]), true, 30_000))).toBe(0);
    expect(done.controller.signal.aborted).toBe(false);
  });

  it("aborts at once when not graceful", async () => {
    const listening = handler();
    const drain = drainHandlers(new Map([["a", listening]]), false, 30_000, 5_000);
    expect(listening.controller.signal.aborted).toBe(true);
    expect(await drained(drain)).toBe(0);
  });
});
