// scp.Cluster with engine "cachestore" against the simulator, in process through the runtime: the
// create body, each in-place change hitting exactly its endpoint(s), the replace rules, check
// refusals, a restore from a backup, drift, a resumed partial failure, and a confirmed delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { DirectScpClient } from "../support/scp-client";
import { listBackupHistories } from "../../src/scp";
import { createBody } from "../../src/scp/cachestore/engine";
import { startSim, SIM_ACCESS_KEY, SIM_SECRET_KEY, type Sim } from "../support/sim";
import { pointRuntimeAtSim } from "../support/scp";
import { changeInPlace, checked, refused } from "../support/lifecycle";

const KIND = "scp:Cluster";
const PASSWORD = "Redis-passw0rd";
const declared = {
  engine: "cachestore", name: "sessions", engineVersion: "7.2.4", subnetId: "subnet-a", serverType: "redis1v2m4",
  instanceNamePrefix: "sessions", blockStorages: [{ roleType: "DATA", sizeGb: 64 }], haEnabled: true, replicaCount: 1,
  allowedIps: ["10.0.0.0/24"], databasePassword: PASSWORD, tags: { team: "cache" },
};

let sim: Sim;
let id: string;
let outs: Record<string, any>;
let inputs: Record<string, any>;

/** Applies `patch` as pulumi would and returns the mutating calls it made (test/support/lifecycle.ts). */
async function change(patch: Record<string, unknown>) {
  const r = await changeInPlace(sim, KIND, { id, outs, inputs }, patch);
  ({ outs, inputs } = r.live);
  return r.calls;
}

const api = () => new DirectScpClient("cachestore", { accessKey: SIM_ACCESS_KEY, secretKey: SIM_SECRET_KEY, accountId: "", region: "kr-west1", environment: "e", endpoint: sim.scpEndpoint });

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  pointRuntimeAtSim(sim, "scp-cachestore-journal");
});
afterAll(async () => {
  await sim?.close();
});

describe("scp.Cluster (cachestore) check", () => {
  it("fills the CacheStore defaults", async () => {
    const i = await checked(KIND, { ...declared, haEnabled: false, replicaCount: undefined });
    expect(i).toMatchObject({ databasePort: 6378, sentinelPort: 26378, replicaCount: 0, commands: {}, parameters: {}, running: true });
    expect(i.blockStorages).toEqual([{ roleType: "DATA", sizeGb: 64, volumeType: "SSD" }]);
  });

  it.each([
    ["blockStorages.0.sizeGb", { blockStorages: [{ roleType: "DATA", sizeGb: 48 }] }, "between 56 and 5120"],
    ["blockStorages.0.sizeGb", { blockStorages: [{ roleType: "DATA", sizeGb: 60 }] }, "multiple of 8"],
    ["blockStorages.0.roleType", { blockStorages: [{ roleType: "ARCHIVE", sizeGb: 64 }] }, "DATA"],
    ["blockStorages", { blockStorages: [{ roleType: "DATA", sizeGb: 64 }, { roleType: "DATA", sizeGb: 64 }] }, "exactly one"],
    ["replicaCount", { replicaCount: 3 }, "0, 1 or 2"],
    ["replicaCount", { replicaCount: 0 }, "when haEnabled"],
    ["sentinelPort", { sentinelPort: 6378 }, "differ from databasePort"],
    ["backup.archiveFrequencyMinutes", { backup: { retentionDays: 7, startHour: 1, archiveFrequencyMinutes: 60 } }, "is not a known property; accepted: retentionDays, startHour"],
    ["commands.FLUSHALL", { commands: { FLUSHALL: "" } }, "cannot disable"],
    ["commands.flushall", { commands: { flushall: "fa-x1" } }, "upper case"],
    ["parameters.max_memory", { parameters: { max_memory: 1 } }, "Redis parameter name"],
    ["restoreFrom", { restoreFrom: { clusterId: "0123456789abcdef0123456789abcdef" } }, "exactly one of backupHistoryNumber"],
    ["restoreFrom.clusterId", { restoreFrom: { clusterId: "../x", backupHistoryNumber: "1" } }, "32 hex"],
    ["adopt", { adopt: "0123456789ABCDEF0123456789ABCDEF" }, "32 hex"],
  ])("refuses bad %s naming it and what is allowed", async (property, patch, allowed) => {
    const failures = await refused(KIND, { ...declared, ...patch });
    const failure = failures.find((f) => f.property === property || f.property.startsWith(`${property}.`));
    expect(failure?.reason ?? JSON.stringify(failures)).toContain(allowed);
  });

  it("refuses a password change with the reason (no endpoint can make it, a replace would lose the data)", async () => {
    const olds = await checked(KIND, declared);
    expect(await refused(KIND, { ...declared, databasePassword: "Another-passw0rd" }, olds)).toEqual([
      { property: "databasePassword", reason: expect.stringContaining("no password endpoint") },
    ]);
  });

  it.each([
    ["replicaCount", { replicaCount: 2 }],
    ["haEnabled", { haEnabled: false }],
    ["engineVersion", { engineVersion: "7.2.5" }],
    ["databasePort", { databasePort: 6380 }],
    ["sentinelPort", { sentinelPort: 26380 }],
    ["blockStorages", { blockStorages: [{ roleType: "DATA", sizeGb: 64, volumeType: "HDD" }] }],
    ["engine", { engine: "postgresql" }],
  ])("%s replaces (delete first: the name stays)", async (key, patch) => {
    const olds = await checked(KIND, declared);
    const news = key === "engine" ? { ...olds, ...patch } : await checked(KIND, { ...declared, ...patch });
    expect(await runtime.diff(KIND, "x", olds, news)).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: true });
  });

  it("restoreFrom is read at creation only: changing it later plans nothing", async () => {
    const olds = await checked(KIND, declared);
    const news = await checked(KIND, { ...declared, restoreFrom: { clusterId: "0123456789abcdef0123456789abcdef", backupHistoryNumber: "7" } });
    expect((await runtime.diff(KIND, "x", olds, news)).changes).toBe(false);
  });
});

