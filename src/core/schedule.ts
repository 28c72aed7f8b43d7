// The waiter's poll schedule as data: a pure function from what the waiter knows (time waited, whether
// the state just changed, how long this kind of operation took before) to the next delay. Pure so that
// tests and the benchmark can run it on virtual time.
//
// Why this shape. With a fixed interval I the completion lag is uniform on [0, I] (median I/2, p95
// 0.95·I) at 60/I polls a minute, so a budget of 12 polls/min allows a median of 2.5 s and no better:
// that is the frontier for a schedule that knows only the time waited (uneven intervals at the same
// average keep the median and worsen the p95). So, without history:
// - the first read is immediate (an object already settled costs one request), then a short ramp
//   (the next delay is twice the time waited, from the minimum: reads at 1 s and 3 s), so a
//   three-second child operation is noticed within a second or two, not 5 s later;
// - then a read every 5 s: median lag 2.5 s, p95 4.75 s at 12 polls a minute in the steady state.
//   The first read and the ramp are the price above the frontier: about 13 polls per minute over
//   operations from 20 s to 10 minutes, 15 on those under 2 minutes (scripts/bench P1 measures it).
// - with history (see ./durations), poll sparsely while the end is far, then densely in a window
//   around the expected end sized by how much past runs varied, spending at most about as many polls
//   as a fixed 10 s schedule would; past the window, the default cadence takes over.
// A state change earns a re-poll after the minimum interval: the operation is moving.

/** What past runs of the same kind of operation say (see ./durations). */
export interface Expectation {
  /** The typical duration (median of recent runs). */
  ms: number;
  /** Half-width of the window the end is expected in (from how much recent runs varied). */
  spreadMs: number;
}

export interface PollContext {
  /** Since the wait began (including any initial delay). */
  elapsedMs: number;
  /** The last poll saw a state other than the one before. */
  stateChanged: boolean;
  expected?: Expectation;
}

export interface ScheduleLimits {
  /** No delay is shorter (`DBAAS_WAIT_MIN_INTERVAL_MS`). */
  minIntervalMs: number;
  /** No delay is longer (`DBAAS_WAIT_MAX_INTERVAL_MS`). */
  maxIntervalMs: number;
}

/** The steady cadence by time waited; each `everyMs` is clamped to the limits, so tests can shrink it. */
export const DEFAULT_PHASES: ReadonlyArray<{ untilMs: number; everyMs: number }> = [{ untilMs: Infinity, everyMs: 5_000 }];

/** The early ramp: the next delay is this multiple of the time waited, so a short operation costs a short lag. */
const RAMP_FRACTION = 2;

/** The learned schedule spends at most this share of the polls a fixed 10 s schedule would make. */
const PEER_INTERVAL_MS = 10_000;
const POLL_BUDGET_SHARE = 0.9;
/** While the expected end is far, at most this long between polls (else an eighth of the expected duration, at least PEER_INTERVAL_MS). */
const APPROACH_CAP_MS = 60_000;

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** The cadence without history: the ramp, then the phase's interval. */
function defaultDelay(elapsedMs: number, limits: ScheduleLimits): number {
  const phase = DEFAULT_PHASES.find((p) => elapsedMs < p.untilMs) ?? DEFAULT_PHASES[DEFAULT_PHASES.length - 1];
  const cadence = clamp(phase.everyMs, limits.minIntervalMs, limits.maxIntervalMs);
  return clamp(elapsedMs * RAMP_FRACTION, limits.minIntervalMs, cadence);
}

/** The interval inside the expected window: fine enough for a sub-second median, within the poll budget. */
function denseInterval(e: Expectation, limits: ScheduleLimits): number {
  const budgetPolls = (e.ms / PEER_INTERVAL_MS) * POLL_BUDGET_SHARE;
  const cadence = defaultDelay(e.ms, limits);
  return clamp((2 * e.spreadMs) / Math.max(budgetPolls, 1), limits.minIntervalMs, cadence);
}

/** The delay before the next poll. */
export function nextDelay(ctx: PollContext, limits: ScheduleLimits): number {
  const { elapsedMs: t, expected: e } = ctx;
  const fallback = ctx.stateChanged ? limits.minIntervalMs : defaultDelay(t, limits);
  if (!e) return fallback;
  const dense = denseInterval(e, limits);
  const windowStart = e.ms - e.spreadMs;
  const windowEnd = e.ms + e.spreadMs;
  if (t >= windowEnd) return fallback; // later than ever before: back to the default cadence
  if (t >= windowStart) return Math.min(dense, fallback);
  if (ctx.stateChanged) return limits.minIntervalMs;
  // Approach: steps of the cap (a fixed 10 s schedule's interval, or an eighth of the expected
  // duration, at most a minute), landing exactly on the window's start: a step that would leave
  // less than half a cap goes all the way. Halving the distance instead spends a poll per halving
  // for nothing when the operation takes as long as usual.
  const gap = windowStart - t;
  const cap = Math.min(APPROACH_CAP_MS, Math.max(PEER_INTERVAL_MS, e.ms / 8));
  let step = Math.min(cap, gap);
  if (gap - step < cap / 2) step = gap;
  return clamp(step, limits.minIntervalMs, limits.maxIntervalMs);
}
