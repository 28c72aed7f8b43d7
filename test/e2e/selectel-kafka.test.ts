// End to end with the real Pulumi CLI on examples/selectel-kafka (cluster, users, topics, ACLs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { SELECTEL, startSim, type Sim } from "../support/sim";
import { configureSelectel } from "../support/selectel";

const T = (name: string) => `pulumi-nodejs:dynamic/selectel:${name}`;
let sim: Sim;
let project: PulumiProject;
const dbaasCalls = async () => (await sim.mutations()).filter((c) => !c.includes("/auth/tokens"));

async function prepare(p: PulumiProject) {
  await configureSelectel(p, sim);
  await p.config("producerPassword", "Producer-passw0rd", { secret: true });
  await p.config("consumerPassword", "Consumer-passw0rd", { secret: true });
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 200 });
  project = await PulumiProject.create("selectel-kafka", packedTarball());
  await prepare(project);
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

describe("selectel-kafka with the real pulumi CLI", { timeout: 600_000 }, () => {
  it(
    "up creates the cluster, users, topics and ACLs, one datastore although the answer to its POST " + "is lost; nothing left to change",
    async () => {
      // The API creates the datastore but the answer never arrives: the create finds it by name.
      await sim.fault({ service: "selectel-dbaas", method: "POST", path: "/v1/datastores$", kind: "drop-after-apply" });
      const up = await project.up();
      expect(up.stdout + up.stderr).toMatch(/the create request got no answer, but the API shows [0-9a-f-]{36}/);
      expect((await project.outputs()).status).toBe("ACTIVE");
      const calls = await dbaasCalls();
      expect(calls.filter((c) => c === "POST /datastores")).toHaveLength(1);
      const named = (await sim.selectelApi("GET", "/datastores")).datastores.filter((d: any) => d.name === "events");
      expect(named.map((d: any) => d.id)).toEqual([(await project.outputs()).clusterId]);
      expect(calls.filter((c) => c === "POST /topics")).toHaveLength(2);
      expect(calls.filter((c) => c === "POST /acls")).toHaveLength(2);
      const preview = await project.pulumi(["preview", "--expect-no-changes"]);
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
    },
  );

  it("growing partitions and an ACL flag are in-place updates of exactly those keys", async () => {
    await project.config("ordersPartitions", "6");
    await project.config("consumerWrite", "true");
    const plan = (await project.plan()).filter((s) => s.op !== "same").sort((a, b) => a.name.localeCompare(b.name));
    expect(plan).toEqual([
      { op: "update", type: T("Acl"), name: "consumer-all", changedKeys: ["allowWrite"], replaceReasons: [] },
      { op: "update", type: T("Topic"), name: "orders", changedKeys: ["partitions"], replaceReasons: [] },
    ]);
    await sim.clearRequests();
    await project.up();
    expect((await dbaasCalls()).sort()).toEqual(["PUT /acls/{id}", "PUT /topics/{id}"]);
    expect((await project.outputs()).ordersPartitions).toBe(6);
  });

  it("a partition shrink is rejected by check, naming the property, before any call", async () => {
    await project.config("ordersPartitions", "2");
    await sim.clearRequests();
    const r = await project.pulumi(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/property partitions value \{2\} has a problem: Kafka topics can only grow: 6 → 2/);
    expect(await dbaasCalls()).toEqual([]);
    await project.config("ordersPartitions", "6");
  });

  it("a topic rename replaces the topic and its ACL pattern follows", async () => {
    await project.config("ordersTopic", "orders-v2");
    const plan = (await project.plan()).filter((s) => s.op !== "same").sort((a, b) => a.name.localeCompare(b.name));
    expect(plan.map((s) => [s.name, s.op])).toEqual([
      ["orders", "replace"],
      ["producer-orders", "replace"],
    ]);
    expect(plan[0].replaceReasons).toEqual(["name"]);
    await project.up();
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("adopts an existing Kafka cluster without creating one", async () => {
    const types = await sim.selectelApi("GET", "/datastore-types");
    const kafkaType = types["datastore-types"].find((t: any) => t.engine === "kafka");
    const created = await sim.selectelApi("POST", "/datastores", {
      datastore: {
        type_id: kafkaType.id,
        subnet_id: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
        name: "legacy-events",
        node_count: 1,
        flavor: { vcpus: 2, ram: 4096, disk: 64 },
      },
    });
    const legacyId = created.datastore.id;
    for (let i = 0; i < 100; i++) {
      const d = await sim.selectelApi("GET", `/datastores/${legacyId}`);
      if (d.datastore.status === "ACTIVE") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const p = await PulumiProject.create("selectel-kafka", packedTarball(), { stack: "adopt" });
    await prepare(p);
    await p.config("clusterName", "legacy-events");
    await p.config("adopt", legacyId);
    await sim.clearRequests();
    await p.up();
    const calls = await dbaasCalls();
    expect(calls).not.toContain("POST /datastores");
    expect((await p.outputs()).clusterId).toBe(legacyId);
    await p.ok(["preview", "--expect-no-changes"]);
    await p.ok(["destroy", "--yes", "--skip-preview"]);
  });

  it("destroy leaves nothing behind and the state never held a password", async () => {
    const state = await project.exportState();
    expect(state).not.toContain("Producer-passw0rd");
    expect(state).not.toContain(SELECTEL.password);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    const list = await sim.selectelApi("GET", "/datastores");
    expect(list.datastores).toEqual([]);
    const topics = await sim.selectelApi("GET", "/topics");
    expect(topics.topics).toEqual([]);
  });
});
