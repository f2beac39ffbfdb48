/** A handler the queue is running: its promise, and the controller behind its signal. */
export type RunningHandler = { promise: Promise<unknown>; controller: AbortController };

/** How long aborted handlers get to settle before the queue stops without them. */
export const ABORT_GRACE_MS = 5_000;

/**
 * Lets running handlers finish for up to `timeoutMs` (when graceful), then aborts their
 * signals and waits up to `graceMs` more for them to settle. Returns how many are still
 * running then: the queue stops without them, and their jobs' leases lapse, so another
 * worker runs them again from their checkpoint.
 */
export async function drainHandlers(
  running: ReadonlyMap<unknown, RunningHandler>,
  graceful: boolean,
  timeoutMs: number,
  graceMs = ABORT_GRACE_MS,
): Promise<number> {
  const handlers = [...running.values()];
  const unsettled = new Set(handlers);
  for (const run of handlers) {
    const forget = () => unsettled.delete(run);
    run.promise.then(forget, forget);
  }
  if (graceful) await settledWithin(handlers, timeoutMs);
  for (const run of unsettled) run.controller.abort(new Error("the queue is stopping"));
  await settledWithin(handlers, graceMs);
  return unsettled.size;
}

async function settledWithin(handlers: readonly RunningHandler[], ms: number): Promise<void> {
  if (handlers.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(handlers.map((run) => run.promise)),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
