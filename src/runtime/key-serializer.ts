/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently.
 * Two webhooks for the same issue must never interleave their read-modify-write of state.
 */
export function createKeySerializer() {
  const tails = new Map<string, Promise<unknown>>();
  function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  }
  /** Resolves once no task is queued or running, including tasks queued meanwhile. */
  async function idle(): Promise<void> {
    while (tails.size > 0) await Promise.all(tails.values());
  }
  return Object.assign(serialize, { idle });
}
