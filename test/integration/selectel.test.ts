// Selectel resources against the simulator, in process: every in-place change hits exactly its
// endpoint, children follow their datastore, tokens renew, and refresh after a change is clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { PUBLIC_CLASSES, declaredOutputs } from "../support/declarations";
import { startSim, type Sim } from "../support/sim";
import { Managed, checked } from "../support/lifecycle";
import { pointRuntimeAtSelectel } from "../support/selectel";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ stepMs: 60 });
  pointRuntimeAtSelectel(sim, "selectel-journal");
});
afterAll(async () => {
  await sim?.close();
});

const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";

describe("selectel.Cluster (postgresql)", () => {
  const pg = new Managed("selectel:Cluster", () => sim);

  it("creates, then applies the firewall once ACTIVE", async () => {
    await sim.clearRequests();
    await pg.create({
      engine: "postgresql",
      version: "16",
      name: "pg-main",
      subnetId: SUBNET,
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
      config: { work_mem: "128" },
      firewall: ["10.0.0.5"],
    });
    expect(pg.outs.status).toBe("ACTIVE");
    const calls = (await sim.mutations()).filter((c) => !c.includes("/auth/tokens"));
    expect(calls).toEqual(["POST /datastores", "PUT /datastores/{id}/firewall"]);
    const create = (await sim.requests()).find((r) => r.method === "POST" && r.path.endsWith("/datastores"))!;
    expect(create.body.datastore.config).toEqual({ work_mem: 128 }); // typed by configuration-parameters
    expect(create.body.datastore.firewall).toBeUndefined();
    await pg.expectNoDrift();
  });

  it.each([
    ["name", { name: "pg-renamed" }, ["PUT /datastores/{id}"]],
    ["nodeCount", { nodeCount: 2 }, ["POST /datastores/{id}/resize"]],
    ["flavor", { flavor: { vcpus: 2, ram: 8192, disk: 64 } }, ["POST /datastores/{id}/resize"]],
    ["config add", { config: { work_mem: "256", transform_null_equals: true } }, ["PUT /datastores/{id}/config"]],
    ["config remove", { config: { work_mem: "256" } }, ["PUT /datastores/{id}/config"]],
    ["firewall", { firewall: ["10.0.0.5", "10.0.0.6"] }, ["PUT /datastores/{id}/firewall"]],
    ["pooler", { pooler: { mode: "transaction", size: 50 } }, ["PUT /datastores/{id}/pooler"]],
    ["backups", { backupRetentionDays: 14 }, ["PUT /datastores/{id}/backups"]],
    ["protection on", { deletionProtection: true }, ["PUT /datastores/{id}/protection"]],
    ["protection off", { deletionProtection: false }, ["PUT /datastores/{id}/protection"]],
  ])("%s hits exactly its endpoint", async (_n, patch, expected) => {
    expect(await pg.change(patch)).toEqual(expected);
  });

  it("sends typed values, and null to reset a removed config key", async () => {
    await pg.change({ config: { work_mem: "512", vacuum_cost_delay: "2.5", transform_null_equals: "true", xmloption: "document" } });
    let put = (await sim.requests()).find((r) => r.path.endsWith("/config"))!;
    expect(put.body.config).toEqual({ work_mem: 512, vacuum_cost_delay: 2.5, transform_null_equals: true, xmloption: "document" });
    await pg.change({ config: { work_mem: "512" } });
    put = (await sim.requests()).find((r) => r.path.endsWith("/config"))!;
    expect(put.body.config).toEqual({ vacuum_cost_delay: null, transform_null_equals: null, xmloption: null });
  });

  it("switches from flavor to flavorId and back", async () => {
    const flavors: any = await sim.selectelApi("GET", "/flavors");
    const target = flavors.flavors.find((f: any) => f.vcpus === 4 && f.name.startsWith("SQL"));
    expect(await pg.change({ flavor: undefined, flavorId: target.id })).toEqual(["POST /datastores/{id}/resize"]);
    let resize = (await sim.requests()).find((r) => r.path.endsWith("/resize"))!;
    expect(resize.body.resize).toEqual({ node_count: 2, flavor_id: target.id });
    expect(await pg.change({ flavorId: undefined, flavor: { vcpus: 8, ram: 32768, disk: 256 } })).toEqual(["POST /datastores/{id}/resize"]);
    resize = (await sim.requests()).find((r) => r.path.endsWith("/resize"))!;
    expect(resize.body.resize).toEqual({ node_count: 2, flavor: { vcpus: 8, ram: 32768, disk: 256 } });
  });

  it("omitted security groups never diff; declared ones go through their endpoint", async () => {
    expect((await runtime.diff(pg.kind, pg.id, pg.outs, pg.inputs)).changes).toBe(false);
    const groups = ["1f0e8a7c-2b3d-4e5f-8a9b-0c1d2e3f4a5b"];
    expect(await pg.change({ securityGroups: groups })).toEqual(["PUT /datastores/{id}/security-groups"]);
  });

  it("a datastore in DEGRADED ends the wait with its state; once ACTIVE again the change converges", async () => {
    await sim.control("POST", "services/selectel-dbaas/set-status", { region: "ru-7", datastore_id: pg.id, status: "DEGRADED" });
    const news = await checked(pg.kind, { ...pg.inputs, name: "pg-after-degraded" }, pg.inputs);
    const err: any = await runtime.update(pg.kind, pg.id, pg.outs, news).catch((e) => e);
    expect(err.id).toBe(pg.id);
    expect(err.reasons[0]).toMatch(/state DEGRADED/);
    await sim.control("POST", "services/selectel-dbaas/set-status", { region: "ru-7", datastore_id: pg.id, status: "ACTIVE" });
    pg.outs = (await runtime.update(pg.kind, pg.id, err.properties, news)).outs;
    pg.inputs = news;
    expect(pg.outs.name).toBe("pg-after-degraded");
  });

  it(
    "a create the cloud ends in ERROR is marked: diff answers a delete-first replacement, the ERROR " +
      "datastore is deleted and the name created again",
    async () => {
      await sim.fault({ service: "selectel-dbaas", method: "POST", path: "/v1/datastores$", kind: "fail-operation", count: 1 });
      const inputs = await checked("selectel:Cluster", {
        engine: "postgresql",
        version: "16",
        name: "pg-failing",
        subnetId: SUBNET,
        flavor: { vcpus: 2, ram: 4096, disk: 32 },
      });
      const err: any = await runtime.create("selectel:Cluster", inputs).catch((e) => e);
      expect(err.reasons[0]).toMatch(/state ERROR.*the next `pulumi up` deletes it and creates it again/);
      expect(err.properties).toMatchObject({ status: "ERROR", __createFailed: { state: "ERROR" } });
      const log = console.log;
      const warned: string[] = [];
      console.log = (line: string) => warned.push(line);
      const d = await runtime.diff("selectel:Cluster", err.id, err.properties, inputs).finally(() => (console.log = log));
      expect(d).toEqual({ changes: true, replaces: ["__createFailed"], deleteBeforeReplace: true });
      expect(warned).toEqual([expect.stringContaining(`selectel:Cluster pg-failing (${err.id}) ended ERROR during create`)]);
      const { __createFailed: _mark, ...unmarked } = err.properties;
      const resumed: any = await runtime.update("selectel:Cluster", err.id, unmarked, inputs).catch((e) => e);
      expect(resumed.reasons[0]).toMatch(/is ERROR: it cannot be changed in place.*`pulumi up --replace '<urn>'`.*Selectel control panel/);
      await runtime.remove("selectel:Cluster", err.id, err.properties);
      const again = await runtime.create("selectel:Cluster", inputs);
      expect(again.outs.status).toBe("ACTIVE");
      expect(again.outs).not.toHaveProperty("__createFailed");
      await runtime.remove("selectel:Cluster", again.id, again.outs);
    },
  );

  it("rejects bad input in check, naming the property", async () => {
    const bad = async (patch: Record<string, unknown>) => (await runtime.check(pg.kind, pg.inputs, { ...pg.inputs, ...patch })).failures;
    expect((await bad({ flavorId: "x" }))[0].property).toBe("flavorId"); // both forms set
    expect((await bad({ engine: "mongodb" }))[0].reason).toContain("postgresql");
    expect((await bad({ pooler: { mode: "bulk", size: 1 } }))[0].property).toBe("pooler.mode");
    expect((await bad({ flavor: { vcpus: 2, ram: 8192, disk: 32 } }))[0].property).toBe("flavor.disk");
  });
});

