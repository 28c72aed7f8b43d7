// acloud.ClusterUpgrade without an API: the version rules, the status → wait-state mapping, check,
// and the diff table (reschedule in place, replace only for another cluster).
import { describe, expect, it } from "vitest";
import { assertFieldTable, checkInputs, diffResource } from "../../src/core/resource";
import { UNKNOWN } from "../../src/core/diff";
import { clusterUpgradeDefinition as def } from "../../src/acloud/cluster-upgrade";
import { compareVersions, judgeUpgrade, parseVersion } from "../../src/acloud/versions";
import {
  describeState,
  formatWindow,
  liveVersion,
  reachedLevel,
  stillPending,
  upgradeState,
  VERSION_PENDING,
  REACHED_BY_PLATFORM,
} from "../../src/acloud/upgrade-status";
import { Cluster, ScheduledUpgrade, isAvisiError, pageOf } from "../../src/acloud/schemas";
import { extractError } from "../../src/core/http";

const AVAILABLE = [
  "v1.33.7-u-ame.5",
  "v1.33.8-u-ame.1",
  "v1.34.8-u-ame.3",
  "v1.34.9-u-ame.2",
  "v1.35.5-u-ame.2",
  "v1.35.6-u-ame.4",
  "v1.36.1-u-ame.1",
];

describe("version rules", () => {
  it("orders versions numerically, build suffix included", () => {
    const v = (s: string) => parseVersion(s)!;
    expect(compareVersions(v("v1.9.0"), v("v1.10.0"))).toBeLessThan(0);
    expect(compareVersions(v("v1.35.6-u-ame.10"), v("v1.35.6-u-ame.9"))).toBeGreaterThan(0);
    expect(compareVersions(v("v1.35.6-u-ame.4"), v("v1.35.6-u-ame.4"))).toBe(0);
    expect(parseVersion("1.35.6")).toBeUndefined();
  });

  it.each([
    ["v1.34.9-u-ame.2", "v1.35.6-u-ame.4", "minor"],
    ["v1.34.8-u-ame.3", "v1.34.9-u-ame.2", "patch"],
    ["v1.35.6-u-ame.4", "v1.35.5-u-ame.2", "patch-downgrade"],
  ])("allows %s → %s (%s)", (from, to, kind) => {
    expect(judgeUpgrade(from, to, AVAILABLE)).toEqual({ ok: true, kind });
  });

  it("refuses a jump over a minor version, naming both versions and the next allowed one", () => {
    const v = judgeUpgrade("v1.33.7-u-ame.5", "v1.35.6-u-ame.4", AVAILABLE);
    expect(v).toMatchObject({ ok: false, nextAllowed: "v1.34.9-u-ame.2" });
    if (!v.ok) expect(v.reason).toMatch(/v1\.33\.7-u-ame\.5 → v1\.35\.6-u-ame\.4 skips 1 minor version/);
  });

  it("refuses a downgrade across minor versions", () => {
    const v = judgeUpgrade("v1.35.6-u-ame.4", "v1.34.9-u-ame.2", AVAILABLE);
    expect(v).toMatchObject({ ok: false, nextAllowed: "v1.36.1-u-ame.1" });
    if (!v.ok) expect(v.reason).toMatch(/downgrade across minor versions/);
  });

  it("refuses a version that is not offered, the current version and a major change", () => {
    expect(judgeUpgrade("v1.34.9-u-ame.2", "v1.35.9-u-ame.1", AVAILABLE)).toMatchObject({ ok: false, nextAllowed: "v1.35.6-u-ame.4" });
    expect(judgeUpgrade("v1.34.9-u-ame.2", "v1.34.9-u-ame.2", AVAILABLE)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already runs/),
    });
    expect(judgeUpgrade("v1.34.9-u-ame.2", "v2.0.0-u-ame.1", [...AVAILABLE, "v2.0.0-u-ame.1"])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/major/),
    });
  });
});

