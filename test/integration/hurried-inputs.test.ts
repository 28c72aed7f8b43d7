// What a hurried user types, and what it must lead to: either check refuses it (the bad-input
// sweep, bad-inputs.test.ts) or check normalises it so that `up` succeeds and the next preview is
// clean. These are the normalised ones, each driven as `pulumi up` drives the provider.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { checked, expectNoDrift } from "../support/lifecycle";
import { pointRuntimeAtSim } from "../support/scp";
import { pointRuntimeAtSelectel } from "../support/selectel";
import { startSim, type Sim } from "../support/sim";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ stepMs: 40 });
  pointRuntimeAtSim(sim, "hurried-inputs");
  pointRuntimeAtSelectel(sim, "hurried-inputs-selectel");
}, 120_000);
afterAll(async () => {
  await sim?.close();
});

const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";

describe("Selectel ids typed in upper case", () => {
  it("a user whose clusterId is pasted in upper case is created on that cluster; the next diff is empty", async () => {
    const declared = {
      engine: "postgresql",
      version: "16",
      name: "hurried-ids",
      subnetId: SUBNET,
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
    };
    const cluster = await runtime.create("selectel:Cluster", await checked("selectel:Cluster", declared));
    const inputs = await checked("selectel:User", { clusterId: cluster.id.toUpperCase(), name: "app", password: "Hurried-passw0rd" });
    expect(inputs.clusterId).toBe(cluster.id);
    const user = await runtime.create("selectel:User", inputs);
    expect(user.outs.status).toBe("ACTIVE");
    await expectNoDrift("selectel:User", { id: user.id, outs: user.outs, inputs });
    // A state that recorded the id in upper case (before it was lower-cased) plans nothing, least of all a replacement.
    expect(await runtime.diff("selectel:User", user.id, { ...user.outs, clusterId: cluster.id.toUpperCase() }, inputs)).toMatchObject({
      changes: false,
    });
  });
});

describe("SCP ids typed in upper case", () => {
  it("a BackupPolicy whose clusterId is pasted in upper case applies to that cluster; the next diff is empty", async () => {
    const cluster = await runtime.create(
      "scp:Cluster",
      await checked("scp:Cluster", {
        engine: "postgresql",
        name: "hurriedids",
        engineVersion: "16.4",
        subnetId: "subnet-a",
        serverType: "db1v2m4",
        instanceNamePrefix: "hurriedids",
        blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
        databaseName: "app",
        databaseUserName: "app",
        databasePassword: "Hurried-passw0rd",
      }),
    );
    const inputs = await checked("scp:BackupPolicy", { clusterId: cluster.id.toUpperCase(), retentionDays: 7, startHour: 2 });
    expect(inputs.clusterId).toBe(cluster.id);
    const policy = await runtime.create("scp:BackupPolicy", inputs);
    expect(policy.id).toBe(`${cluster.id}/backups`);
    await expectNoDrift("scp:BackupPolicy", { id: policy.id, outs: policy.outs, inputs });
  });
});

describe("SCP adopt with the wrong engine", () => {
  it("names the engine the cluster has, instead of saying it does not exist", async () => {
    const pg = await runtime.create(
      "scp:Cluster",
      await checked("scp:Cluster", {
        engine: "postgresql",
        name: "hurriedengine",
        engineVersion: "16.4",
        subnetId: "subnet-a",
        serverType: "db1v2m4",
        instanceNamePrefix: "hurriedengine",
        blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
        databaseName: "app",
        databaseUserName: "app",
        databasePassword: "Hurried-passw0rd",
      }),
    );
    const asCache = await checked("scp:Cluster", {
      engine: "cachestore",
      engineVersion: "7.2.4",
      subnetId: "subnet-a",
      serverType: "redis1v2m4",
      instanceNamePrefix: "hurriedengine",
      blockStorages: [{ roleType: "DATA", sizeGb: 64 }],
      databasePassword: "Hurried-passw0rd",
      adopt: pg.id,
    });
    const err: any = await runtime.create("scp:Cluster", asCache).catch((e) => e);
    expect(String(err.message)).toBe(
      `adopt: cluster ${pg.id} is a postgresql cluster, not cachestore: declare it with engine "postgresql" and that engine's properties`,
    );
  });
});

describe("SCP time zones typed in another case", () => {
  it('"asia/seoul" is sent and recorded as "Asia/Seoul"; an alias keeps its spelling', async () => {
    const base = {
      engine: "postgresql",
      name: "hurriedzone",
      engineVersion: "16.4",
      subnetId: "subnet-a",
      serverType: "db1v2m4",
      instanceNamePrefix: "hurriedzone",
      blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
      databaseName: "app",
      databaseUserName: "app",
      databasePassword: "Hurried-passw0rd",
    };
    expect((await checked("scp:Cluster", { ...base, timezone: "Asia/Kolkata" })).timezone).toBe("Asia/Kolkata");
    const inputs = await checked("scp:Cluster", { ...base, timezone: "asia/seoul" });
    expect(inputs.timezone).toBe("Asia/Seoul");
    await sim.clearRequests();
    const c = await runtime.create("scp:Cluster", inputs);
    const post = (await sim.requests()).find((r) => r.method === "POST" && /\/v1\/clusters$/.test(r.path))!;
    expect(post.body.timezone).toBe("Asia/Seoul");
    await expectNoDrift("scp:Cluster", { id: c.id, outs: c.outs, inputs });
    // A stack that recorded (or an API that answers) the zone as typed before plans nothing, least of all a replacement.
    expect(await runtime.diff("scp:Cluster", c.id, { ...c.outs, timezone: "asia/seoul" }, inputs)).toMatchObject({ changes: false });
  });
});

describe("SCP parameter values with stray spaces", () => {
  it('max_connections " 200 " is taken as "200": the create applies it, and the next diff is empty', async () => {
    const declared = {
      engine: "postgresql",
      name: "hurriedparams",
      engineVersion: "16.4",
      subnetId: "subnet-a",
      serverType: "db1v2m4",
      instanceNamePrefix: "hurried",
      blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
      databaseName: "app",
      databaseUserName: "app",
      databasePassword: "Hurried-passw0rd",
      parameters: { max_connections: " 200 " },
    };
    const inputs = await checked("scp:Cluster", declared);
    expect(inputs.parameters).toEqual({ max_connections: "200" });
    const c = await runtime.create("scp:Cluster", inputs);
    expect(c.outs.parameters).toEqual({ max_connections: "200" });
    await expectNoDrift("scp:Cluster", { id: c.id, outs: c.outs, inputs });
  });
});
