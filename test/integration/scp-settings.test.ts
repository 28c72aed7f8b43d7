// scp.BackupPolicy and scp.LogExportConfig against the simulator, in process through the runtime:
// each in-place change hits exactly its endpoint, the cluster's own `backup` left out is never
// diffed while a policy owns it, the object-storage keys never leak into errors, and deleting a
// setting of a cluster that is gone ends cleanly. Also PostgreSQL's restore from a backup, whose
// history the policy's schedule creates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { exportLog, listBackupHistories } from "../../src/scp";
import { startSim, type Sim } from "../support/sim";
import { pointRuntimeAtSim } from "../support/scp";
import { checked } from "../support/lifecycle";

const CLUSTER = {
  engine: "postgresql",
  name: "ledger",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "ledger",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "ledger",
  databaseUserName: "app",
  databasePassword: "Int-passw0rd",
};
const SECRET_KEY = "obj-Secret-7f3a9c";

let sim: Sim;
let clusterId: string;
let clusterOuts: Record<string, any>;

/** One resource's life as pulumi drives it: create, then changes that each return the mutating calls made. */
function lifecycle(kind: string) {
  const s = { id: "", outs: {} as Record<string, any>, inputs: {} as Record<string, any> };
  return {
    s,
    async create(declared: Record<string, unknown>) {
      s.inputs = await checked(kind, declared);
      await sim.clearRequests();
      const r = await runtime.create(kind, s.inputs);
      s.id = r.id;
      s.outs = r.outs;
      return sim.mutations();
    },
    async change(patch: Record<string, unknown>) {
      const news = await checked(kind, { ...s.inputs, ...patch }, s.inputs);
      const d = await runtime.diff(kind, s.id, s.outs, news);
      expect(d).toMatchObject({ changes: true, replaces: [] });
      await sim.clearRequests();
      s.outs = (await runtime.update(kind, s.id, s.outs, news)).outs;
      s.inputs = news;
      const calls = await sim.mutations();
      const refreshed = await runtime.read(kind, s.id, s.outs);
      expect((await runtime.diff(kind, s.id, refreshed.props, s.inputs)).changes).toBe(false);
      return calls;
    },
  };
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  pointRuntimeAtSim(sim, "scp-settings-journal");
  const created = await runtime.create("scp:Cluster", await checked("scp:Cluster", CLUSTER));
  clusterId = created.id;
  clusterOuts = created.outs;
});
afterAll(async () => {
  await sim?.close();
});

