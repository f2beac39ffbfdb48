import { AsyncLocalStorage } from "node:async_hooks";

const jobSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `task` as the work of a job whose signal is `signal`. Probot's webhook handlers are
 * called from inside `receive`, so this is how the job's signal reaches them and the
 * GitHub client (see abortableOctokit).
 */
export function withJobSignal<T>(signal: AbortSignal, task: () => T): T {
  return jobSignal.run(signal, task);
}

/** The signal of the job this code runs for, if it runs for one. */
export function currentJobSignal(): AbortSignal | undefined {
  return jobSignal.getStore();
}

/**
 * `work`'s outcome, or the signal's reason as soon as it is aborted: for work whose own
 * abort may take long (retries backing off) or never happen.
 */
export function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      work.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
