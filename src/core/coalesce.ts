// Coalesced status polling. When many objects of one account wait at once (50 clusters in one
// `pulumi up`), one list request (SCP `GET /v1/clusters`, Selectel `GET /datastores`) answers the
// status polls of all of them, instead of one GET per object per tick.
//
// How it works, per source (one account on one endpoint):
// - A waiter joins the source for the length of its wait (`join` … `leave`). Alone, it polls its
//   own object with the per-object GET: one request per poll either way, and the GET is smaller.
// - With two or more waiters joined, a poll is answered by a list request that started after the
//   waiter's previous answer (or after it joined), so it never learns less than its own GET would
//   have told it. Such an answer is usually there already, fetched for another waiter; if not, the
//   poll starts one (every poll arriving meanwhile shares it), or, when the budget does not allow a
//   list yet, waits for the next one. So the list is requested at most `budget` times per second
//   (a list of p pages counts p requests), and a poll waits at most one budget interval.
// - A list only ever says "still working": when it shows the object in a state the waiter stops on
//   (its target, or anything that is not a pending state), or does not show it at all, the waiter
//   confirms with its per-object read. A list may be paged or eventually consistent, so an object
//   missing from it is never taken to be gone, and a finished wait always ends on a full read.
//
// Nothing is cached across waits: a source forgets its list answer when its last waiter leaves.

import { waitClock } from "./wait";
import { tuned } from "./tuning";

export interface ListSource {
  /** One account on one endpoint (base URL and account; never a secret). */
  key: string;
  /** One list request (every page): object id → status. */
  list: () => Promise<{ statuses: Map<string, string>; requests: number }>;
}

/** Tuning from the environment: the list budget, and a switch to turn coalescing off. */
export function coalesceTuning() {
  return {
    enabled: tuned("DBAAS_COALESCE") === 1,
    /** List requests per second per account and endpoint. */
    budgetPerSecond: tuned("DBAAS_LIST_BUDGET_PER_S"),
  };
}

interface Answer {
  /** When the list request started: it knows of every object created before then. */
  startedAt: number;
  statuses: Map<string, string>;
}

interface Source {
  waiters: Map<string, number>;
  latest?: Answer;
  inflight?: { startedAt: number; answer: Promise<Answer> };
  /** When the budget allows the next list request. */
  nextAllowedAt: number;
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
    s = { waiters: new Map(), nextAllowedAt: 0 };
    sources.set(source.key, s);
  }
  const src = s;
  src.waiters.set(id, (src.waiters.get(id) ?? 0) + 1);
  let left = false;
  // The answer this waiter needs next must have started after this instant.
  let since = waitClock().now() - 1;
  return {
    async listed() {
      const tuning = coalesceTuning();
      if (!tuning.enabled || src.waiters.size < 2) return undefined;
      const answer = await newerThan(src, source, since, tuning.budgetPerSecond);
      since = answer.startedAt;
      const status = answer.statuses.get(id);
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

/** A list answer that started after `since`: the latest, the one in flight, or a new one within the budget. */
async function newerThan(src: Source, source: ListSource, since: number, budgetPerSecond: number): Promise<Answer> {
  for (;;) {
    if (src.latest && src.latest.startedAt > since) return src.latest;
    if (src.inflight) {
      const inflight = src.inflight;
      const answer = await inflight.answer;
      if (inflight.startedAt > since) return answer;
      continue;
    }
    const now = waitClock().now();
    if (now < src.nextAllowedAt) {
      await waitClock().sleep(src.nextAllowedAt - now);
      continue;
    }
    // Strictly after `since`, so the answer counts as newer even on a coarse clock.
    const startedAt = Math.max(now, since + 1);
    const answer = (async () => {
      try {
        const { statuses, requests } = await source.list();
        // p pages cost p requests of the budget.
        src.nextAllowedAt = startedAt + (Math.max(1, requests) * 1000) / budgetPerSecond;
        const a = { startedAt, statuses };
        src.latest = a;
        return a;
      } catch (err) {
        src.nextAllowedAt = startedAt + 1000 / budgetPerSecond;
        throw err;
      } finally {
        src.inflight = undefined;
        if (src.waiters.size === 0) sources.delete(source.key);
      }
    })();
    src.inflight = { startedAt, answer };
    return answer;
  }
}

/**
 * A poll function for `waitFor`: from the shared list while it says the object is still working
 * (`pending`), from the per-object `read` otherwise. `fromList` turns a listed status into the
 * waiter's value (only its status is meaningful).
 */
export function coalescedPoll<T>(
  membership: Membership,
  read: () => Promise<T>,
  pending: (status: string) => boolean,
  fromList: (status: string) => T,
): () => Promise<T> {
  return async () => {
    // A list that fails (after the HTTP client's retries) costs this poll its shortcut, not the wait.
    const listed = await membership.listed().catch(() => undefined);
    if (listed && "status" in listed && pending(listed.status)) return fromList(listed.status);
    return read();
  };
}
