// Learned durations: how long each kind of operation took on this machine's recent runs, so the
// waiter can poll densely only around the expected end (see ./schedule).
//
// One small JSON file in the package's cache directory (`wait-durations.json`, next to the create
// journal). It is a hint, never a source of truth: deleting it only costs the next runs their
// history, a corrupt or foreign file is ignored (and replaced on the next write), a write that fails
// is dropped, and `DBAAS_WAIT_LEARN=0` turns reading and writing off. Bounded: the last
// MAX_SAMPLES durations per key, the MAX_KEYS keys used most recently. Writes go through a temporary
// file and a rename, so a reader never sees half a file; two processes writing at once may lose one
// sample, which is harmless.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./journal";
import type { Expectation } from "./schedule";
import { noteTravelling, travelledSamples } from "./travel";
import { tuned } from "./tuning";

export const MAX_SAMPLES = 10;
export const MAX_KEYS = 200;
const VERSION = 1;

interface Entry {
  /** Durations in ms, oldest first. */
  samples: number[];
  /** When the last sample was added (ms since the epoch), for eviction. */
  at: number;
}

interface FileShape {
  version: number;
  keys: Record<string, Entry>;
}

export function durationsFile(): string {
  return join(cacheDir(), "wait-durations.json");
}

/** `DBAAS_WAIT_LEARN=0` disables learned durations (nothing read, nothing written). */
export function learningEnabled(): boolean {
  return tuned("DBAAS_WAIT_LEARN") === 1;
}

const validEntry = (e: unknown): e is Entry =>
  !!e &&
  typeof e === "object" &&
  Array.isArray((e as Entry).samples) &&
  typeof (e as Entry).at === "number" &&
  (e as Entry).samples.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0);

/** The file's entries; anything unreadable or of another shape reads as empty. */
function load(): Record<string, Entry> {
  try {
    const parsed = JSON.parse(readFileSync(durationsFile(), "utf8")) as FileShape;
    if (parsed?.version !== VERSION || !parsed.keys || typeof parsed.keys !== "object") return {};
    const keys: Record<string, Entry> = {};
    for (const [k, e] of Object.entries(parsed.keys)) if (validEntry(e) && e.samples.length > 0) keys[k] = e;
    return keys;
  } catch {
    return {};
  }
}

/**
 * The expected duration for `key`: the median of its recent samples, and a window half-width of
 * 1.25 × the largest distance of a sample from that median plus 1 s (at least 15 % of the median
 * while fewer than 3 samples say how much runs vary).
 */
export function expectation(key: string): Expectation | undefined {
  if (!learningEnabled()) return undefined;
  // The resource's own record (./travel) first: it is there on a runner that has never run this stack.
  const travelled = travelledSamples(key);
  if (travelled) return expectationOf(travelled.slice(-MAX_SAMPLES));
  const e = load()[key];
  if (!e) return undefined;
  return expectationOf(e.samples);
}

export function expectationOf(samples: readonly number[]): Expectation | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const ms = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const deviation = Math.max(...sorted.map((x) => Math.abs(x - ms)));
  let spreadMs = 1.25 * deviation + 1_000;
  if (sorted.length < 3) spreadMs = Math.max(spreadMs, 0.15 * ms);
  return { ms, spreadMs: Math.min(spreadMs, ms) };
}

/** Adds one duration under `key` (best effort: never throws). */
export function recordDuration(key: string, ms: number, now = Date.now()): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  try {
    if (!learningEnabled()) return;
    noteTravelling(key, ms);
    const keys = load();
    const prev = keys[key]?.samples ?? [];
    keys[key] = { samples: [...prev, Math.round(ms)].slice(-MAX_SAMPLES), at: now };
    const kept = Object.entries(keys)
      .sort((a, b) => b[1].at - a[1].at)
      .slice(0, MAX_KEYS);
    const file = durationsFile();
    mkdirSync(cacheDir(), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: VERSION, keys: Object.fromEntries(kept) } satisfies FileShape));
    renameSync(tmp, file);
  } catch {
    /* a hint that cannot be saved is simply not saved */
  }
}

/**
 * The key samples are kept under: `key`, plus the polling limits when the environment overrides
 * them, so durations seen against a simulator polled every few milliseconds never shape the
 * schedule of a real run (and the other way round).
 */
export function learnKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  const min = process.env.DBAAS_WAIT_MIN_INTERVAL_MS?.trim();
  const max = process.env.DBAAS_WAIT_MAX_INTERVAL_MS?.trim();
  return min || max ? `${key}@${min || "-"}/${max || "-"}` : key;
}