describe("scp.BackupPolicy (postgresql)", () => {
  const policy = lifecycle("scp:BackupPolicy");

  it("creates the schedule with one POST …/backups; archive left out sends nothing", async () => {
    expect(await policy.create({ clusterId, retentionDays: 14, startHour: 3 })).toEqual(["POST /v1/clusters/{id}/backups"]);
    expect(policy.s.id).toBe(`${clusterId}/backups`);
    expect(policy.s.outs).toEqual({ clusterId, engine: "postgresql", retentionDays: 14, startHour: 3, archiveFrequencyMinutes: 60 });
    const body = (await sim.requests()).find((r) => r.method === "POST")!.body;
    expect(body).toEqual({ archive_frequency_minute: "60", retention_period_day: "14", starting_time_hour: "3" });
  });

  it.each([
    ["retentionDays", { retentionDays: 21 }, ["POST /v1/clusters/{id}/backups"]],
    ["archiveFrequencyMinutes", { archiveFrequencyMinutes: 10 }, ["POST /v1/clusters/{id}/backups"]],
    ["archiveRetentionDays on", { archiveRetentionDays: 5 }, ["PUT /v1/clusters/{id}/archive"]],
    ["archiveRetentionDays off", { archiveRetentionDays: undefined }, ["PUT /v1/clusters/{id}/archive"]],
  ])("%s → exactly its endpoint", async (_name, patch, calls) => {
    expect(await policy.change(patch)).toEqual(calls);
  });

  it("a read by id alone (scp.BackupPolicy.get) takes the cluster from the id; a malformed id is refused", async () => {
    const r = await runtime.read("scp:BackupPolicy", policy.s.id, {});
    expect(r.props).toEqual(policy.s.outs);
    await expect(runtime.read("scp:BackupPolicy", `${clusterId}/archive`, {})).rejects.toThrow(/must be "<cluster id>\/<setting>"/);
    await expect(runtime.read("scp:BackupPolicy", "../x/backups", {})).rejects.toThrow(/must be "<cluster id>\/<setting>"/);
  });

  it("the cluster that leaves `backup` out never diffs it against the policy's live schedule, nor records it", async () => {
    const refreshed = await runtime.read("scp:Cluster", clusterId, clusterOuts);
    // The policy's schedule is live, but not the cluster's to record: a refresh that wrote it into
    // the cluster's inputs would make every later preview display `-backup`.
    expect(refreshed.props.backup).toBeUndefined();
    expect(refreshed.inputs?.backup).toBeUndefined();
    const news = await checked("scp:Cluster", CLUSTER);
    expect((await runtime.diff("scp:Cluster", clusterId, refreshed.props, news)).changes).toBe(false);
    clusterOuts = refreshed.props;
  });

  it("refuses a schedule out of range and an archive on CacheStore in check", async () => {
    const failures = (await runtime.check("scp:BackupPolicy", {}, { clusterId, retentionDays: 3, startHour: 24 })).failures;
    expect(failures.map((f) => f.property).sort()).toEqual(["retentionDays", "startHour"]);
    const cache = (
      await runtime.check(
        "scp:BackupPolicy",
        {},
        { clusterId, engine: "cachestore", retentionDays: 7, startHour: 1, archiveRetentionDays: 3 },
      )
    ).failures;
    expect(cache).toEqual([{ property: "archiveRetentionDays", reason: "CacheStore has no archive: PostgreSQL only (got 3)" }]);
  });

  it("a create that finds the declared schedule already set sends nothing (adoption); another schedule is sent", async () => {
    const shown = lifecycle("scp:BackupPolicy");
    const live = {
      clusterId,
      retentionDays: policy.s.outs.retentionDays,
      startHour: policy.s.outs.startHour,
      archiveFrequencyMinutes: policy.s.outs.archiveFrequencyMinutes,
    };
    const extra = policy.s.outs.archiveRetentionDays === undefined ? {} : { archiveRetentionDays: policy.s.outs.archiveRetentionDays };
    expect(await shown.create({ ...live, ...extra })).toEqual([]);
    expect(shown.s.id).toBe(`${clusterId}/backups`);
    expect(await lifecycle("scp:BackupPolicy").create({ ...live, ...extra, retentionDays: live.retentionDays + 1 })).toEqual([
      "POST /v1/clusters/{id}/backups",
    ]);
    // …and back, so the policy above still finds its own schedule.
    expect(await lifecycle("scp:BackupPolicy").create({ ...live, ...extra })).toEqual(["POST /v1/clusters/{id}/backups"]);
  });

  it("delete unsets the schedule (and turns archiving off when it had it on)", async () => {
    await policy.change({ archiveRetentionDays: 2 });
    await sim.clearRequests();
    await runtime.remove("scp:BackupPolicy", policy.s.id, policy.s.outs);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}/backups", "PUT /v1/clusters/{id}/archive"]);
    expect((await runtime.read("scp:BackupPolicy", policy.s.id, policy.s.outs)).id).toBe("");
  });
});

describe("scp.BackupPolicy (cachestore)", () => {
  it("sets, changes and unsets a CacheStore schedule through the CacheStore service, without archive fields", async () => {
    const cache = await runtime.create(
      "scp:Cluster",
      await checked("scp:Cluster", {
        engine: "cachestore",
        name: "sessions",
        engineVersion: "7.2.4",
        subnetId: "subnet-a",
        serverType: "redis1v2m4",
        instanceNamePrefix: "sessions",
        blockStorages: [{ roleType: "DATA", sizeGb: 64 }],
        databasePassword: "Redis-passw0rd",
      }),
    );
    const policy = lifecycle("scp:BackupPolicy");
    expect(await policy.create({ clusterId: cache.id, engine: "cachestore", retentionDays: 7, startHour: 2 })).toEqual([
      "POST /v1/clusters/{id}/backups",
    ]);
    const post = (await sim.requests()).find((r) => r.method === "POST")!;
    expect([post.service, post.body]).toEqual(["scp-cachestore", { retention_period_day: "7", starting_time_hour: "2" }]);
    expect(await policy.change({ startHour: 4 })).toEqual(["POST /v1/clusters/{id}/backups"]);
    await sim.clearRequests();
    await runtime.remove("scp:BackupPolicy", policy.s.id, policy.s.outs);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}/backups"]);
    await runtime.remove("scp:Cluster", cache.id, cache.outs);
  });
});