const record = (over: Partial<ScheduledUpgrade> = {}): ScheduledUpgrade =>
  ScheduledUpgrade.parse({
    identity: "10a80a7a-1a32-4a74-b592-aa2a4ef691c5",
    clusterIdentity: "5e08fe67-1274-475d-bd0c-a65b0330507f",
    toClusterVersion: "v1.35.6-u-ame.4",
    fromClusterVersion: "v1.34.9-u-ame.2",
    status: "SCHEDULED",
    windowStart: "2026-12-01T02:00:00Z",
    windowEnd: "2026-12-01T04:00:00Z",
    ...over,
  });
const cluster = (version: string, autoUpgrade = false) =>
  Cluster.parse({ identity: "5e08fe67-1274-475d-bd0c-a65b0330507f", slug: "prod-k8s", version, autoUpgrade });

describe("upgrade status", () => {
  it("counts SUCCEEDED only once the cluster reports the target version", () => {
    expect(upgradeState(record({ status: "SUCCEEDED" }), cluster("v1.34.9-u-ame.2"))).toBe(VERSION_PENDING);
    expect(upgradeState(record({ status: "SUCCEEDED" }), cluster("v1.35.6-u-ame.4"))).toBe("SUCCEEDED");
    expect(stillPending(VERSION_PENDING)).toBe(true);
  });

  it("waits on statuses it does not know, ends on FAILED, MISSED and SUPERSEDED", () => {
    expect(stillPending(upgradeState(record({ status: "PAUSED_BY_OPERATOR" }), undefined))).toBe(true);
    for (const s of ["FAILED", "MISSED", "SUPERSEDED"])
      expect(stillPending(upgradeState(record({ status: s }), cluster("v1.34.9-u-ame.2")))).toBe(false);
  });

  it("treats a superseded upgrade as reached when platform auto-upgrade already took the cluster there", () => {
    expect(upgradeState(record({ status: "SUPERSEDED" }), cluster("v1.35.7-u-ame.1", true))).toBe(REACHED_BY_PLATFORM);
    expect(upgradeState(record({ status: "SUPERSEDED" }), cluster("v1.35.7-u-ame.1", false))).toBe("SUPERSEDED");
  });

  it("reports the cluster's own version after a failure, so the next up reschedules", () => {
    expect(liveVersion(record({ status: "MISSED" }), cluster("v1.34.9-u-ame.2"))).toBe("v1.34.9-u-ame.2");
    expect(liveVersion(record({ status: "SCHEDULED" }), cluster("v1.34.9-u-ame.2"))).toBe("v1.35.6-u-ame.4");
    expect(reachedLevel("completed", "SCHEDULED")).toBe("scheduled");
    expect(reachedLevel("completed", "SUCCEEDED")).toBe("completed");
  });

  it("shows the status and the window in progress lines", () => {
    expect(describeState(record(), "SCHEDULED")).toBe("SCHEDULED for 2026-12-01 02:00–04:00 UTC");
    expect(formatWindow("2026-12-01T23:00:00Z", "2026-12-02T01:00:00Z")).toBe("2026-12-01 23:00–2026-12-02 01:00 UTC");
  });

  it("knows the API's error shape from a framework 404, and reads its details", () => {
    expect(isAvisiError({ message: "The requested resource could not be found.", details: ["Cluster x not found"] })).toBe(true);
    expect(isAvisiError({ timestamp: "2026-11-25T10:00:00Z", status: 404, error: "Not Found", path: "/api/v2/x" })).toBe(false);
    expect(isAvisiError("<html>404</html>")).toBe(false);
    expect(
      extractError({ message: "Invalid request parameters.", details: ["version: must not be null", "clusterIdentity: must be a UUID"] }),
    ).toEqual({ code: undefined, detail: "Invalid request parameters. (version: must not be null; clusterIdentity: must be a UUID)" });
  });

  it("parses slugs as strings or {slugValue}, and Spring pages or bare arrays", () => {
    expect(ScheduledUpgrade.parse({ ...record(), clusterSlug: { slugValue: "prod-k8s" } }).clusterSlug).toBe("prod-k8s");
    expect(pageOf(Cluster).parse({ content: [cluster("v1.34.9-u-ame.2")], last: false, totalPages: 2 })).toMatchObject({ last: false });
    expect(pageOf(Cluster).parse([])).toEqual({ content: [], last: true });
  });
});

