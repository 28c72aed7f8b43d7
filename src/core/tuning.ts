// Tuning from environment variables (waits, retries, caches). One table holds every variable the
// provider reads with its rule: the readers take their values through it, `check` validates all of
// them up front (so `pulumi preview` names a bad one before `up` sends anything), and the docs/waits.md
// table is generated from it. A value that is set but unusable is refused with one message naming
// the variable, the value and what is allowed, instead of silently becoming NaN or a default.

import { SettingError } from "./errors";

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
}

export interface Tunable {
  /** The default when unset or empty. */
  dflt: number;
  rule: NumberRule;
  /** One line for the docs/waits.md table: what it tunes, in which unit. */
  doc: string;
  /** A switch: the only values are 0 and 1. */
  switch?: true;
}

const MS = { min: 1, max: 24 * 3600_000 };

/** Every DBAAS_* number or switch the provider reads. */
export const TUNING = {
  DBAAS_WAIT_TIMEOUT_S: {
    dflt: 90 * 60,
    rule: { min: 1, max: 7 * 24 * 3600 },
    doc: "how long one wait for an operation may last, in seconds",
  },
  DBAAS_WAIT_MIN_INTERVAL_MS: { dflt: 1_000, rule: MS, doc: "the shortest delay between two status reads, in ms" },
  DBAAS_WAIT_MAX_INTERVAL_MS: {
    dflt: 60_000,
    rule: MS,
    doc: "the longest delay between two status reads, in ms (never below the minimum)",
  },
  DBAAS_WAIT_PROGRESS_MS: { dflt: 30_000, rule: MS, doc: "how often a long wait prints a progress line, in ms" },
  DBAAS_WAIT_LEARN: {
    dflt: 1,
    rule: { min: 0, max: 1, integer: true },
    switch: true,
    doc: "0 turns learned operation durations off (nothing read or written)",
  },
  DBAAS_COALESCE: {
    dflt: 1,
    rule: { min: 0, max: 1, integer: true },
    switch: true,
    doc: "0 turns shared status-list polling off (each object polled on its own)",
  },
  DBAAS_LIST_BUDGET_PER_S: {
    dflt: 1,
    rule: { min: 0.001, max: 1000 },
    doc: "shared status-list requests per second per account and endpoint",
  },
  DBAAS_HTTP_RETRIES: {
    dflt: 5,
    rule: { min: 0, max: 20, integer: true },
    doc: "retries of a request that failed in a way safe to repeat",
  },
  DBAAS_HTTP_MIN_RETRY_MS: { dflt: 500, rule: { min: 0, max: 600_000 }, doc: "the first retry delay, in ms (doubling after)" },
  DBAAS_CATALOG_TTL_S: {
    dflt: 300,
    rule: { min: 0, max: 24 * 3600 },
    doc: "how long a catalogue answer (versions, server types, flavors) is reused, in seconds",
  },
} as const satisfies Record<string, Tunable>;

export type TuningName = keyof typeof TUNING;

/** What the variable allows, in words. */
export function allowed(t: Tunable): string {
  if (t.switch) return "0 or 1";
  return `${t.rule.integer ? "a whole number" : "a number"} from ${t.rule.min} to ${t.rule.max}`;
}

/** The variable's problem, or undefined when it is unset, empty or usable. */
function problem(name: string, t: Tunable): string | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw.trim());
  const ok = Number.isFinite(value) && value >= t.rule.min && value <= t.rule.max && (!t.rule.integer || Number.isInteger(value));
  if (ok) return undefined;
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `${name}=${JSON.stringify(shown)} is not usable: expected ${allowed(t)} (unset it for the default, ${t.dflt})`;
}

/** The variable's value through the table; throws a SettingError naming it when set but unusable. */
export function tuned(name: TuningName): number {
  const t: Tunable = TUNING[name];
  const bad = problem(name, t);
  if (bad) throw new SettingError(bad);
  const raw = process.env[name];
  return raw === undefined || raw.trim() === "" ? t.dflt : Number(raw.trim());
}

/** Every variable of the table that is set but unusable, one message each (for `check`). */
export function tuningProblems(): { name: TuningName; message: string }[] {
  const out: { name: TuningName; message: string }[] = [];
  for (const name of Object.keys(TUNING) as TuningName[]) {
    const bad = problem(name, TUNING[name]);
    if (bad) out.push({ name, message: bad });
  }
  return out;
}
