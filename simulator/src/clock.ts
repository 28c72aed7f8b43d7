/**
 * The simulator's injected, controllable clock.
 *
 * Every asynchronous operation of every mounted service is a {@link ScheduledOperation}
 * made of `steps` steps. How steps complete depends on the mode:
 *
 * - `time`: a step completes `stepMs` real milliseconds after it started (0 = at the next request);
 * - `manual`: steps complete only through {@link SimClock.advance} (the control API's `{"advance": n}`).
 *
 * Completions are applied by {@link SimClock.settle}, which the server calls before handling any
 * request. State is therefore a pure function of (requests received, clock): the order or number of
 * reads never changes an outcome, and nothing moves between requests in a way anyone could observe.
 */

export type ClockMode = "time" | "manual";

export interface ClockSettings {
  mode: ClockMode;
  stepMs: number;
}

export interface OperationSpec {
  /** For dumps and debugging, e.g. `scp-postgresql:create 0fdd…`. */
  label: string;
  /** Number of clock steps until completion (>= 1). */
  steps: number;
  /** Called once per completed step except the last one; `remaining` counts the steps left. */
  onStep?: (remaining: number) => void;
  /** Called when the last step completes. */
  complete: () => void;
}

/** An operation that finished: when it became due (its last step's end), not when a request noticed it. */
export interface Completion {
  seq: number;
  label: string;
  /** Wall-clock ms: in `time` mode the moment the last step's time ran out, in `manual` mode the advance. */
  at: number;
}

/** Completions kept for `GET /_sim/completions` (the oldest go first). */
const COMPLETIONS_KEPT = 10_000;

interface ScheduledOperation extends OperationSpec {
  seq: number;
  remaining: number;
  stepStartedAt: number;
}

export class SimClock {
  private settings: ClockSettings;
  private readonly initial: ClockSettings;
  private ops: ScheduledOperation[] = [];
  private seq = 0;
  private done: Completion[] = [];
  private readonly wall: () => number;

  constructor(settings: Partial<ClockSettings> = {}, wall: () => number = Date.now) {
    this.settings = { mode: settings.mode ?? "time", stepMs: settings.stepMs ?? 1000 };
    this.initial = { ...this.settings };
    this.wall = wall;
  }

  /** Wall-clock milliseconds (for timestamps and signature skew checks). */
  now(): number {
    return this.wall();
  }

  get mode(): ClockMode {
    return this.settings.mode;
  }

  get stepMs(): number {
    return this.settings.stepMs;
  }

  /** Switch mode and/or step length. In-flight steps restart their timer when entering `time`. */
  configure(next: Partial<ClockSettings>): void {
    this.settle();
    const enteringTime = next.mode === "time" && this.settings.mode !== "time";
    this.settings = { mode: next.mode ?? this.settings.mode, stepMs: next.stepMs ?? this.settings.stepMs };
    if (enteringTime || next.stepMs !== undefined) {
      const now = this.now();
      for (const op of this.ops) op.stepStartedAt = now;
    }
  }

  schedule(spec: OperationSpec): void {
    if (!Number.isInteger(spec.steps) || spec.steps < 1) throw new Error(`steps must be a positive integer: ${spec.steps}`);
    this.ops.push({ ...spec, seq: ++this.seq, remaining: spec.steps, stepStartedAt: this.now() });
  }

  /** Apply every step whose time has come (time mode). Idempotent for a given clock reading. */
  settle(): void {
    if (this.settings.mode !== "time") return;
    const now = this.now();
    // Complete in due-time order so the result does not depend on scheduling accidents.
    for (;;) {
      let next: ScheduledOperation | undefined;
      for (const op of this.ops) {
        const due = op.stepStartedAt + this.settings.stepMs;
        if (due <= now && (!next || due < next.stepStartedAt + this.settings.stepMs)) next = op;
      }
      if (!next) return;
      next.stepStartedAt += this.settings.stepMs;
      this.completeStep(next);
    }
  }

  /** Complete `n` pending steps of every operation in flight now (operations scheduled meanwhile wait). */
  advance(n = 1): number {
    let completed = 0;
    for (let i = 0; i < n; i++) {
      const batch = [...this.ops];
      if (batch.length === 0) break;
      for (const op of batch) {
        op.stepStartedAt = this.now();
        this.completeStep(op);
        completed++;
      }
    }
    return completed;
  }

  /** Operations still in flight (for dumps and leak checks). */
  pending(): Array<{ label: string; remainingSteps: number }> {
    return this.ops.map((op) => ({ label: op.label, remainingSteps: op.remaining }));
  }

  /**
   * Operations completed so far, oldest first, with the time each became due. A request arriving
   * after that time sees the operation finished (state is settled before every request), so the
   * gap to the first read after it is how late a client noticed.
   */
  completions(): Completion[] {
    this.settle();
    return [...this.done];
  }

  /** Drop every in-flight operation and go back to the settings the clock was created with. */
  reset(): void {
    this.ops = [];
    this.done = [];
    this.settings = { ...this.initial };
  }

  private completeStep(op: ScheduledOperation): void {
    op.remaining--;
    if (op.remaining > 0) {
      op.onStep?.(op.remaining);
      return;
    }
    this.ops = this.ops.filter((o) => o !== op);
    // settle() has moved stepStartedAt to the step's due time, advance() to now.
    this.done.push({ seq: op.seq, label: op.label, at: op.stepStartedAt });
    if (this.done.length > COMPLETIONS_KEPT) this.done.shift();
    op.complete();
  }
}
