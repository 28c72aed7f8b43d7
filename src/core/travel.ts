// Durations that travel with the stack: what this resource's operations took is kept in its own
// state (the output `__durations`), so a fresh CI runner with an empty cache directory still knows
// how long the next change of this resource will take. The local cache (./durations) stays the
// fallback and still learns across resources of a kind.
//
// Why an output whose key starts with `__`: the diff engine (./diff, ./resource) compares field-table
// keys only and skips `__` keys, and the CLI's display hides them, so the record never shows in a
// preview nor causes a diff. It holds operation keys (kind, service, operation, sizes) and numbers
// of milliseconds: no names, ids or secrets. Bounded: MAX_KEYS keys of MAX_SAMPLES samples.
//
// A provider process runs many resources' operations at once; each runs in its own scope
// (AsyncLocalStorage), so a wait reads and records the durations of the resource it belongs to.

import { AsyncLocalStorage } from "node:async_hooks";

export const DURATIONS_KEY = "__durations";
export const MAX_KEYS = 12;
export const MAX_SAMPLES = 5;

export type Samples = Record<string, number[]>;

/** The stored record; anything malformed (an older or foreign value) reads as empty. */
export function samplesOf(stored: unknown): Samples {
  const out: Samples = {};
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return out;
  for (const [k, v] of Object.entries(stored as Record<string, unknown>)) {
    if (!Array.isArray(v)) continue;
    const ok = v.filter((x): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0);
    if (ok.length > 0) out[k] = ok;
  }
  return out;
}

interface Scope {
  seed: Samples;
  learned: Samples;
}

const scopes = new AsyncLocalStorage<Scope>();

/** The samples this resource's state recorded under `key`, inside an operation's scope. */
export function travelledSamples(key: string): number[] | undefined {
  const s = scopes.getStore();
  if (!s) return undefined;
  const all = [...(s.seed[key] ?? []), ...(s.learned[key] ?? [])];
  return all.length > 0 ? all : undefined;
}

/** Adds a sample to the running operation's record (no-op outside one). */
export function noteTravelling(key: string, ms: number): void {
  const s = scopes.getStore();
  if (!s) return;
  (s.learned[key] ??= []).push(Math.round(ms));
}

/**
 * One operation of a resource, with `stored` (its `__durations`) as the history its waits read
 * first. `record` is what to store with its outputs (also after a failure, for a partial one):
 * the keys this operation learned first, then the others it had, each with its last MAX_SAMPLES
 * samples, at most MAX_KEYS keys; undefined when there is nothing to store.
 */
export function travellingDurations(stored: unknown): { run<T>(operation: () => Promise<T>): Promise<T>; record(): Samples | undefined } {
  const scope: Scope = { seed: samplesOf(stored), learned: {} };
  return {
    run: (operation) => scopes.run(scope, operation),
    record: () => {
      const r = recordOf(scope);
      return Object.keys(r).length > 0 ? r : undefined;
    },
  };
}

function recordOf(scope: Scope): Samples {
  const keys = [...new Set([...Object.keys(scope.learned), ...Object.keys(scope.seed)])].slice(0, MAX_KEYS);
  const out: Samples = {};
  for (const k of keys) out[k] = [...(scope.seed[k] ?? []), ...(scope.learned[k] ?? [])].slice(-MAX_SAMPLES);
  return out;
}