describe("scp.Cluster (postgresql) restoreFrom", () => {
  it("listBackupHistories lists a PostgreSQL cluster's backups (the policy's first schedule took one)", async () => {
    const list = await listBackupHistories(clusterId, "postgresql");
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toMatchObject({ number: expect.any(String), state: "COMPLETED" });
    const call = (await sim.requests()).find((r) => r.path.endsWith("/backup-histories"))!;
    expect(call.service).toBe("scp-postgresql");
  });

  it("creates from a backup with one POST …/restore (source id in the path), refusing values the source does not have", async () => {
    const [backup] = await listBackupHistories(clusterId, "postgresql");
    const restored = {
      ...CLUSTER,
      name: "ledgercopy",
      instanceNamePrefix: "ledgercopy",
      backup: { retentionDays: 7, startHour: 1 },
      restoreFrom: { clusterId, backupHistoryNumber: backup.number },
    };
    await sim.clearRequests();
    await expect(runtime.create("scp:Cluster", await checked("scp:Cluster", { ...restored, databasePort: 5433 }))).rejects.toThrow(
      /restoreFrom: .*\n {2}databasePort: source 2866, declared 5433/,
    );
    expect(await sim.mutations()).toEqual([]);
    const r = await runtime.create("scp:Cluster", await checked("scp:Cluster", restored));
    // The restore body has no backup schedule: the declared one follows once the cluster runs.
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/restore", "POST /v1/clusters/{id}/backups"]);
    const post = (await sim.requests()).find((x) => x.path.endsWith("/restore"))!;
    expect([post.service, post.path]).toEqual(["scp-postgresql", `/v1/clusters/${clusterId}/restore`]);
    expect(post.body).toMatchObject({ backup_history_number: backup.number, name: "ledgercopy", server_type_name: "db1v2m4" });
    expect(r.outs.restoreFrom).toEqual(restored.restoreFrom);
    const again = await runtime.read("scp:Cluster", r.id, r.outs);
    expect((await runtime.diff("scp:Cluster", r.id, again.props, await checked("scp:Cluster", restored))).changes).toBe(false);
    await runtime.remove("scp:Cluster", r.id, r.outs);
  });

  it("restoreFrom needs exactly one restore point and a source id of 32 hex characters", async () => {
    const bad = async (restoreFrom: unknown) =>
      (await runtime.check("scp:Cluster", {}, { ...CLUSTER, restoreFrom })).failures.map((f) => f.property);
    expect(await bad({ clusterId })).toEqual(["restoreFrom"]);
    expect(await bad({ clusterId: "../x", recoveryTime: "2026-11-20T09:00:00" })).toEqual(["restoreFrom.clusterId"]);
  });
});

