// Tuning from environment variables (waits, retries). A value that is set but unusable stops the
// run with one message naming the variable, instead of silently becoming NaN or a default.

import { SettingError } from "./errors";

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
}

/** The variable's number, `dflt` when unset or empty; throws a SettingError naming it otherwise. */
export function envNumber(name: string, dflt: number, rule: NumberRule): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return dflt;
  const value = Number(raw.trim());
  const ok = Number.isFinite(value) && value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
  if (!ok) {
    throw new SettingError(`${name}=${JSON.stringify(raw)} is not usable: expected ${rule.integer ? "a whole number" : "a number"} from ${rule.min} to ${rule.max} (unset it for the default, ${dflt})`);
  }
  return value;
}