describe("selectel children", () => {
  const cluster = new Managed("selectel:Cluster", () => sim);
  const user = new Managed("selectel:User", () => sim);
  const database = new Managed("selectel:Database", () => sim);
  const grant = new Managed("selectel:Grant", () => sim);
  const extension = new Managed("selectel:Extension", () => sim);

  it("creates a cluster, a user, a database owned by it, a grant and an extension by name", async () => {
    await cluster.create({
      engine: "postgresql",
      version: "16",
      name: "pg-children",
      subnetId: SUBNET,
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
    });
    await user.create({ clusterId: cluster.id, name: "app", password: "App-passw0rd" });
    await database.create({ clusterId: cluster.id, name: "orders", ownerId: user.id });
    await grant.create({ clusterId: cluster.id, databaseId: database.id, userId: user.id });
    await sim.clearRequests();
    await extension.create({ clusterId: cluster.id, databaseId: database.id, name: "pgcrypto" });
    const post = (await sim.requests()).find((r) => r.method === "POST" && r.path.endsWith("/extensions"))!;
    expect(post.body.extension.available_extension_id).toMatch(/^[0-9a-f-]{36}$/);
    for (const m of [user, database, grant, extension]) {
      expect(m.outs.status).toBe("ACTIVE");
      await m.expectNoDrift();
    }
  });

  it("every checked input is an output (defaults included), and every output is declared on the class", () => {
    expect(cluster.outs).toMatchObject({ nodeCount: 1, config: {}, firewall: [], deletionProtection: false, version: "16" });
    for (const m of [cluster, user, database, grant, extension]) {
      expect([m.kind, Object.keys(m.inputs).filter((k) => !k.startsWith("__") && !(k in m.outs))]).toEqual([m.kind, []]);
      const c = PUBLIC_CLASSES.find((x) => x.kind === m.kind)!;
      const declared = declaredOutputs(c.file, c.className);
      expect([m.kind, Object.keys(m.outs).filter((k) => !declared.includes(k))]).toEqual([m.kind, []]);
    }
  });

  it("a read by id alone (get) reads each object as the API reports it, with GETs only", async () => {
    await sim.clearRequests();
    for (const m of [cluster, user, database, grant, extension]) {
      const r = await runtime.read(m.kind, m.id, {});
      expect(r.id).toBe(m.id);
      // A password is never read back; an extension declared by name reads back by its id.
      const { password: _never, ...readable } = m.outs;
      if (m === extension) {
        delete readable.name;
        expect(r.props.availableExtensionId).toBe(m.outs.availableExtensionIdResolved);
      }
      expect([m.kind, r.props]).toEqual([m.kind, expect.objectContaining(readable)]);
    }
    expect((await sim.mutations()).filter((c) => !c.includes("/auth/tokens"))).toEqual([]);
  });

  it("changes a user's password and a database's owner in place", async () => {
    expect(await user.change({ password: "New-passw0rd" })).toEqual(["PUT /users/{id}"]);
    const other = await new Managed("selectel:User", () => sim).create({
      clusterId: cluster.id,
      name: "other",
      password: "Other-passw0rd",
    });
    expect(await database.change({ ownerId: other.id })).toEqual(["PUT /databases/{id}"]);
  });

  it("a grant and an extension replace on any change", async () => {
    const d = await runtime.diff(grant.kind, grant.id, grant.outs, { ...grant.inputs, userId: "00000000-0000-0000-0000-000000000000" });
    expect(d.replaces).toEqual(["userId"]);
    const e = await runtime.diff(extension.kind, extension.id, extension.outs, { ...extension.inputs, name: "hstore" });
    expect(e.replaces).toEqual(["name"]);
  });

  it("adopts an existing user by id, and refuses one that differs", async () => {
    const adopted = await new Managed("selectel:User", () => sim).create({
      clusterId: cluster.id,
      name: "app",
      password: "New-passw0rd",
      adopt: user.id,
    });
    expect(adopted.id).toBe(user.id);
    const err = await runtime
      .create(
        "selectel:User",
        await checked("selectel:User", { clusterId: cluster.id, name: "someone", password: "x-passw0rd", adopt: user.id }),
      )
      .catch((e) => e);
    expect(String(err.message)).toContain('name: live "app", declared "someone"');
  });

  it("restores a new cluster from another at a point in time (create only)", async () => {
    await new Promise((r) => setTimeout(r, 1100)); // the target time must be after the source finished creating
    const target = new Date(Date.now() - 500).toISOString().slice(0, 19);
    await sim.clearRequests();
    const restored = await new Managed("selectel:Cluster", () => sim).create({
      engine: "postgresql",
      version: "16",
      name: "pg-restored",
      subnetId: SUBNET,
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
      restore: { clusterId: cluster.id, targetTime: target },
    });
    const post = (await sim.requests()).find((r) => r.method === "POST" && r.path.endsWith("/datastores"))!;
    expect(post.body.datastore.restore).toEqual({ datastore_id: cluster.id, target_time: target });
    expect(restored.outs.restore).toEqual({ clusterId: cluster.id, targetTime: target });
    // A later change of the restore point is not a change of the cluster.
    expect(
      (
        await runtime.diff(restored.kind, restored.id, restored.outs, {
          ...restored.inputs,
          restore: { clusterId: cluster.id, targetTime: "2020-01-01T00:00:00" },
        })
      ).changes,
    ).toBe(false);
    await runtime.remove(restored.kind, restored.id, restored.outs);
  });

  it("deleting the cluster cascades; deleting a child afterwards is a success", async () => {
    await runtime.remove(cluster.kind, cluster.id, cluster.outs);
    expect((await runtime.read(user.kind, user.id, user.outs)).id).toBe("");
    await runtime.remove(user.kind, user.id, user.outs);
    await runtime.remove(grant.kind, grant.id, grant.outs);
  });
});

