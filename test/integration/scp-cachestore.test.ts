// scp.Cluster with engine "cachestore" against the simulator, in process through the runtime: the
// scenarios every engine shares (test/support/scenarios/scp-cluster-integration.ts: create, refresh,
// get, in-place changes, drift, a resumed partial failure, adopt, a confirmed delete) with this
// engine's values, and what only CacheStore has: its check refusals and replace rules, commands, a
// restore from a backup.
import { describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { listBackupHistories } from "../../src/scp";
import { createBody } from "../../src/scp/cachestore/engine";
import { checked, refused } from "../support/lifecycle";
import { KIND, scpClusterInProcess } from "../support/scenarios/scp-cluster-integration";

const PASSWORD = "Redis-passw0rd";
const declared = {
  engine: "cachestore",
  name: "sessions",
  engineVersion: "7.2.4",
  subnetId: "subnet-a",
  serverType: "redis1v2m4",
  instanceNamePrefix: "sessions",
  blockStorages: [{ roleType: "DATA", sizeGb: 64 }],
  haEnabled: true,
  replicaCount: 1,
  allowedIps: ["10.0.0.0/24"],
  databasePassword: PASSWORD,
  tags: { team: "cache" },
};

const c = scpClusterInProcess("cachestore", declared, "scp-cachestore-journal");

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
    [
      "blockStorages",
      {
        blockStorages: [
          { roleType: "DATA", sizeGb: 64 },
          { roleType: "DATA", sizeGb: 64 },
        ],
      },
      "exactly one",
    ],
    ["replicaCount", { replicaCount: 3 }, "0, 1 or 2"],
    ["replicaCount", { replicaCount: 0 }, "when haEnabled"],
    ["sentinelPort", { sentinelPort: 6378 }, "differ from databasePort"],
    [
      "backup.archiveFrequencyMinutes",
      { backup: { retentionDays: 7, startHour: 1, archiveFrequencyMinutes: 60 } },
      "is not a known property; accepted: retentionDays, startHour",
    ],
    ["commands.FLUSHALL", { commands: { FLUSHALL: "" } }, "cannot disable"],
    ["commands.flushall", { commands: { flushall: "fa-x1" } }, "upper case"],
    ["parameters.max_memory", { parameters: { max_memory: 1 } }, "Redis parameter name"],
    ["restoreFrom", { restoreFrom: { clusterId: "0123456789abcdef0123456789abcdef" } }, "exactly one of backupHistoryNumber"],
    ["restoreFrom.clusterId", { restoreFrom: { clusterId: "../x", backupHistoryNumber: "1" } }, "32 hex"],
    ["adopt", { adopt: "0123456789abcdef0123456789abcdeg" }, "32 hex"],
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
    const news = await checked(KIND, {
      ...declared,
      restoreFrom: { clusterId: "0123456789abcdef0123456789abcdef", backupHistoryNumber: "7" },
    });
    expect((await runtime.diff(KIND, "x", olds, news)).changes).toBe(false);
  });
});