const valid = { environmentSlug: "production", clusterSlug: "prod-k8s", version: "v1.35.6-u-ame.4", when: "now" };
const checked = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => checkInputs(def, olds, news);

describe("acloud.ClusterUpgrade check", () => {
  it("fills waitFor and accepts both ways of naming the cluster", () => {
    expect(checked(valid)).toEqual({ inputs: { ...valid, waitFor: "completed" }, failures: [] });
    expect(
      checked({
        clusterIdentity: "5e08fe67-1274-475d-bd0c-a65b0330507f",
        version: "v1.35.6-u-ame.4",
        when: "maintenanceWindow",
        notBefore: "2026-12-01T00:00:00Z",
      }).failures,
    ).toEqual([]);
  });

  it.each([
    ["version", { version: "1.35.6" }, "v1.35.6-u-ame.4"],
    ["when", { when: "later" }, "maintenanceWindow"],
    ["waitFor", { waitFor: "done" }, "scheduled"],
    ["notBefore", { when: "maintenanceWindow", notBefore: "tomorrow" }, "ISO 8601"],
    ["notBefore", { notBefore: "2026-12-01T00:00:00Z" }, "maintenanceWindow"],
    ["clusterIdentity", { clusterIdentity: "5e08fe67-1274-475d-bd0c-a65b0330507f" }, "not both"],
    ["clusterIdentity", { clusterIdentity: "prod" }, "UUID"],
  ])("rejects a bad %s naming the allowed values", (property, patch, hint) => {
    const { failures } = checked({ ...valid, ...patch });
    expect(failures).toContainEqual({ property, reason: expect.stringContaining(hint) });
  });

  it("requires the cluster", () => {
    expect(checked({ version: "v1.35.6-u-ame.4", when: "now", environmentSlug: "production" }).failures).toEqual([
      { property: "clusterSlug", reason: expect.stringContaining("required") },
    ]);
  });
});

describe("acloud.ClusterUpgrade diff table", () => {
  const base = checked(valid).inputs;
  it("passes the load-time field table check", () => expect(() => assertFieldTable(def)).not.toThrow());
  it.each([
    [{ version: "v1.35.5-u-ame.2" }],
    [{ when: "maintenanceWindow" }],
    [{ when: "maintenanceWindow", notBefore: "2026-12-01T00:00:00Z" }],
    [{ waitFor: "scheduled" }],
  ])("%o is an in-place update", (patch) => {
    expect(diffResource(def, base, { ...base, ...patch })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
  it("another cluster reference replaces, deleting first (one open upgrade per cluster)", () => {
    expect(diffResource(def, base, { ...base, clusterSlug: "other" })).toEqual({
      changes: true,
      replaces: ["clusterSlug"],
      deleteBeforeReplace: true,
    });
    const byIdentity = {
      ...base,
      environmentSlug: undefined,
      clusterSlug: undefined,
      clusterIdentity: "5e08fe67-1274-475d-bd0c-a65b0330507f",
    };
    expect(diffResource(def, base, byIdentity)).toMatchObject({
      replaces: ["clusterIdentity", "environmentSlug", "clusterSlug"],
      deleteBeforeReplace: true,
    });
  });
  it("adopt and outputs never diff; an unknown version is an update", () => {
    expect(
      diffResource(def, { ...base, status: "SUCCEEDED", upgradeIdentity: "x" }, { ...base, adopt: "10a80a7a-1a32-4a74-b592-aa2a4ef691c5" })
        .changes,
    ).toBe(false);
    expect(diffResource(def, base, { ...base, version: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
  });
});
