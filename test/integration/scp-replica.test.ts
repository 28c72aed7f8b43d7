// scp.Replica against the simulator, in process through src/runtime.ts: a same-region and an
// other-region replica of one PostgreSQL cluster. Every call about the other-region replica must go
// to that region's endpoint (only its create goes to the source's), each in-place change must hit
// exactly its endpoint, promote is an update, and a source with replicas refuses to be deleted.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { startSim, SIM_ACCESS_KEY, SIM_SECRET_KEY, type Sim } from "../support/sim";
import { checked } from "../support/lifecycle";

const CLUSTER = "scp:Cluster";
const REPLICA = "scp:Replica";
// The request log names the mount that answered: each region's endpoint is its own service.
const HOME = "scp-postgresql-kr-west1";
const EAST = "scp-postgresql-kr-east1";

let sim: Sim;
let sourceId: string;
let sourceOuts: Record<string, any>;
const replicas: Record<"near" | "far", { id: string; inputs: Record<string, any>; outs: Record<string, any> }> = {} as never;

/** Requests since the last clear, as "METHOD <service> /path" with ids replaced. */
async function calls(filter: (r: { method: string }) => boolean = (r) => r.method !== "GET") {
  return (await sim.requests())
    .filter(filter)
    .map(
      (r) => `${r.method} ${r.service} ${r.path.replace(/\/[0-9a-f]{32}(?=\/|$)/g, "/{id}").replace(/\/req-[0-9a-f-]+$/, "/{request}")}`,
    );
}

async function change(which: "near" | "far", patch: Record<string, unknown>) {
  const r = replicas[which];
  const news = await checked(REPLICA, { ...r.inputs, ...patch }, r.inputs);
  const d = await runtime.diff(REPLICA, r.id, r.outs, news);
  expect(d).toMatchObject({ changes: true, replaces: [] });
  await sim.clearRequests();
  r.outs = (await runtime.update(REPLICA, r.id, r.outs, news)).outs;
  r.inputs = news;
  const made = await calls();
  const refreshed = await runtime.read(REPLICA, r.id, r.outs);
  expect((await runtime.diff(REPLICA, r.id, refreshed.props, r.inputs)).changes).toBe(false);
  return made;
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  process.env.SCP_ENDPOINT = `${sim.url}/scp/{region}/{service}`;
  process.env.SCP_REGION = "kr-west1";
  process.env.SCP_ACCESS_KEY = SIM_ACCESS_KEY;
  process.env.SCP_SECRET_KEY = SIM_SECRET_KEY;
  process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "20";
  process.env.DBAAS_WAIT_MAX_INTERVAL_MS = "100";
  process.env.DBAAS_HTTP_MIN_RETRY_MS = "20";
  process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), "scp-replica-journal-"));
  const inputs = await checked(CLUSTER, {
    engine: "postgresql",
    name: "orders",
    engineVersion: "16.4",
    subnetId: "subnet-a",
    serverType: "db1v2m4",
    instanceNamePrefix: "orders",
    blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
    allowedIps: ["10.0.0.0/24"],
    databaseName: "orders",
    databaseUserName: "app",
    databasePassword: "Int-passw0rd",
  });
  const created = await runtime.create(CLUSTER, inputs);
  sourceId = created.id;
  sourceOuts = created.outs;
});
afterAll(async () => {
  delete process.env.SCP_REGION;
  await sim?.close();
});

const near = () => ({
  sourceClusterId: sourceId,
  name: "orders-ro",
  serverType: "db1v2m4",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
});
const far = () => ({ ...near(), name: "orders-dr", region: "kr-east1", subnetId: "subnet-east" });

