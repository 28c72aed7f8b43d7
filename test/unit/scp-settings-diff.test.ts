// Field tables of scp.BackupPolicy and scp.LogExportConfig, and the kit's `backup` row: which
// change replaces, which is applied in place, and that a cluster leaving `backup` out never diffs it.
import { describe, expect, it } from "vitest";
import { diffFields } from "../../src/core/diff";
import * as runtime from "../../src/runtime";

const ID = "0123456789abcdef0123456789abcdef";
const policy = { clusterId: ID, engine: "postgresql", retentionDays: 7, startHour: 1, archiveFrequencyMinutes: 60 };
const logExport = {
  clusterId: ID,
  logType: "alert",
  bucketName: "db-logs",
  accessKey: "ak",
  secretKey: "sk",
  deleteOnExport: false,
  schedule: { frequency: "DAY", hour: 3 },
};
const plan = (kind: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
  const d = diffFields(olds, news, runtime.definitionOf(kind).fields);
  return { replaces: d.replaces, mutations: Object.fromEntries(d.mutations) };
};

describe("scp:BackupPolicy diff", () => {
  it.each([
    [{ retentionDays: 14 }, { replaces: [], mutations: { schedule: ["retentionDays"] } }],
    [
      { startHour: 5, archiveFrequencyMinutes: 5 },
      { replaces: [], mutations: { schedule: ["startHour", "archiveFrequencyMinutes"] } },
    ],
    [{ archiveRetentionDays: 3 }, { replaces: [], mutations: { archive: ["archiveRetentionDays"] } }],
    [{ clusterId: "f".repeat(32) }, { replaces: ["clusterId"], mutations: {} }],
    [{ engine: "cachestore" }, { replaces: ["engine"], mutations: {} }],
  ])("%j", (patch, expected) => {
    expect(plan("scp:BackupPolicy", policy, { ...policy, ...patch })).toEqual(expected);
  });

  it("check fills PostgreSQL's archive frequency and leaves CacheStore without one", async () => {
    expect((await runtime.check("scp:BackupPolicy", {}, { clusterId: ID, retentionDays: 7, startHour: 1 })).inputs).toEqual(policy);
    expect(
      (await runtime.check("scp:BackupPolicy", {}, { clusterId: ID, engine: "cachestore", retentionDays: 7, startHour: 1 })).inputs,
    ).toEqual({ clusterId: ID, engine: "cachestore", retentionDays: 7, startHour: 1 });
    expect(
      (await runtime.check("scp:BackupPolicy", {}, { ...policy, archiveFrequencyMinutes: 15 })).failures.map((f) => f.property),
    ).toEqual(["archiveFrequencyMinutes"]);
    expect((await runtime.check("scp:BackupPolicy", {}, { ...policy, clusterId: "../x" })).failures.map((f) => f.property)).toEqual([
      "clusterId",
    ]);
  });
});

describe("scp:LogExportConfig diff", () => {
  it.each([
    [{ schedule: { frequency: "WEEK", dayOfWeek: "MON", hour: 3 } }, { replaces: [], mutations: { config: ["schedule"] } }],
    [
      { secretKey: "sk2", deleteOnExport: true },
      { replaces: [], mutations: { config: ["secretKey", "deleteOnExport"] } },
    ],
    [{ bucketName: "other" }, { replaces: ["bucketName"], mutations: {} }],
    [{ logType: "slow" }, { replaces: ["logType"], mutations: {} }],
  ])("%j", (patch, expected) => {
    expect(plan("scp:LogExportConfig", logExport, { ...logExport, ...patch })).toEqual(expected);
  });

  it("a replacement deletes first: a log type is registered once per cluster", async () => {
    expect(
      (await runtime.diff("scp:LogExportConfig", `${ID}/alert`, logExport, { ...logExport, bucketName: "other" })).deleteBeforeReplace,
    ).toBe(true);
  });
});

describe("scp:Cluster backup row", () => {
  const live = { engine: "postgresql", backup: { retentionDays: 14, startHour: 3, archiveFrequencyMinutes: 60 } };
  const fields = (engine: string) => runtime.definitionOf("scp:Cluster").variants!.of[engine].fields;
  it.each(["postgresql", "cachestore"])("%s: left out, not diffed against the live schedule (a policy may own it)", (engine) => {
    expect(diffFields({ ...live, engine }, { engine }, fields(engine)).changed).toEqual([]);
  });
  it("declared: diffed and applied by the backup mutation", () => {
    const d = diffFields(live, { ...live, backup: { ...live.backup, retentionDays: 7 } }, fields("postgresql"));
    expect(Object.fromEntries(d.mutations)).toEqual({ backup: ["backup"] });
  });
});