describe("scp.Cluster (cachestore) against the simulator", () => {
  it("creates the cluster with one POST and waits until RUNNING", async () => {
    inputs = await checked(KIND, declared);
    const created = await runtime.create(KIND, inputs);
    id = created.id;
    outs = created.outs;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(await sim.mutations()).toEqual(["POST /v1/clusters"]);
    const post = (await sim.requests()).find((r) => r.method === "POST")!;
    expect([post.service, post.path]).toEqual(["scp-cachestore", "/v1/clusters"]);
    expect(post.body).toMatchObject({
      ha_enabled: true, replica_count: 1, init_config_option: { database_port: 6378, sentinel_port: 26378 },
      instance_groups: [{ role_type: "MASTER_REPLICA", server_type_name: "redis1v2m4" }, { role_type: "SENTINEL" }],
      tags: [{ key: "team", value: "cache" }],
    });
  });

  it("a read by id alone (scp.Cluster.get) looks the id up in each service in turn, GETs only", async () => {
    await sim.clearRequests();
    const r = await runtime.read(KIND, id, {});
    expect(r.id).toBe(id);
    expect(r.props).toMatchObject({ engine: "cachestore", name: outs.name, endpoint: outs.endpoint, replicaCount: 1 });
    expect(await sim.mutations()).toEqual([]);
    // PostgreSQL first (its not-found answer), then CacheStore, which has it; EventStreams is never asked.
    expect([...new Set((await sim.requests()).map((q) => q.service))]).toEqual(["scp-postgresql", "scp-cachestore"]);
  });

  it("outputs the endpoints, instances by role and a redis:// connection string", () => {
    expect(outs.serviceState).toBe("RUNNING");
    expect(outs.softwareVersion).toBe("7.2.4");
    expect(outs.instances.MASTER).toHaveLength(1);
    expect(outs.instances.REPLICA).toHaveLength(1);
    expect(outs.instances.SENTINEL).toHaveLength(1);
    expect(outs.endpoint).toBe(`${outs.instances.MASTER[0].ipAddress}:6378`);
    expect(outs.sentinelEndpoint).toBe(`${outs.instances.SENTINEL[0].ipAddress}:26378`);
    expect(outs.connectionString).toBe(`redis://:${encodeURIComponent(PASSWORD)}@${outs.instances.MASTER[0].ipAddress}:6378`);
    expect(outs.blockStorageIds).toHaveLength(1);
  });

  it("refresh right after create reports no drift", async () => {
    const r = await runtime.read(KIND, id, outs);
    expect(r.props).toEqual(outs);
    expect((await runtime.diff(KIND, id, r.props, inputs)).changes).toBe(false);
  });

  it("serverType → POST /v1/instance-groups/{id}/resize on the data group only (the sentinel keeps its own)", async () => {
    expect(await change({ serverType: "redis1v4m16" })).toEqual(["POST /v1/instance-groups/{id}/resize"]);
    const groups = outs.instanceGroups as any[];
    expect(groups.find((g) => g.roleType === "MASTER_REPLICA").serverType).toBe("redis1v4m16");
    expect(groups.find((g) => g.roleType === "SENTINEL").serverType).toBe("redis1v2m4");
  });

  it("blockStorages grow → POST /v1/block-storage-groups/{id}/resize", async () => {
    expect(await change({ blockStorages: [{ roleType: "DATA", sizeGb: 80 }] })).toEqual(["POST /v1/block-storage-groups/{id}/resize"]);
    expect(outs.blockStorages[0].sizeGb).toBe(80);
  });

  it("allowedIps → POST /v1/clusters/{id}/security-group-rules", async () => {
    expect(await change({ allowedIps: ["10.0.0.0/24", "10.9.0.1"] })).toEqual(["POST /v1/clusters/{id}/security-group-rules"]);
  });

  it("maintenance set, then unset", async () => {
    expect(await change({ maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 } })).toEqual(["POST /v1/clusters/{id}/maintenance"]);
    expect(await change({ maintenance: undefined })).toEqual(["DELETE /v1/clusters/{id}/maintenance"]);
  });

  it("parameters → PUT /v1/clusters/{id}/parameters", async () => {
    expect(await change({ parameters: { "maxmemory-policy": "allkeys-lru", timeout: 300 } })).toEqual(["PUT /v1/clusters/{id}/parameters"]);
    expect(outs.parameters).toEqual({ "maxmemory-policy": "allkeys-lru", timeout: "300" });
  });

  it("a bad parameter value is refused before any call", async () => {
    const news = await checked(KIND, { ...inputs, parameters: { "maxmemory-policy": "sometimes" } }, inputs);
    await sim.clearRequests();
    await expect(runtime.update(KIND, id, outs, news)).rejects.toThrow(/parameters.maxmemory-policy: "sometimes" is not one of/);
    expect(await sim.mutations()).toEqual([]);
  });

  it("commands → POST /v1/clusters/{id}/commands/sync, then PUT /v1/clusters/{id}/commands", async () => {
    expect(await change({ commands: { CONFIG: "cfg-9f2", KEYS: "keys-x1" } }))
      .toEqual(["POST /v1/clusters/{id}/commands/sync", "PUT /v1/clusters/{id}/commands"]);
    expect(outs.commands).toEqual({ CONFIG: "cfg-9f2", KEYS: "keys-x1" });
    // A command left out gets its own name back.
    expect(await change({ commands: { CONFIG: "cfg-9f2" } })).toEqual(["POST /v1/clusters/{id}/commands/sync", "PUT /v1/clusters/{id}/commands"]);
    const put = (await sim.requests()).find((r) => r.method === "PUT")!;
    expect(put.body.commands).toEqual([{ id: expect.any(String), name: "KEYS", new_value: "KEYS" }]);
  });

  it.each([
    ["a command the service keeps fixed", { SHUTDOWN: "stop-x1" }, /commands.SHUTDOWN: cannot be renamed on this cluster/],
    // A Redis command (so check lets it through) that this cluster's list does not hold; a name that
    // is no Redis command at all is refused by check (test/integration/bad-inputs.test.ts).
    ["a command the cluster does not list", { GETRANGE: "gr-x1" }, /commands.GETRANGE: is not a command this cluster lists; known: .*FLUSHALL/],
  ])("%s is refused before any call", async (_what, commands, message) => {
    const news = await checked(KIND, { ...inputs, commands: { ...inputs.commands, ...commands } }, inputs);
    await sim.clearRequests();
    await expect(runtime.update(KIND, id, outs, news)).rejects.toThrow(message);
    expect(await sim.mutations()).toEqual([]);
  });

  it("backup set, then unset", async () => {
    expect(await change({ backup: { retentionDays: 7, startHour: 3 } })).toEqual(["POST /v1/clusters/{id}/backups"]);
    const post = (await sim.requests()).find((r) => r.method === "POST")!;
    expect(post.body).toEqual({ retention_period_day: "7", starting_time_hour: "3" });
    expect(outs.backup).toEqual({ retentionDays: 7, startHour: 3 });
  });

  it("listBackupHistories lists the cluster's backups for a program", async () => {
    const list = await listBackupHistories(id);
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toMatchObject({ number: expect.any(String), state: expect.any(String) });
  });

  it("restoreFrom creates from a backup with one POST …/restore, refusing declared values the source does not have", async () => {
    const [backup] = await listBackupHistories(id);
    const restored = {
      ...declared, name: "restored", instanceNamePrefix: "restored", serverType: "redis1v4m16", backup: { retentionDays: 14, startHour: 4 },
      restoreFrom: { clusterId: id, backupHistoryNumber: backup.number },
    };
    await sim.clearRequests();
    await expect(runtime.create(KIND, await checked(KIND, { ...restored, databasePort: 6390 }))).rejects.toThrow(/restoreFrom: .*\n {2}databasePort: source 6378, declared 6390/);
    expect(await sim.mutations()).toEqual([]);
    const r = await runtime.create(KIND, await checked(KIND, restored));
    // The restore body has no backup schedule: the declared one follows once the cluster runs.
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/restore", "POST /v1/clusters/{id}/backups"]);
    expect(r.outs.backup).toEqual({ retentionDays: 14, startHour: 4 });
    const post = (await sim.requests()).find((x) => x.method === "POST")!;
    expect([post.service, post.path]).toEqual(["scp-cachestore", `/v1/clusters/${id}/restore`]);
    expect(post.body).toMatchObject({ backup_history_number: backup.number, name: "restored", server_type_name: "redis1v4m16" });
    expect(r.outs.restoreFrom).toEqual(restored.restoreFrom);
    const again = await runtime.read(KIND, r.id, r.outs);
    expect((await runtime.diff(KIND, r.id, again.props, await checked(KIND, restored))).changes).toBe(false);
    await runtime.remove(KIND, r.id, r.outs);
  });

  it("backup left out → not managed: nothing planned, no call, the live schedule stays (an scp.BackupPolicy may own it)", async () => {
    const news = await checked(KIND, { ...inputs, backup: undefined }, inputs);
    expect((await runtime.diff(KIND, id, outs, news)).changes).toBe(false);
    await sim.clearRequests();
    const refreshed = await runtime.read(KIND, id, outs);
    expect(refreshed.props.backup).toBeDefined();
    expect((await runtime.diff(KIND, id, refreshed.props, news)).changes).toBe(false);
    expect(await sim.mutations()).toEqual([]);
    inputs = news;
  });

  it("running false, then true → stop, start", async () => {
    expect(await change({ running: false })).toEqual(["POST /v1/clusters/{id}/stop"]);
    expect(outs.serviceState).toBe("STOPPED");
    expect(await change({ running: true })).toEqual(["POST /v1/clusters/{id}/start"]);
  });

  it("drift: an out-of-band resize shows in refresh, is reported (not undone) by an up that did not plan it", async () => {
    const group = outs.instanceGroups.find((g: any) => g.roleType === "MASTER_REPLICA").id;
    const a = api();
    const accepted = await a.mutate("POST", `/v1/instance-groups/${group}/resize`, { server_type_name: "redis1v8m32" });
    await a.waitRequest(accepted.request_id, "cluster", "resize");
    await a.waitState(() => a.http.get(`/v1/clusters/${id}`) as any, "cluster", "resize", ["RUNNING"]);
    const refreshed = await runtime.read(KIND, id, outs);
    expect(refreshed.inputs!.serverType).toBe("redis1v8m32");
    expect(await runtime.diff(KIND, id, refreshed.props, inputs)).toMatchObject({ changes: true, replaces: [] });
    const news = await checked(KIND, { ...inputs, allowedIps: ["10.0.0.0/24"] }, inputs);
    await sim.clearRequests();
    outs = (await runtime.update(KIND, id, outs, news)).outs;
    inputs = news;
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/security-group-rules"]);
    expect(outs.serverType).toBe("redis1v4m16"); // the state keeps its recorded value until refresh
    // After refresh records the drift, the next up puts the declared server type back.
    outs = (await runtime.read(KIND, id, outs)).props;
    const back = await checked(KIND, { ...inputs }, inputs);
    expect((await runtime.diff(KIND, id, outs, back)).changes).toBe(true);
    await sim.clearRequests();
    outs = (await runtime.update(KIND, id, outs, back)).outs;
    expect(await sim.mutations()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
    expect(outs.serverType).toBe("redis1v4m16");
  });

  it("a failed change is recorded and the next up resumes it", async () => {
    outs = (await runtime.read(KIND, id, outs)).props;
    const news = await checked(KIND, { ...inputs, serverType: "redis1v4m16", blockStorages: [{ roleType: "DATA", sizeGb: 96 }] }, inputs);
    await sim.fault({ kind: "fail-operation", method: "POST", path: "^/v1/block-storage-groups/", count: 1 });
    const err: any = await runtime.update(KIND, id, outs, news).catch((e) => e);
    await sim.clearFaults();
    expect(err.id).toBe(id);
    expect(err.properties.serverType).toBe("redis1v4m16"); // the first mutation was applied and is recorded
    expect(err.properties.blockStorages[0].sizeGb).toBe(80);
    await sim.clearRequests();
    outs = (await runtime.update(KIND, id, err.properties, news)).outs;
    inputs = news;
    expect(await sim.mutations()).toEqual(["POST /v1/block-storage-groups/{id}/resize"]);
    expect(outs.blockStorages[0].sizeGb).toBe(96);
  });

  it("adopts a cluster made outside Pulumi, refusing a declared difference, without creating one", async () => {
    const a = api();
    const versions: any = await a.http.get("/v1/engine-versions");
    const program = await checked(KIND, { ...declared, name: "legacy", instanceNamePrefix: "legacy", haEnabled: false, replicaCount: 0 });
    const accepted = await a.mutate("POST", "/v1/clusters", createBody(program as any, versions.contents.find((v: any) => v.software_version === "7.2.4").id));
    const legacy = accepted.resource.id;
    await a.waitState(() => a.http.get(`/v1/clusters/${legacy}`) as any, "cluster legacy", "create", ["RUNNING"]);
    await sim.clearRequests();
    await expect(runtime.create(KIND, await checked(KIND, { ...program, serverType: "redis1v4m16", adopt: legacy }))).rejects.toThrow(/serverType: live "redis1v2m4", declared "redis1v4m16"/);
    const adopted = await runtime.create(KIND, await checked(KIND, { ...program, adopt: legacy }));
    expect(adopted.id).toBe(legacy);
    expect(await sim.mutations()).toEqual([]);
    await runtime.remove(KIND, legacy, adopted.outs);
  });

  it("delete waits until the cluster is gone and leaves nothing", async () => {
    await sim.clearRequests();
    await runtime.remove(KIND, id, outs);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
    expect((await runtime.read(KIND, id, outs)).id).toBe("");
    const list: any = await api().http.get("/v1/clusters");
    expect(list.contents.filter((c: any) => c.service_state !== "TERMINATED")).toEqual([]);
  });
});
