// The one waiter: polls until the observed state reaches a target, on the schedule of ./schedule
// (learned durations from ./durations when the spec names its kind of operation), with a deadline
// and a progress line at most every 30 s. Waiters are data (pending / target / failed states) run by
// this one poller, as terraform-provider-aws does with StateChangeConf.

import { expectation, learnKey, recordDuration } from "./durations";
import { WaitError, isNotFound } from "./errors";
import { sleep } from "./http";
import { nextDelay } from "./schedule";
import { tuned } from "./tuning";

/** The marker a status function returns when the object is gone (a 404). */
export const GONE = "<gone>";

export interface WaitSpec<T> {
  /** "cluster orders" */
  resource: string;
  /** "resize", "create", "delete" */
  operation: string;
  /** Reads the object; a NotFound error becomes the GONE state. */
  poll: () => Promise<T>;
  /** Maps the object to a state; may make states up (e.g. "RUNNING_OLD_VERSION"). */
  status: (obj: T) => string;
  target: readonly string[];
  /**
   * States that mean "still working". Any state in neither fails the wait at once. A predicate
   * serves APIs whose status list may grow: unknown future states are then waited on.
   */
  pending: readonly string[] | ((state: string) => boolean);
  /** The progress line's detail for a state (e.g. "SCHEDULED for 2026-12-01 02:00–04:00 UTC"). */
  describe?: (obj: T | undefined, state: string) => string;
  /** Explains a failed state (e.g. the API's reason). */
  explain?: (obj: T | undefined, state: string) => string | undefined;
  timeoutMs?: number;
  /** Wait this long before the first poll: some APIs still report the old state right after a change. */
  initialDelayMs?: number;
  /**
   * The kind of operation, for learned durations, e.g. `scp:postgresql:resize`: waits with the same
   * key are expected to take about as long as the last ones did. Without it the default schedule runs
   * and nothing is recorded.
   */
  key?: string;
}

export interface WaitResult<T> {
  state: string;
  value: T | undefined;
  elapsedMs: number;
}

export interface WaitTuning {
  minIntervalMs: number;
  maxIntervalMs: number;
  timeoutMs: number;
  progressEveryMs: number;
}

/** Tuning from the environment, so a simulator run can poll fast and a real run patiently. */
export function waitTuning(): WaitTuning {
  const minIntervalMs = tuned("DBAAS_WAIT_MIN_INTERVAL_MS");
  return {
    minIntervalMs,
    // Never below the minimum, so setting only the minimum higher than the default cap still works.
    maxIntervalMs: Math.max(minIntervalMs, tuned("DBAAS_WAIT_MAX_INTERVAL_MS")),
    timeoutMs: tuned("DBAAS_WAIT_TIMEOUT_S") * 1000,
    progressEveryMs: tuned("DBAAS_WAIT_PROGRESS_MS"),
  };
}

/** Time as the waiter sees it; the benchmark swaps in virtual time so an hour-long wait costs seconds. */
export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: WaitClock = { now: () => Date.now(), sleep };
let clock: WaitClock = realClock;
/** Replaces the waiter's clock (undefined restores real time). */
export function setWaitClock(next: WaitClock | undefined): void {
  clock = next ?? realClock;
}

/** The waiter's clock, for code that times things inside a wait (poll budgets, quiet periods). */
export const waitClock = (): WaitClock => clock;

let progressSink: (line: string) => void = (line) => console.log(line);
/** Tests and the runtime redirect progress lines here. */
export function setProgressSink(sink: (line: string) => void): void {
  progressSink = sink;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export async function waitFor<T>(spec: WaitSpec<T>): Promise<WaitResult<T>> {
  const tuning = waitTuning();
  const timeoutMs = spec.timeoutMs ?? tuning.timeoutMs;
  const key = learnKey(spec.key);
  const expected = key ? expectation(key) : undefined;
  const start = clock.now();
  let lastProgress = start;
  let lastState: string | undefined;
  let lastValue: T | undefined;
  /** When the last poll that saw the operation still pending was made (for the learned duration). */
  let lastPendingAt: number | undefined;
  if (spec.initialDelayMs) await clock.sleep(Math.min(spec.initialDelayMs, timeoutMs));

  for (;;) {
    let state: string;
    try {
      lastValue = await spec.poll();
      state = spec.status(lastValue);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      lastValue = undefined;
      state = GONE;
    }
    const elapsed = clock.now() - start;
    if (spec.target.includes(state)) {
      // The operation ended between the last pending poll and this one: record the midpoint. A wait
      // that found its target at once (nothing was running) says nothing about durations.
      if (key && lastPendingAt !== undefined) recordDuration(key, (lastPendingAt + elapsed) / 2);
      return { state, value: lastValue, elapsedMs: elapsed };
    }
    const pending = typeof spec.pending === "function" ? spec.pending(state) : spec.pending.includes(state);
    if (!pending) {
      const why = spec.explain?.(lastValue, state);
      throw new WaitError(
        `${spec.operation} of ${spec.resource} failed: state ${state}${why ? ` (${why})` : ""} after ${formatElapsed(elapsed)}`,
        state,
        false,
      );
    }
    lastPendingAt = elapsed;
    // A state change means the operation is moving: the schedule polls promptly again.
    const interval = nextDelay({ elapsedMs: elapsed, stateChanged: lastState !== undefined && state !== lastState, expected }, tuning);
    lastState = state;
    if (elapsed + interval > timeoutMs) {
      throw new WaitError(
        `timed out after ${formatElapsed(elapsed)} waiting for ${spec.resource} (${spec.operation}): ` +
          `last state ${spec.describe ? spec.describe(lastValue, state) : state}, expected ` +
          `${spec.target.join(" or ")}`,
        state,
        true,
      );
    }
    if (clock.now() - lastProgress >= tuning.progressEveryMs) {
      // With history, the line says what to expect (and that the schedule is the learned one).
      const usual = expected ? ` (usually about ${formatElapsed(expected.ms)})` : "";
      progressSink(
        `waiting for ${spec.resource}: ${spec.describe ? spec.describe(lastValue, state) : state}, ${formatElapsed(elapsed)}${usual}`,
      );
      lastProgress = clock.now();
    }
    await clock.sleep(interval);
  }
}
