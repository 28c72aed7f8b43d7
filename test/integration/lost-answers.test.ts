// An answer lost after the request applied (the server did the work, the connection dropped before
// the response), and the next `pulumi up` or `destroy` started at once, while the first request's
// operation still runs: it converges with no second mutation, and a delete is not reported failed.
// (Creates of clusters, datastores, users and upgrades, and SCP PUTs and DELETEs, are covered in
// scp-cluster.test.ts, selectel-trust.test.ts and acloud-upgrade.test.ts.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { checked } from "../support/lifecycle";
import { pointRuntimeAtSim } from "../support/scp";
import { pointRuntimeAtSelectel } from "../support/selectel";
import { startSim, type Sim } from "../support/sim";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ stepMs: 40 });
  pointRuntimeAtSim(sim, "lost-answers");
  pointRuntimeAtSelectel(sim, "lost-answers-selectel");
}, 120_000);
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  await sim.clearFaults();
  await sim.clock({ mode: "time", stepMs: 40 });
});

const PG = {
  engine: "postgresql",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  databaseName: "app",
  databaseUserName: "app",
  databasePassword: "Lost-passw0rd",
};
const KAFKA = {
  engine: "eventstreams",
  engineVersion: "3.7.1",
  subnetId: "subnet-a",
  serverType: "kafka1v2m4",
  brokerCount: 3,
  blockStorages: [{ sizeGb: 104 }],
  brokerSaslId: "kafka",
  brokerSaslPassword: "Lo-br0ker!",
  zookeeperSaslId: "zoo",
  zookeeperSaslPassword: "Lo-z00keeper!",
};
const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";

