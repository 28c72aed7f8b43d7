// Per-object serialisation in process: the clouds refuse a second change of one cluster while one
// runs, and Pulumi runs independent resources (a cluster's settings) in parallel.

const locks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier operation on the same key has finished (in this process). */
export function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  locks.set(
    key,
    next.catch(() => undefined),
  );
  return next;
}
