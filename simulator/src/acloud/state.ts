/**
 * The simulated Avisi Cloud organisation: environments, clusters (versions, update channels,
 * maintenance schedules), the cluster-version catalogue, and scheduled upgrades with their state
 * machine (seed 003 statuses; reference/avisi.md §2.3–2.5):
 *
 *   REQUESTED ─(scheduler: one clock step)→ SCHEDULED ─(24 h before the window)→ SCHEDULED_NOTIFIED
 *     ─(window start)→ IN_PROGRESS ─(`upgradeSteps` clock steps)→ SUCCEEDED (the cluster runs the version)
 *
 * plus MISSED (the window ended before the upgrade started), and FAILED / MISSED / SUPERSEDED by
 * injected outcomes. Windows are computed on a virtual calendar: the simulator clock's time plus an
 * offset that `advance-time` moves forward, so a test can jump to next Tuesday 02:00 UTC. Time-based
 * transitions are applied by `tick()` before every request: state is a function of the requests
 * received and the clock, never of how often anyone reads.
 */
import { randomUUID } from "node:crypto";
import type { SimClock } from "../clock";
import { AvisiApiError, badRequest, notFound } from "./errors";

export const UPGRADE_STATUSES = [
  "REQUESTED",
  "SCHEDULED",
  "SCHEDULED_NOTIFIED",
  "IN_PROGRESS",
  "SUCCEEDED",
  "SUPERSEDED",
  "FAILED",
  "MISSED",
] as const;
export type UpgradeStatus = (typeof UPGRADE_STATUSES)[number];
export const TERMINAL: readonly UpgradeStatus[] = ["SUCCEEDED", "SUPERSEDED", "FAILED", "MISSED"];
export const INJECTABLE = ["FAILED", "MISSED", "SUPERSEDED"] as const;
export type InjectedOutcome = (typeof INJECTABLE)[number];

const HOUR = 3600_000;
/** The user is notified this long before the window ([I]: the documents give no lead time). */
export const NOTIFY_LEAD_MS = 24 * HOUR;
/** Window length of an upgrade that ignores the maintenance schedule ([I]). */
export const IMMEDIATE_WINDOW_MS = 2 * HOUR;
const DAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

export interface MaintenanceWindow {
  day: string;
  startTime: string;
  duration: number;
}
export interface MaintenanceSchedule {
  identity: string;
  name: string;
  windows: MaintenanceWindow[];
}
export interface Channel {
  name: string;
  available: boolean;
  kubernetesClusterVersion: string;
}

export interface SimCluster {
  identity: string;
  name: string;
  slug: string;
  environmentSlug: string;
  version: string;
  updateChannel: string;
  autoUpgrade: boolean;
  status: "running" | "stopped";
  maintenanceScheduleIdentity: string | null;
  createdAt: string;
  modifiedAt: string;
}

export interface SimUpgrade {
  identity: string;
  clusterIdentity: string;
  createdAt: string;
  modifiedAt: string;
  windowStart: string | null;
  windowEnd: string | null;
  reason: string | null;
  fromClusterVersion: string;
  toClusterVersion: string;
  status: UpgradeStatus;
  scheduleRequestDate: string | null;
  ignoreMaintenanceSchedule: boolean;
  /** Every status the record went through (for tests and dumps; not served). */
  history: UpgradeStatus[];
  /** Invalidates clock operations of an earlier schedule when the upgrade is rescheduled. */
  generation: number;
}

// ---- versions (written from reference/avisi.md §2.5, independent of the client's code) ----

const VERSION = /^v(\d+)\.(\d+)\.(\d+)(?:-u-ame\.(\d+))?$/;
function versionParts(v: string): number[] | undefined {
  const m = VERSION.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0)] : undefined;
}
function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export const SEED_VERSIONS = [
  "v1.33.7-u-ame.5",
  "v1.33.8-u-ame.1",
  "v1.34.8-u-ame.3",
  "v1.34.9-u-ame.2",
  "v1.35.5-u-ame.2",
  "v1.35.6-u-ame.4",
  "v1.36.1-u-ame.1",
  "v1.37.2-u-ame.1",
];

