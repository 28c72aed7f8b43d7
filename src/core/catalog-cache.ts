// Catalogue answers (engine versions, server types, flavors, configuration parameters) cached per
// provider process: 50 clusters in one `pulumi up` ask the same question once, not 50 times. A
// catalogue can change (a version is added or retired), so an answer lives a bounded time
// (DBAAS_CATALOG_TTL_S, default 300 s), a failed look-up is never kept, and a caller that is about
// to refuse an input because of a cached answer asks again first (`fresh`). Object state is never
// cached here: only answers that are the same for every object of an account.

import { tuned } from "./tuning";

const entries = new Map<string, { at: number; value: Promise<unknown> }>();

export function catalogTtlMs(): number {
  return tuned("DBAAS_CATALOG_TTL_S") * 1000;
}

/**
 * The cached answer for `key` (which must name the endpoint and account), or `fetch`'s. Concurrent
 * callers share one request. `fresh` skips (and replaces) the cached answer.
 */
export function cachedCatalog<T>(key: string, fetch: () => Promise<T>, opts: { fresh?: boolean } = {}): Promise<T> {
  const hit = entries.get(key);
  const ttl = catalogTtlMs();
  if (hit && !opts.fresh && Date.now() - hit.at < ttl) return hit.value as Promise<T>;
  const value = fetch();
  const entry = { at: Date.now(), value };
  entries.set(key, entry);
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}

/**
 * Looks `pick` up in the cached answer; when it finds nothing and the answer came from the cache,
 * asks the API again before the caller refuses anything (the catalogue may have grown).
 */
export async function lookUpCatalog<T, R>(
  key: string,
  fetch: () => Promise<T>,
  pick: (answer: T) => R | undefined,
): Promise<{ found?: R; answer: T }> {
  const hit = entries.get(key);
  const fromCache = !!hit && Date.now() - hit.at < catalogTtlMs();
  const answer = await cachedCatalog(key, fetch);
  const found = pick(answer);
  if (found !== undefined || !fromCache) return { found, answer };
  const again = await cachedCatalog(key, fetch, { fresh: true });
  return { found: pick(again), answer: again };
}

/** Forgets every cached answer (tests). */
export function forgetCatalogs(): void {
  entries.clear();
}
