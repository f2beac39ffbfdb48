/** A handler the queue is running: its promise, and the controller behind its signal. */
export type RunningHandler = { promise: Promise<unknown>; controller: AbortController };

/**
 * Lets running handlers finish for up to `timeoutMs` (when graceful), then aborts their
 * signals and waits for them to settle: no handler outlives the queue's stop.
 */
export async function drainHandlers(
  running: ReadonlyMap<unknown, RunningHandler>,
  graceful: boolean,
  timeoutMs: number,
): Promise<void> {
  const settled = () => Promise.allSettled([...running.values()].map((run) => run.promise));
  if (graceful && running.size > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      settled(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
  for (const run of running.values()) run.controller.abort(new Error("the queue is stopping"));
  await settled();
}