/** The mutating calls logged, ids replaced, with the status and whether the answer was dropped. */
async function sent() {
  return (await sim.requests())
    .filter((r) => r.method !== "GET" && !r.path.includes("/auth/tokens"))
    .map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{32,36}/g, "{id}")} ${r.status}${(r as any).answerDropped ? " dropped" : ""}`);
}

/** Long steps: the next run certainly meets the first request's operation still running. */
const slowSteps = () => sim.clock({ mode: "time", stepMs: 1000 });

describe("SCP", () => {
  it("BackupPolicy: the POST's answer is lost; the next up at once finds the schedule set and sends nothing", async () => {
    const cluster = await runtime.create(
      "scp:Cluster",
      await checked("scp:Cluster", { ...PG, name: "lostpolicy", instanceNamePrefix: "lostpolicy" }),
    );
    const inputs = await checked("scp:BackupPolicy", { clusterId: cluster.id, retentionDays: 7, startHour: 1 });
    await slowSteps();
    await sim.clearRequests();
    await sim.fault({ kind: "drop-after-apply", method: "POST", path: "/backups$", count: 1 });
    const first: any = await runtime.create("scp:BackupPolicy", inputs).catch((e) => e);
    expect(first.message).toMatch(/the request may have been applied/);
    const second = await runtime.create("scp:BackupPolicy", inputs);
    expect(second.id).toBe(`${cluster.id}/backups`);
    expect(second.outs).toMatchObject({ retentionDays: 7, startHour: 1 });
    expect(await sent()).toEqual(["POST /v1/clusters/{id}/backups 202 dropped"]);
  });

  it("EventStreams: add-instances' answer is lost; the next up at once waits for it and adds no broker more", async () => {
    const declared = await checked("scp:Cluster", { ...KAFKA, name: "lostbrokers", instanceNamePrefix: "lostbrokers" });
    const c = await runtime.create("scp:Cluster", declared);
    const news = await checked("scp:Cluster", { ...declared, brokerCount: 5 }, declared);
    await slowSteps();
    await sim.clearRequests();
    await sim.fault({ kind: "drop-after-apply", method: "POST", path: "/add-instances$", count: 1 });
    const first: any = await runtime.update("scp:Cluster", c.id, c.outs, news).catch((e) => e);
    expect(first.message).toMatch(/the request may have been applied/);
    // The engine kept the old outputs: the next up plans 3 → 5 again.
    const after = await runtime.update("scp:Cluster", c.id, c.outs, news);
    expect(after.outs.brokerCount).toBe(5);
    expect(await sent()).toEqual(["POST /v1/clusters/{id}/add-instances 202 dropped"]);
  });
});

describe("Selectel", () => {
  const SEL = { engine: "postgresql", version: "16", subnetId: SUBNET, flavor: { vcpus: 2, ram: 4096, disk: 32 } };

  it("a config PUT's answer is lost: the retry's 409 (updating) is waited out, the change is verified and the update succeeds", async () => {
    const declared = await checked("selectel:Cluster", { ...SEL, name: "lost-config" });
    const c = await runtime.create("selectel:Cluster", declared);
    const news = await checked("selectel:Cluster", { ...declared, config: { work_mem: "8192" } }, declared);
    await slowSteps();
    await sim.clearRequests();
    await sim.fault({ service: "selectel-dbaas", kind: "drop-after-apply", method: "PUT", path: "/config$", count: 1 });
    const after = await runtime.update("selectel:Cluster", c.id, c.outs, news);
    expect(after.outs.config).toMatchObject({ work_mem: "8192" });
    expect(await sent()).toEqual(["PUT /ru-7/v1/datastores/{id}/config 200 dropped", "PUT /ru-7/v1/datastores/{id}/config 409"]);
  });

  it("a retry's 409 whose change did not apply (its operation failed) still fails the update", async () => {
    const declared = await checked("selectel:Cluster", { ...SEL, name: "busy-config" });
    const c = await runtime.create("selectel:Cluster", declared);
    const news = await checked("selectel:Cluster", { ...declared, config: { work_mem: "8192" } }, declared);
    await slowSteps();
    // The first PUT is accepted but its operation fails, and its answer is lost.
    await sim.fault({ service: "selectel-dbaas", kind: "drop-after-apply", method: "PUT", path: "/config$", count: 1 });
    await sim.fault({ service: "selectel-dbaas", kind: "fail-operation", method: "PUT", path: "/config$", count: 1 });
    const err: any = await runtime.update("selectel:Cluster", c.id, c.outs, news).catch((e) => e);
    // Never a success: the wait after the 409 sees the failed operation's end state.
    expect(String(err?.message)).toMatch(/config of cluster busy-config failed: state ERROR|config failed: HTTP 409/);
  });

  it("a datastore's DELETE answer is lost: the retry's 409 (deleting) is checked by a read, and destroy succeeds", async () => {
    const c = await runtime.create("selectel:Cluster", await checked("selectel:Cluster", { ...SEL, name: "lost-delete" }));
    await slowSteps();
    await sim.clearRequests();
    await sim.fault({ service: "selectel-dbaas", kind: "drop-after-apply", method: "DELETE", path: "/datastores/", count: 1 });
    await runtime.remove("selectel:Cluster", c.id, c.outs);
    expect(await sent()).toEqual(["DELETE /ru-7/v1/datastores/{id} 204 dropped", "DELETE /ru-7/v1/datastores/{id} 409"]);
    expect((await runtime.read("selectel:Cluster", c.id, c.outs)).id).toBe("");
  });

  it("a user's DELETE answer is lost: the same, for a child", async () => {
    const c = await runtime.create("selectel:Cluster", await checked("selectel:Cluster", { ...SEL, name: "lost-child-delete" }));
    const user = await runtime.create(
      "selectel:User",
      await checked("selectel:User", { clusterId: c.id, name: "app", password: "Lost-passw0rd" }),
    );
    await slowSteps();
    await sim.clearRequests();
    await sim.fault({ service: "selectel-dbaas", kind: "drop-after-apply", method: "DELETE", path: "/users/", count: 1 });
    await runtime.remove("selectel:User", user.id, user.outs);
    expect((await sent())[0]).toBe("DELETE /ru-7/v1/users/{id} 204 dropped");
    expect((await runtime.read("selectel:User", user.id, user.outs)).id).toBe("");
  });
});