describe("selectel Kafka topics and ACLs", () => {
  const kafka = new Managed("selectel:Cluster", () => sim);
  const user = new Managed("selectel:User", () => sim);
  const topic = new Managed("selectel:Topic", () => sim);
  const acl = new Managed("selectel:Acl", () => sim);

  it("creates the cluster, a user, a topic and an ACL", async () => {
    await kafka.create({ engine: "kafka", version: "3.5", name: "events", subnetId: SUBNET, flavor: { vcpus: 2, ram: 4096, disk: 64 } });
    await user.create({ clusterId: kafka.id, name: "producer", password: "Prod-passw0rd" });
    await topic.create({ clusterId: kafka.id, name: "orders", partitions: 3 });
    await acl.create({ clusterId: kafka.id, userId: user.id, patternType: "literal", pattern: "orders", allowWrite: true });
    await acl.expectNoDrift();
  });

  it("grows partitions in place and rejects a shrink in check", async () => {
    expect(await topic.change({ partitions: 6 })).toEqual(["PUT /topics/{id}"]);
    const { failures } = await runtime.check(topic.kind, topic.inputs, { ...topic.inputs, partitions: 2 });
    expect(failures).toEqual([{ property: "partitions", reason: expect.stringContaining("only grow") }]);
  });

  it("changes ACL flags in place; both false is rejected before any call", async () => {
    expect(await acl.change({ allowRead: true })).toEqual(["PUT /acls/{id}"]);
    const { failures } = await runtime.check(acl.kind, acl.inputs, { ...acl.inputs, allowRead: false, allowWrite: false });
    expect(failures[0].reason).toContain("at least one of allowRead or allowWrite");
    const all = await runtime.check(
      acl.kind,
      {},
      { clusterId: kafka.id, userId: user.id, patternType: "all", pattern: "x", allowRead: true },
    );
    expect(all.failures[0].property).toBe("pattern");
  });

  it("a topic and an ACL read by id alone (get) as the API reports them", async () => {
    for (const m of [topic, acl]) expect([m.kind, (await runtime.read(m.kind, m.id, {})).props]).toEqual([m.kind, m.outs]);
  });

  it("a token that expires mid-run is renewed once and the call succeeds", async () => {
    await sim.selectelExpireTokens();
    await sim.clearRequests();
    expect(await topic.change({ partitions: 8 })).toEqual(["PUT /topics/{id}"]);
    const tokenCalls = (await sim.requests()).filter((r) => r.path.endsWith("/auth/tokens"));
    expect(tokenCalls.length).toBeGreaterThanOrEqual(1);
  });

  it("settings resources own one setting each", async () => {
    const pg = await new Managed("selectel:Cluster", () => sim).create({
      engine: "postgresql",
      version: "15",
      name: "pg-settings",
      subnetId: SUBNET,
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
    });
    const policy = await new Managed("selectel:BackupPolicy", () => sim).create({ clusterId: pg.id, retentionDays: 21 });
    expect(policy.id).toBe(`${pg.id}/backups`);
    expect(await policy.change({ retentionDays: 30 })).toEqual(["PUT /datastores/{id}/backups"]);
    const logs = await new Managed("selectel:LogExportConfig", () => sim).create({ clusterId: pg.id, logGroup: "s/dbaas/pg-settings" });
    await logs.expectNoDrift();
    await sim.clearRequests();
    // Read by id alone (get): the id names the cluster and the setting.
    for (const m of [policy, logs]) expect((await runtime.read(m.kind, m.id, {})).props).toEqual(m.outs);
    expect((await sim.mutations()).filter((c) => !c.includes("auth"))).toEqual([]);
    await runtime.remove(logs.kind, logs.id, logs.outs);
    await runtime.remove(policy.kind, policy.id, policy.outs);
    expect((await sim.mutations()).filter((c) => !c.includes("auth"))).toEqual([
      "DELETE /datastores/{id}/log-platform",
      "PUT /datastores/{id}/backups",
    ]);
  });
});