describe("scp.Replica against the simulator", () => {
  it("creates a same-region replica with one POST on the source, found by name, waited RUNNING", async () => {
    await sim.clearRequests();
    const inputs = await checked(REPLICA, near());
    const { id, outs } = await runtime.create(REPLICA, inputs);
    replicas.near = { id, inputs, outs };
    expect(await calls()).toEqual([`POST ${HOME} /v1/clusters/{id}/replicas`]);
    const post = (await sim.requests()).find((r) => r.method === "POST")!;
    expect(post.path).toBe(`/v1/clusters/${sourceId}/replicas`);
    expect(post.body).toMatchObject({ replica_count: 1, replicas: [{ name: "orders-ro" }] });
    expect(post.body).not.toHaveProperty("region");
    expect(outs).toMatchObject({ serviceState: "RUNNING", roleType: "REPLICA", followingClusterId: sourceId, promoted: false });
    expect(outs.endpoint).toMatch(/^\d+\.\d+\.\d+\.\d+:2866$/);
  });

  it("a read by id alone (scp.Replica.get) finds a replica of the stack's region, with GETs only", async () => {
    await sim.clearRequests();
    const r = await runtime.read(REPLICA, replicas.near.id, {});
    expect(r.id).toBe(replicas.near.id);
    expect(r.props).toMatchObject({
      name: "orders-ro",
      sourceClusterId: sourceId,
      roleType: "REPLICA",
      endpoint: replicas.near.outs.endpoint,
    });
    expect(await calls()).toEqual([]);
  });

  it("creates an other-region replica through the source's endpoint; everything else goes to kr-east1", async () => {
    await sim.clearRequests();
    const inputs = await checked(REPLICA, far());
    expect(inputs.natEnabled).toBe(false);
    const { id, outs } = await runtime.create(REPLICA, inputs);
    replicas.far = { id, inputs, outs };
    expect(await calls()).toEqual([`POST ${HOME} /v1/clusters/{id}/replicas/other-region`]);
    const post = (await sim.requests()).find((r) => r.method === "POST")!;
    expect(post.body).toMatchObject({ region: "kr-east1", subnet_id: "subnet-east", nat_enabled: false });
    // The replica is looked up, read and waited on in its own region only; the home region sees
    // the POST and the reads of the source (it must be settled before a change of it starts).
    const all = await sim.requests();
    expect(all.filter((r) => r.service === HOME && r.method === "GET").map((r) => r.path)).toEqual(
      expect.arrayContaining([`/v1/clusters/${sourceId}`]),
    );
    expect(all.filter((r) => r.service === HOME && r.method === "GET").every((r) => r.path === `/v1/clusters/${sourceId}`)).toBe(true);
    expect(all.filter((r) => r.service === EAST).map((r) => r.path)).toEqual(
      expect.arrayContaining(["/v1/clusters", "/v1/server-types", `/v1/clusters/${id}`]),
    );
    expect(outs).toMatchObject({
      serviceState: "RUNNING",
      roleType: "SECONDARY",
      followingClusterId: sourceId,
      region: "kr-east1",
      subnetId: "subnet-east",
    });
    // The home region's endpoint does not know it: it lives behind kr-east1's.
    process.env.SCP_REGION = "kr-west1";
    const wrongRegion = await runtime.read(REPLICA, id, { ...outs, region: undefined });
    expect(wrongRegion.id).toBe("");
  });

  it("refresh right after create reports no drift", async () => {
    for (const r of Object.values(replicas)) {
      const read = await runtime.read(REPLICA, r.id, r.outs);
      expect(read.inputs).toEqual(Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !k.startsWith("__"))));
      expect((await runtime.diff(REPLICA, r.id, read.props, r.inputs)).changes).toBe(false);
    }
  });

  it.each([
    ["serverType", { serverType: "db1v4m8" }, ["POST /v1/instance-groups/{id}/resize"]],
    [
      "block storage grow",
      { blockStorages: [{ roleType: "DATA", sizeGb: 112, volumeType: "SSD" }] },
      ["POST /v1/block-storage-groups/{id}/resize"],
    ],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "192.168.10.0/24"] }, ["POST /v1/clusters/{id}/security-group-rules"]],
    ["maintenance", { maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 } }, ["POST /v1/clusters/{id}/maintenance"]],
  ])("other-region %s changes in place through kr-east1's endpoint only", async (_what, patch, expected) => {
    expect(await change("far", patch)).toEqual(expected.map((e) => e.replace(" ", ` ${EAST} `)));
  });

  it("a source with replicas is not deleted: the error names them, no DELETE is sent", async () => {
    await sim.clearRequests();
    await expect(runtime.remove(CLUSTER, sourceId, sourceOuts)).rejects.toThrow(
      /cluster orders still has replicas: orders-ro \(kr-west1\), orders-dr \(kr-east1\)/,
    );
    expect(await calls()).toEqual([]);
  });

  it("promoted: true previews as an update, promotes with one POST, and the resource keeps the cluster", async () => {
    const r = replicas.near;
    const news = await checked(REPLICA, { ...r.inputs, promoted: true }, r.inputs);
    expect(await runtime.diff(REPLICA, r.id, r.outs, news)).toMatchObject({ changes: true, replaces: [] });
    expect(await change("near", { promoted: true })).toEqual([`POST ${HOME} /v1/clusters/{id}/promote`]);
    expect(r.outs).toMatchObject({ promoted: true, roleType: "ORIGIN", followingClusterId: "", sourceClusterId: sourceId });
    // Still managed: an in-place change on the promoted cluster works like on any cluster.
    expect(await change("near", { allowedIps: ["10.1.0.0/24"] })).toEqual([`POST ${HOME} /v1/clusters/{id}/security-group-rules`]);
  });

  it("setting promoted back to false is refused by check, with the reason", async () => {
    const r = replicas.near;
    const res = await runtime.check(REPLICA, r.inputs, { ...r.inputs, promoted: false });
    expect(res.failures).toEqual([
      { property: "promoted", reason: expect.stringMatching(/cannot go back to false: a promoted replica is a standalone cluster/) },
    ]);
  });

  it("a region equal to the stack's is refused before any request", async () => {
    await sim.clearRequests();
    const inputs = await checked(REPLICA, { ...far(), name: "orders-xx", region: "kr-west1" });
    await expect(runtime.create(REPLICA, inputs)).rejects.toThrow(/kr-west1 is the source's region/);
    expect(await sim.requests()).toEqual([]);
  });

  it("deletes the replicas (confirmed by a read in their region), then the source", async () => {
    await sim.clearRequests();
    await runtime.remove(REPLICA, replicas.far.id, replicas.far.outs);
    expect(await calls()).toEqual([`DELETE ${EAST} /v1/clusters/{id}`]);
    expect((await runtime.read(REPLICA, replicas.far.id, replicas.far.outs)).id).toBe("");
    await runtime.remove(REPLICA, replicas.near.id, replicas.near.outs);
    await sim.clearRequests();
    await runtime.remove(CLUSTER, sourceId, sourceOuts);
    expect(await calls()).toEqual([`DELETE ${HOME} /v1/clusters/{id}`]);
    const left = await sim.state();
    expect(JSON.stringify(left.services["scp-postgresql"])).not.toMatch(/orders/);
  });
});