describe("scp.Cluster (cachestore) against the simulator", () => {
  c.created((_outs, body) => {
    expect(body).toMatchObject({
      ha_enabled: true,
      replica_count: 1,
      init_config_option: { database_port: 6378, sentinel_port: 26378 },
      instance_groups: [{ role_type: "MASTER_REPLICA", server_type_name: "redis1v2m4" }, { role_type: "SENTINEL" }],
      tags: [{ key: "team", value: "cache" }],
    });
  });

  c.readById(["postgresql", "cachestore"], (outs) => ({ endpoint: outs.endpoint, replicaCount: 1 }));

  it("outputs the endpoints, instances by role and a redis:// connection string", () => {
    const { outs } = c;
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

  c.noDriftAfterCreate();

  c.inPlace([
    // on the data group only (the sentinel keeps its own)
    [
      "serverType",
      { serverType: "redis1v4m16" },
      ["POST /v1/instance-groups/{id}/resize"],
      ({ outs }) => {
        const groups = outs.instanceGroups as any[];
        expect(groups.find((g) => g.roleType === "MASTER_REPLICA").serverType).toBe("redis1v4m16");
        expect(groups.find((g) => g.roleType === "SENTINEL").serverType).toBe("redis1v2m4");
      },
    ],
    [
      "blockStorages grow",
      { blockStorages: [{ roleType: "DATA", sizeGb: 80 }] },
      ["POST /v1/block-storage-groups/{id}/resize"],
      ({ outs }) => expect(outs.blockStorages[0].sizeGb).toBe(80),
    ],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "10.9.0.1"] }, ["POST /v1/clusters/{id}/security-group-rules"]],
    [
      "maintenance set",
      { maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 } },
      ["POST /v1/clusters/{id}/maintenance"],
    ],
    ["maintenance unset", { maintenance: undefined }, ["DELETE /v1/clusters/{id}/maintenance"]],
    [
      "parameters",
      { parameters: { "maxmemory-policy": "allkeys-lru", timeout: 300 } },
      ["PUT /v1/clusters/{id}/parameters"],
      ({ outs }) => expect(outs.parameters).toEqual({ "maxmemory-policy": "allkeys-lru", timeout: "300" }),
    ],
  ]);

  it("a bad parameter value is refused before any call", async () => {
    const news = await checked(KIND, { ...c.inputs, parameters: { "maxmemory-policy": "sometimes" } }, c.inputs);
    await c.sim.clearRequests();
    await expect(runtime.update(KIND, c.id, c.outs, news)).rejects.toThrow(/parameters.maxmemory-policy: "sometimes" is not one of/);
    expect(await c.sim.mutations()).toEqual([]);
  });

  it("commands → POST /v1/clusters/{id}/commands/sync, then PUT /v1/clusters/{id}/commands", async () => {
    expect(await c.change({ commands: { CONFIG: "cfg-9f2", KEYS: "keys-x1" } })).toEqual([
      "POST /v1/clusters/{id}/commands/sync",
      "PUT /v1/clusters/{id}/commands",
    ]);
    expect(c.outs.commands).toEqual({ CONFIG: "cfg-9f2", KEYS: "keys-x1" });
    // A command left out gets its own name back.
    expect(await c.change({ commands: { CONFIG: "cfg-9f2" } })).toEqual([
      "POST /v1/clusters/{id}/commands/sync",
      "PUT /v1/clusters/{id}/commands",
    ]);
    const put = (await c.sim.requests()).find((r) => r.method === "PUT")!;
    expect(put.body.commands).toEqual([{ id: expect.any(String), name: "KEYS", new_value: "KEYS" }]);
  });

  it.each([
    ["a command the service keeps fixed", { SHUTDOWN: "stop-x1" }, /commands.SHUTDOWN: cannot be renamed on this cluster/],
    // A Redis command (so check lets it through) that this cluster's list does not hold; a name that
    // is no Redis command at all is refused by check (test/integration/bad-inputs.test.ts).
    [
      "a command the cluster does not list",
      { GETRANGE: "gr-x1" },
      /commands.GETRANGE: is not a command this cluster lists; known: .*FLUSHALL/,
    ],
  ])("%s is refused before any call", async (_what, commands, message) => {
    const news = await checked(KIND, { ...c.inputs, commands: { ...c.inputs.commands, ...commands } }, c.inputs);
    await c.sim.clearRequests();
    await expect(runtime.update(KIND, c.id, c.outs, news)).rejects.toThrow(message);
    expect(await c.sim.mutations()).toEqual([]);
  });

  c.inPlace([
    [
      "backup set",
      { backup: { retentionDays: 7, startHour: 3 } },
      ["POST /v1/clusters/{id}/backups"],
      async ({ sim, outs }) => {
        const post = (await sim.requests()).find((r) => r.method === "POST")!;
        expect(post.body).toEqual({ retention_period_day: "7", starting_time_hour: "3" });
        expect(outs.backup).toEqual({ retentionDays: 7, startHour: 3 });
      },
    ],
  ]);

  it("listBackupHistories lists the cluster's backups for a program", async () => {
    const list = await listBackupHistories(c.id);
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toMatchObject({ number: expect.any(String), state: expect.any(String) });
  });

  it("restoreFrom creates from a backup with one POST …/restore, refusing declared values the source does not have", async () => {
    const { id, sim } = c;
    const [backup] = await listBackupHistories(id);
    const restored = {
      ...declared,
      name: "restored",
      instanceNamePrefix: "restored",
      serverType: "redis1v4m16",
      backup: { retentionDays: 14, startHour: 4 },
      restoreFrom: { clusterId: id, backupHistoryNumber: backup.number },
    };
    await sim.clearRequests();
    await expect(runtime.create(KIND, await checked(KIND, { ...restored, databasePort: 6390 }))).rejects.toThrow(
      /restoreFrom: .*\n {2}databasePort: source 6378, declared 6390/,
    );
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

  c.backupUnmanaged();

  c.inPlace([
    ["stop", { running: false }, ["POST /v1/clusters/{id}/stop"], ({ outs }) => expect(outs.serviceState).toBe("STOPPED")],
    ["start", { running: true }, ["POST /v1/clusters/{id}/start"]],
  ]);

  c.drift((role) => role === "MASTER_REPLICA", "redis1v8m32");

  c.failedOperation({
    patch: { serverType: "redis1v4m16", blockStorages: [{ roleType: "DATA", sizeGb: 96 }] },
    path: "^/v1/block-storage-groups/",
    recorded: (props) => {
      expect(props.serverType).toBe("redis1v4m16"); // the first mutation was applied and is recorded
      expect(props.blockStorages[0].sizeGb).toBe(80);
    },
    calls: ["POST /v1/block-storage-groups/{id}/resize"],
    converged: (outs) => expect(outs.blockStorages[0].sizeGb).toBe(96),
  });

  c.adopts({
    legacy: { name: "legacy", instanceNamePrefix: "legacy", haEnabled: false, replicaCount: 0 },
    body: async (api, program) => {
      const versions: any = await api.http.get("/v1/engine-versions");
      return createBody(program as any, versions.contents.find((v: any) => v.software_version === "7.2.4").id);
    },
    difference: { serverType: "redis1v4m16" },
    refusal: /serverType: live "redis1v2m4", declared "redis1v4m16"/,
  });

  c.deleted();
});