describe("scp.LogExportConfig", () => {
  const config = lifecycle("scp:LogExportConfig");
  const declared = () => ({
    clusterId,
    logType: "alert",
    bucketName: "db-logs",
    accessKey: "obj-access-1",
    secretKey: SECRET_KEY,
    schedule: { frequency: "WEEK", dayOfWeek: "SUN", hour: 2 },
  });

  it("registers with one POST; the keys are marked secret and never read back from the API", async () => {
    expect(await config.create(declared())).toEqual(["POST /v1/clusters/{id}/log-export-configs"]);
    expect(config.s.id).toBe(`${clusterId}/alert`);
    expect(runtime.secretInputKeys("scp:LogExportConfig").sort()).toEqual(["accessKey", "secretKey"]);
    const body = (await sim.requests()).find((r) => r.method === "POST")!.body;
    expect(body).toMatchObject({
      log_type: "alert",
      bucket_name: "db-logs",
      schedule_frequency_type: "WEEK",
      schedule_day_of_week: "SUN",
      schedule_day_of_month: null,
      schedule_hour: "2",
    });
    expect(config.s.outs.schedule).toEqual({ frequency: "WEEK", dayOfWeek: "SUN", hour: 2 });
  });

  it.each([
    ["schedule", { schedule: { frequency: "MONTH", dayOfMonth: -1, hour: 4 } }],
    ["deleteOnExport", { deleteOnExport: true }],
    ["secretKey", { secretKey: "obj-Secret-rotated" }],
  ])("%s → PUT …/log-export-configs/alert only", async (_name, patch) => {
    expect(await config.change(patch)).toEqual(["PUT /v1/clusters/{id}/log-export-configs/alert"]);
  });

  it("a read by id alone (scp.LogExportConfig.get) takes the cluster and log type from the id; the keys stay unknown", async () => {
    const r = await runtime.read("scp:LogExportConfig", config.s.id, {});
    expect(r.props).toMatchObject({ clusterId, logType: "alert", bucketName: "db-logs", schedule: config.s.outs.schedule });
    expect(r.props.accessKey).toBeUndefined();
    await expect(runtime.read("scp:LogExportConfig", `${clusterId}/debug`, {})).rejects.toThrow(/must be "<cluster id>\/<setting>"/);
  });

  it("exportLog exports a registered log type now: one POST …/export, waited", async () => {
    await sim.clearRequests();
    await exportLog(clusterId, "alert");
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/log-export-configs/alert/export"]);
    await expect(exportLog(clusterId, "slow")).rejects.toThrow(/slow log export is not registered/);
  });

  it("a new bucket replaces (unregister first)", async () => {
    const news = await checked("scp:LogExportConfig", { ...config.s.inputs, bucketName: "other-bucket" }, config.s.inputs);
    expect(await runtime.diff("scp:LogExportConfig", config.s.id, config.s.outs, news)).toMatchObject({
      replaces: ["bucketName"],
      deleteBeforeReplace: true,
    });
  });

  it.each([
    [{ frequency: "WEEK", hour: 1 }, "schedule.dayOfWeek", "is required with frequency WEEK"],
    [{ frequency: "DAY", hour: 1, dayOfMonth: 3 }, "schedule.dayOfMonth", "only applies with frequency MONTH"],
    [{ frequency: "MONTH", hour: 1, dayOfMonth: 0 }, "schedule.dayOfMonth", "1–31, or -1"],
    [{ frequency: "DAY", hour: 24 }, "schedule.hour", "between 0 and 23"],
    [{ frequency: "YEAR", hour: 1 }, "schedule.frequency", "DAY, WEEK or MONTH"],
  ])("check refuses schedule %j", async (schedule, property, reason) => {
    const failures = (await runtime.check("scp:LogExportConfig", {}, { ...declared(), schedule })).failures;
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe(property);
    expect(failures[0].reason).toContain(reason);
  });

  it("a second resource for a registered log type is refused before any call, and the secret key is redacted", async () => {
    const err = await runtime
      .create("scp:LogExportConfig", await checked("scp:LogExportConfig", { ...declared(), secretKey: "obj-Secret-other" }))
      .catch((e: Error) => e);
    expect(String((err as Error).message)).toMatch(/already registered; unregister it first/);
    // A failing call's error never carries a key in clear.
    await sim.fault({ kind: "status", method: "PUT", path: "/log-export-configs/", status: 500, count: 10 });
    const news = await checked("scp:LogExportConfig", { ...config.s.inputs, deleteOnExport: false }, config.s.inputs);
    const failed = await runtime.update("scp:LogExportConfig", config.s.id, config.s.outs, news).catch((e: unknown) => e);
    await sim.clearFaults();
    // The partial failure's properties go to the state, where the class marks the keys secret; the words shown are clean.
    const shown = JSON.stringify({ message: (failed as any).message, reasons: (failed as any).reasons });
    expect(shown).toMatch(/HTTP 500/);
    for (const key of [config.s.inputs.secretKey, SECRET_KEY, "obj-Secret-other"]) expect(shown).not.toContain(key);
  });

  it(
    "adopt takes a registered export over with no call when the live bucket and schedule are as " + "declared, and refuses otherwise",
    async () => {
      const live = {
        ...declared(),
        deleteOnExport: config.s.outs.deleteOnExport,
        schedule: config.s.outs.schedule,
        secretKey: "obj-Secret-other",
      };
      await sim.clearRequests();
      const adopted = await runtime.create(
        "scp:LogExportConfig",
        await checked("scp:LogExportConfig", { ...live, adopt: `${clusterId}/alert` }),
      );
      expect(await sim.mutations()).toEqual([]);
      expect(adopted).toMatchObject({ id: `${clusterId}/alert`, outs: { bucketName: "db-logs", adopt: `${clusterId}/alert` } });
      const wrong = await runtime
        .create(
          "scp:LogExportConfig",
          await checked("scp:LogExportConfig", { ...live, schedule: { frequency: "DAY", hour: 5 }, adopt: `${clusterId}/alert` }),
        )
        .catch((e: Error) => e);
      expect(String((wrong as Error).message)).toMatch(/differs from the declared inputs[\s\S]*schedule: live/);
      const other = await runtime
        .create("scp:LogExportConfig", await checked("scp:LogExportConfig", { ...live, adopt: `${clusterId}/slow` }))
        .catch((e: Error) => e);
      expect(String((other as Error).message)).toMatch(/is not the id of this/);
      expect(await sim.mutations()).toEqual([]);
    },
  );

  it("delete unregisters; once the cluster is gone, a delete ends without a call", async () => {
    await sim.clearRequests();
    await runtime.remove("scp:LogExportConfig", config.s.id, config.s.outs);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}/log-export-configs/alert"]);
    expect(await config.create(declared())).toEqual(["POST /v1/clusters/{id}/log-export-configs"]);
    await runtime.remove("scp:Cluster", clusterId, clusterOuts);
    await sim.clearRequests();
    await runtime.remove("scp:LogExportConfig", config.s.id, config.s.outs);
    expect(await sim.mutations()).toEqual([]);
    expect((await runtime.read("scp:LogExportConfig", config.s.id, config.s.outs)).id).toBe("");
  });
});
