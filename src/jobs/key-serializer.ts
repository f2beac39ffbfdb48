/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently.
 * Two webhooks for the same issue must never interleave their read-modify-write of state.
 */
export function createKeySerializer() {
  const tails = new Map<string, Promise<unknown>>();
  return function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
