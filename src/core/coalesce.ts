// Coalesced status polling. When many objects of one account wait at once (50 clusters in one
// `pulumi up`), one list request (SCP `GET /v1/clusters`, Selectel `GET /datastores`) answers the
// status polls of all of them, instead of one GET per object per tick.
//
// How it works, per source (one account on one endpoint):
// - A waiter joins the source for the length of its wait (`join` … `leave`). Alone, it polls its
//   own object with the per-object GET: one request per poll either way, and the GET is smaller.
// - With two or more waiters joined, a poll is answered from the newest list answer if that answer
//   is younger than the budget's spacing; otherwise it starts a list request (all pages), and every
//   poll arriving while it runs joins it. So the list is requested at most `budget` times per
//   second (a list of p pages counts p requests), and no answer served is older than the spacing.
// - A list only ever says "still working": when it shows the object in a state the waiter stops on
//   (its target, or anything that is not a pending state), or does not show it at all, the waiter
//   confirms with its per-object read. A list may be paged or eventually consistent, so an object
//   missing from it is never taken to be gone, and a finished wait always ends on a full read.
//
// Nothing is cached across waits: a source forgets its list answer when its last waiter leaves.

import { envNumber } from "./tuning";

export interface ListSource {
  /** One account on one endpoint (base URL and account; never a secret). */
  key: string;
  /** One list request (every page): object id → status. */
  list: () => Promise<{ statuses: Map<string, string>; requests: number }>;
}

/** Tuning from the environment: the list budget, and a switch to turn coalescing off. */
export function coalesceTuning() {
  return {
    enabled: process.env.DBAAS_COALESCE !== "0",
    /** List requests per second per account and endpoint. */
    budgetPerSecond: envNumber("DBAAS_LIST_BUDGET_PER_S", 1, { min: 0.001, max: 1000 }),
  };
}

interface Source {
  waiters: Map<string, number>;
  latest?: { at: number; statuses: Map<string, string>; spacingMs: number };
  inflight?: Promise<Map<string, string>>;
}

const sources = new Map<string, Source>();

/** What one poll learned from the list: a status, or that the object was not in it. */
export type Listed = { status: string } | { missing: true };

export interface Membership {
  /**
   * The status of the waiter's object from a shared list, or undefined when this waiter should use
   * its own per-object read (it is alone, or coalescing is off).
   */
  listed(): Promise<Listed | undefined>;
  leave(): void;
}

/** Joins `id`'s wait to the source; call `leave` when the wait ends (a `finally`). */
export function join(source: ListSource, id: string): Membership {
  let s = sources.get(source.key);
  if (!s) {
    s = { waiters: new Map() };
    sources.set(source.key, s);
  }
  const src = s;
  src.waiters.set(id, (src.waiters.get(id) ?? 0) + 1);
  let left = false;
  return {
    async listed() {
      const tuning = coalesceTuning();
      if (!tuning.enabled || src.waiters.size < 2) return undefined;
      const statuses = await current(src, source, tuning.budgetPerSecond);
      const status = statuses.get(id);
      return status === undefined ? { missing: true } : { status };
    },
    leave() {
      if (left) return;
      left = true;
      const n = (src.waiters.get(id) ?? 1) - 1;
      if (n > 0) src.waiters.set(id, n);
      else src.waiters.delete(id);
      if (src.waiters.size === 0 && !src.inflight) sources.delete(source.key);
    },
  };
}

async function current(src: Source, source: ListSource, budgetPerSecond: number): Promise<Map<string, string>> {
  if (src.latest && Date.now() - src.latest.at < src.latest.spacingMs) return src.latest.statuses;
  if (src.inflight) return src.inflight;
  const run = (async () => {
    try {
      const { statuses, requests } = await source.list();
      // The answer serves polls until the budget allows the next list: p pages cost p requests.
      src.latest = { at: Date.now(), statuses, spacingMs: (Math.max(1, requests) * 1000) / budgetPerSecond };
      return statuses;
    } finally {
      src.inflight = undefined;
      if (src.waiters.size === 0) sources.delete(source.key);
    }
  })();
  src.inflight = run;
  return run;
}

/**
 * A poll function for `waitFor`: from the shared list while it says the object is still working
 * (`pending`), from the per-object `read` otherwise. `fromList` turns a listed status into the
 * waiter's value (only its status is meaningful).
 */
export function coalescedPoll<T>(
  membership: Membership, read: () => Promise<T>, pending: (status: string) => boolean, fromList: (status: string) => T,
): () => Promise<T> {
  return async () => {
    const listed = await membership.listed();
    if (listed && "status" in listed && pending(listed.status)) return fromList(listed.status);
    return read();
  };
}