/** Fixed identities, so tests and examples can name the seeded clusters. */
export const SEED_CLUSTERS = {
  prod: "5e08fe67-1274-475d-bd0c-a65b0330507f",
  staging: "7c1d2f3a-4b5c-4d6e-8f70-819a2b3c4d5e",
  legacy: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
} as const;
export const SEED_SCHEDULE = "3f2e1d0c-b9a8-4765-8432-10fedcba9876";

export class AcloudState {
  readonly organisation: string;
  environments = new Map<string, { slug: string; name: string; identity: string }>();
  clusters = new Map<string, SimCluster>();
  schedules = new Map<string, MaintenanceSchedule>();
  channels = new Map<string, Channel>();
  versions: string[] = [];
  upgrades = new Map<string, SimUpgrade>();
  /** Virtual-calendar offset from the simulator clock. */
  offsetMs = 0;
  /** Outcome the next upgrade of a cluster ("*" = any cluster) ends with, set by `inject-outcome`. */
  injected = new Map<string, { outcome: InjectedOutcome; reason?: string }>();
  upgradeSteps = 3;

  constructor(
    private readonly clock: SimClock,
    organisation: string,
  ) {
    this.organisation = organisation;
    this.reset();
  }

  now(): number {
    return this.clock.now() + this.offsetMs;
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  reset(): void {
    this.offsetMs = 0;
    this.injected.clear();
    this.upgrades.clear();
    this.versions = [...SEED_VERSIONS];
    this.environments = new Map([
      ["production", { slug: "production", name: "Production", identity: "0b5e7f9c-1d2e-4f30-a1b2-c3d4e5f60718" }],
      ["staging", { slug: "staging", name: "Staging", identity: "1c6f8a0d-2e3f-4a41-b2c3-d4e5f6071829" }],
    ]);
    this.schedules = new Map([
      [SEED_SCHEDULE, { identity: SEED_SCHEDULE, name: "weekly", windows: [{ day: "TUESDAY", startTime: "02:00", duration: 120 }] }],
    ]);
    this.channels = new Map(
      (
        [
          ["regular", "v1.35.6-u-ame.4"],
          ["stable", "v1.34.9-u-ame.2"],
          ["preview", "v1.36.1-u-ame.1"],
          ["v1.33", "v1.33.8-u-ame.1"],
          ["v1.34", "v1.34.9-u-ame.2"],
          ["v1.35", "v1.35.6-u-ame.4"],
        ] as const
      ).map(([name, v]) => [name, { name, available: true, kubernetesClusterVersion: v }]),
    );
    const created = this.iso();
    const cluster = (
      identity: string,
      slug: string,
      env: string,
      version: string,
      updateChannel: string,
      autoUpgrade: boolean,
      schedule: string | null,
    ): SimCluster => ({
      identity,
      name: slug,
      slug,
      environmentSlug: env,
      version,
      updateChannel,
      autoUpgrade,
      status: "running",
      maintenanceScheduleIdentity: schedule,
      createdAt: created,
      modifiedAt: created,
    });
    this.clusters = new Map(
      [
        cluster(SEED_CLUSTERS.prod, "prod-k8s", "production", "v1.34.9-u-ame.2", "v1.35", false, SEED_SCHEDULE),
        cluster(SEED_CLUSTERS.staging, "staging-k8s", "staging", "v1.34.8-u-ame.3", "regular", true, SEED_SCHEDULE),
        cluster(SEED_CLUSTERS.legacy, "legacy-k8s", "production", "v1.33.7-u-ame.5", "v1.33", false, null),
      ].map((c) => [c.identity, c]),
    );
  }

  cluster(identity: string): SimCluster {
    const c = this.clusters.get(identity);
    if (!c) throw notFound(`Cluster with identity ${identity} not found`);
    return c;
  }

  clusterBySlug(env: string, slug: string): SimCluster {
    if (!this.environments.has(env)) throw notFound(`Environment ${env} not found`);
    const c = [...this.clusters.values()].find((x) => x.environmentSlug === env && x.slug === slug);
    if (!c) throw notFound(`Cluster ${env}/${slug} not found`);
    return c;
  }

  /** What a cluster may be set to: the catalogue plus its channel's current version. */
  private offered(c: SimCluster): string[] {
    const channel = this.channels.get(c.updateChannel);
    return channel ? [...new Set([...this.versions, channel.kubernetesClusterVersion])] : this.versions;
  }

  // ---- POST /api/v1/orgs/{org}/scheduled-cluster-upgrades ----

  requestUpgrade(body: { clusterIdentity: string; version: string; scheduleRequestDate?: string; ignoreMaintenanceSchedule?: boolean }): {
    upgrade: SimUpgrade;
    created: boolean;
  } {
    const c = this.cluster(body.clusterIdentity);
    if (!this.offered(c).includes(body.version)) throw badRequest(`version: ${body.version} is not an available cluster version`);
    const from = versionParts(c.version);
    const to = versionParts(body.version)!;
    if (from) {
      if (compare(to, from) === 0) throw badRequest(`version: cluster ${c.slug} already runs ${c.version}`);
      // AME upgrades one minor version at a time; downgrades only between patch versions.
      if (to[0] !== from[0] || to[1] > from[1] + 1)
        throw badRequest(`version: cannot upgrade from ${c.version} to ${body.version}: upgrade one minor version at a time`);
      if (to[1] < from[1])
        throw badRequest(
          `version: cannot downgrade from ${c.version} to ${body.version}: downgrades are only possible between patch versions`,
        );
    }
    const ignore = body.ignoreMaintenanceSchedule ?? false;
    if (!ignore && !c.maintenanceScheduleIdentity) {
      throw badRequest(`ignoreMaintenanceSchedule: cluster ${c.slug} has no maintenance schedule, so there is no window to schedule in`);
    }
    const now = this.iso();
    let u = [...this.upgrades.values()].find((x) => x.clusterIdentity === c.identity && !TERMINAL.includes(x.status));
    const created = !u;
    if (u?.status === "IN_PROGRESS")
      throw badRequest(`upgrade ${u.identity} of cluster ${c.slug} is in progress and can no longer be rescheduled`);
    if (!u) {
      u = {
        identity: randomUUID(),
        clusterIdentity: c.identity,
        createdAt: now,
        modifiedAt: now,
        windowStart: null,
        windowEnd: null,
        reason: null,
        fromClusterVersion: c.version,
        toClusterVersion: body.version,
        status: "REQUESTED",
        scheduleRequestDate: null,
        ignoreMaintenanceSchedule: ignore,
        history: [],
        generation: 0,
      };
      this.upgrades.set(u.identity, u);
    }
    Object.assign(u, {
      modifiedAt: now,
      windowStart: null,
      windowEnd: null,
      reason: null,
      fromClusterVersion: c.version,
      // The answer always carries the "from date" (seed 003's response): the API's now when none was sent.
      toClusterVersion: body.version,
      scheduleRequestDate: body.scheduleRequestDate ?? now,
      ignoreMaintenanceSchedule: ignore,
    });
    this.setStatus(u, "REQUESTED");
    const generation = ++u.generation;
    const record = u;
    this.clock.schedule({
      label: `acloud:schedule ${u.identity}`,
      steps: 1,
      complete: () => {
        if (record.generation === generation && record.status === "REQUESTED") this.scheduleWindow(record);
      },
    });
    return { upgrade: u, created };
  }

  private scheduleWindow(u: SimUpgrade): void {
    const from = Math.max(this.now(), u.scheduleRequestDate ? Date.parse(u.scheduleRequestDate) : 0);
    let start: number;
    let end: number;
    if (u.ignoreMaintenanceSchedule) {
      start = from;
      end = from + IMMEDIATE_WINDOW_MS;
    } else {
      const c = this.cluster(u.clusterIdentity);
      const schedule = c.maintenanceScheduleIdentity ? this.schedules.get(c.maintenanceScheduleIdentity) : undefined;
      const next = schedule && nextWindow(schedule.windows, from);
      if (!next) {
        u.reason = "the cluster has no maintenance window";
        this.setStatus(u, "MISSED");
        return;
      }
      [start, end] = next;
    }
    u.windowStart = this.iso(start);
    u.windowEnd = this.iso(end);
    this.setStatus(u, "SCHEDULED");
    this.tick();
  }

  private setStatus(u: SimUpgrade, s: UpgradeStatus): void {
    u.status = s;
    u.modifiedAt = this.iso();
    u.history.push(s);
  }

  private takeInjected(clusterIdentity: string) {
    for (const key of [clusterIdentity, "*"]) {
      const v = this.injected.get(key);
      if (v) {
        this.injected.delete(key);
        return v;
      }
    }
    return undefined;
  }

  /** Applies every transition whose time has come on the virtual calendar. */
  tick(): void {
    const now = this.now();
    for (const u of this.upgrades.values()) {
      if ((u.status !== "SCHEDULED" && u.status !== "SCHEDULED_NOTIFIED") || !u.windowStart || !u.windowEnd) continue;
      const start = Date.parse(u.windowStart);
      const end = Date.parse(u.windowEnd);
      if (u.status === "SCHEDULED" && now >= start - NOTIFY_LEAD_MS && !u.ignoreMaintenanceSchedule)
        this.setStatus(u, "SCHEDULED_NOTIFIED");
      if (now < start) continue;
      if (now >= end) {
        u.reason = `the upgrade did not start within its window (${u.windowStart} – ${u.windowEnd})`;
        this.setStatus(u, "MISSED");
        continue;
      }
      const injected = this.takeInjected(u.clusterIdentity);
      if (injected?.outcome === "MISSED") {
        u.reason = injected.reason ?? "the upgrade did not start within its designated window";
        this.setStatus(u, "MISSED");
        continue;
      }
      if (injected?.outcome === "SUPERSEDED") {
        u.reason = injected.reason ?? "superseded: the update channel's version changed";
        this.setStatus(u, "SUPERSEDED");
        continue;
      }
      this.start(
        u,
        injected?.outcome === "FAILED"
          ? (injected.reason ?? "the upgrade did not meet its success criteria within the allotted time")
          : undefined,
      );
    }
  }

  private start(u: SimUpgrade, failure: string | undefined): void {
    this.setStatus(u, "IN_PROGRESS");
    const generation = u.generation;
    this.clock.schedule({
      label: `acloud:upgrade ${u.identity}`,
      steps: this.upgradeSteps,
      complete: () => {
        if (u.generation !== generation || u.status !== "IN_PROGRESS") return;
        if (failure) {
          u.reason = failure;
          this.setStatus(u, "FAILED");
          return;
        }
        const c = this.clusters.get(u.clusterIdentity);
        if (c) {
          c.version = u.toClusterVersion;
          c.modifiedAt = this.iso();
        }
        this.setStatus(u, "SUCCEEDED");
      },
    });
  }

  /** Cancel (the admin API's DELETE, [I] under the public prefix): the record goes away. */
  cancel(identity: string): SimUpgrade {
    const u = this.upgrades.get(identity);
    if (!u) throw notFound(`Scheduled cluster upgrade ${identity} not found`);
    if (u.status === "IN_PROGRESS") throw badRequest(`upgrade ${identity} is in progress and cannot be cancelled`);
    if (TERMINAL.includes(u.status)) throw badRequest(`upgrade ${identity} has already ended (${u.status})`);
    u.generation++;
    this.upgrades.delete(identity);
    return u;
  }

  upgrade(identity: string): SimUpgrade {
    const u = this.upgrades.get(identity);
    if (!u) throw notFound(`Scheduled cluster upgrade ${identity} not found`);
    return u;
  }

  advanceTime(ms: number): void {
    if (!(ms >= 0)) throw new AvisiApiError(400, ["time only moves forward"]);
    this.offsetMs += ms;
    this.tick();
  }
}

/** The first maintenance window that starts at or after `from` (UTC; durations in minutes). */
export function nextWindow(windows: readonly MaintenanceWindow[], from: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  const day0 = new Date(from);
  day0.setUTCHours(0, 0, 0, 0);
  for (let d = 0; d <= 7; d++) {
    const date = new Date(day0.getTime() + d * 24 * HOUR);
    for (const w of windows) {
      if (DAYS[date.getUTCDay()] !== w.day.toUpperCase()) continue;
      const [h, m] = w.startTime.split(":").map(Number);
      const start = date.getTime() + (h * 60 + m) * 60_000;
      if (start >= from && (!best || start < best[0])) best = [start, start + w.duration * 60_000];
    }
  }
  return best;
}
