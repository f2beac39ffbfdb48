import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SHUTDOWN_GRACE_MS, stopOnSignals } from "../../src/runtime/stop-on-signals.ts";

/** An app whose stop takes as long as `stopped` says, and the hooks' exits and messages. */
function setup(stopped: Promise<void>) {
  const app = { stop: () => stopped };
  const signals = new EventEmitter();
  const exits: number[] = [];
  const printed: string[] = [];
  const print = {
    info: (message: string) => printed.push(message),
    error: (message: string) => printed.push(message),
  };
  const unhook = stopOnSignals(app, {
    timeoutMs: 2_000,
    exit: (code) => exits.push(code),
    print,
    signals,
  });
  return { signals, exits, printed, unhook };
}

describe("stopOnSignals", () => {
  let unhook = () => {};
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    unhook();
    vi.useRealTimers();
  });

  it("exits 0 once the app stopped, and says what happens to unfinished steps", async () => {
    const hooked = setup(Promise.resolve());
    unhook = hooked.unhook;
    hooked.signals.emit("SIGTERM", "SIGTERM");
    await vi.advanceTimersByTimeAsync(0);
    expect(hooked.exits).toEqual([0]);
    expect(hooked.printed[0]).toMatch(/^SIGTERM received: .*2 s to finish/);
    expect(hooked.printed[0]).toMatch(/another worker resumes the job from its checkpoint/);
  });

  it("exits 1 when the stop hangs past the drain timeout and the grace", async () => {
    const hooked = setup(new Promise(() => {}));
    unhook = hooked.unhook;
    hooked.signals.emit("SIGTERM", "SIGTERM");
    await vi.advanceTimersByTimeAsync(2_000 + SHUTDOWN_GRACE_MS - 1);
    expect(hooked.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(hooked.exits).toEqual([1]);
    expect(hooked.printed.at(-1)).toMatch(/^shutdown did not finish within 12 s; exiting/);
  });

  it("exits at once on a second Ctrl-C", async () => {
    const hooked = setup(new Promise(() => {}));
    unhook = hooked.unhook;
    hooked.signals.emit("SIGINT", "SIGINT");
    expect(hooked.printed[0]).toMatch(/Press Ctrl-C again to exit at once/);
    hooked.signals.emit("SIGINT", "SIGINT");
    expect(hooked.exits).toEqual([130]);
    expect(hooked.printed.at(-1)).toMatch(/^SIGINT received again: exiting now/);
  });
});
