// What a scheduled upgrade's record plus its cluster mean, in one place: the state the waiter sees,
// what `read` reports as the live inputs, and the progress line. Pure functions (unit-tested).

import type { Cluster, ScheduledUpgrade } from "./schemas";
import { isUnsuccessful, OPEN_STATUSES } from "./schemas";
import { compareVersions, parseVersion } from "./versions";

/** SUCCEEDED by the record, but the cluster does not report the target version yet: keep waiting. */
export const VERSION_PENDING = "SUCCEEDED_VERSION_PENDING";
/**
 * The record ended FAILED/MISSED/SUPERSEDED, but platform auto-upgrade already took the cluster to
 * the target or past it: what the program asked for holds, so this is not a failure or drift.
 */
export const REACHED_BY_PLATFORM = "REACHED_BY_PLATFORM";

/** Auto-upgrade is on and the cluster runs the target version or a later one. */
export function reachedByPlatform(cluster: Cluster | undefined, target: string): boolean {
  if (!cluster?.autoUpgrade) return false;
  const live = parseVersion(cluster.version);
  const wanted = parseVersion(target);
  return !!live && !!wanted && compareVersions(live, wanted) >= 0;
}

/**
 * The waiter's state. SUCCEEDED counts only once the cluster itself reports the target version
 * (the Terraform provider never checks); unknown future statuses pass through and are waited on.
 */
export function upgradeState(record: ScheduledUpgrade, cluster: Cluster | undefined): string {
  if (record.status === "SUCCEEDED") {
    return cluster && (cluster.version === record.toClusterVersion || reachedByPlatform(cluster, record.toClusterVersion))
      ? "SUCCEEDED"
      : VERSION_PENDING;
  }
  if (isUnsuccessful(record.status) && reachedByPlatform(cluster, record.toClusterVersion)) return REACHED_BY_PLATFORM;
  return record.status;
}

export type WaitLevel = "completed" | "scheduled";

/** States that end a wait successfully for each level. */
export function targetStates(level: WaitLevel): string[] {
  return level === "completed"
    ? ["SUCCEEDED", REACHED_BY_PLATFORM]
    : ["SCHEDULED", "SCHEDULED_NOTIFIED", "IN_PROGRESS", VERSION_PENDING, "SUCCEEDED", REACHED_BY_PLATFORM];
}

/** Everything but a failure is worth waiting on, including statuses this code does not know yet. */
export const stillPending = (state: string) => !isUnsuccessful(state) && state !== "<gone>";

/** The level the upgrade has reached, capped by what the program asked for. */
export function reachedLevel(asked: WaitLevel, state: string): WaitLevel {
  if (asked === "scheduled") return "scheduled";
  return state === "SUCCEEDED" || state === REACHED_BY_PLATFORM || isUnsuccessful(state) ? asked : "scheduled";
}

/**
 * The version `read` reports as live: the record's target while it is open or done; after a
 * failure, the version the cluster actually runs, so the next preview shows the upgrade again
 * (`~ version`) and `up` reschedules it.
 */
export function liveVersion(record: ScheduledUpgrade, cluster: Cluster | undefined): string {
  const state = upgradeState(record, cluster);
  if (isUnsuccessful(state) && cluster) return cluster.version;
  return record.toClusterVersion;
}

export const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

/** "2026-12-01 02:00–04:00 UTC" (the end date is repeated when the window crosses midnight). */
export function formatWindow(start?: string, end?: string): string | undefined {
  if (!start) return undefined;
  const s = new Date(start);
  if (Number.isNaN(s.getTime())) return start;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const hm = (d: Date) => d.toISOString().slice(11, 16);
  const e = end ? new Date(end) : undefined;
  if (!e || Number.isNaN(e.getTime())) return `${day(s)} ${hm(s)} UTC`;
  return `${day(s)} ${hm(s)}–${day(e) === day(s) ? "" : `${day(e)} `}${hm(e)} UTC`;
}

/** The progress line's detail: "SCHEDULED for 2026-12-01 02:00–04:00 UTC". */
export function describeState(record: ScheduledUpgrade | undefined, state: string): string {
  const window = formatWindow(record?.windowStart, record?.windowEnd);
  const shown = state === VERSION_PENDING ? "SUCCEEDED, waiting for the cluster to report the new version" : state;
  return window && record && (isOpen(record.status) || state === VERSION_PENDING) ? `${shown} for ${window}` : shown;
}
