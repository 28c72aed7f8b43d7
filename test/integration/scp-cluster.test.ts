// scp.Cluster against the simulator, in process: each in-place change must hit exactly its
// endpoint(s), in the declared order, and leave nothing for refresh to report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { startSim, SIM_ACCESS_KEY, SIM_SECRET_KEY, type Sim } from "../support/sim";

const KIND = "scp:Cluster";
const declared = {
  engine: "postgresql", name: "orders", engineVersion: "16.4", subnetId: "subnet-a", serverType: "db1v2m4",
  instanceNamePrefix: "orders", blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"], databaseName: "orders", databaseUserName: "app", databasePassword: "Int-passw0rd",
};

let sim: Sim;
let id: string;
let outs: Record<string, any>;
let inputs: Record<string, any>;

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const r = await runtime.check(KIND, olds, news);
  expect(r.failures).toEqual([]);
  return r.inputs;
}

/** Applies `patch` as pulumi would (check, diff, update) and returns the mutating calls it made. */
async function change(patch: Record<string, unknown>) {
  const news = await checked({ ...inputs, ...patch }, inputs);
  const d = await runtime.diff(KIND, id, outs, news);
  expect(d.changes).toBe(true);
  expect(d.replaces).toEqual([]);
  await sim.clearRequests();
  outs = (await runtime.update(KIND, id, outs, news)).outs;
  inputs = news;
  const calls = await sim.mutations();
  // Nothing left for refresh to report, nothing left for the next diff.
  const refreshed = await runtime.read(KIND, id, outs);
  expect((await runtime.diff(KIND, id, refreshed.props, inputs)).changes).toBe(false);
  return calls;
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  process.env.SCP_ENDPOINT = sim.scpEndpoint;
  process.env.SCP_ACCESS_KEY = SIM_ACCESS_KEY;
  process.env.SCP_SECRET_KEY = SIM_SECRET_KEY;
  process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "20";
  process.env.DBAAS_WAIT_MAX_INTERVAL_MS = "100";
  process.env.DBAAS_HTTP_MIN_RETRY_MS = "20";
});
afterAll(async () => {
  await sim?.close();
});

describe("scp.Cluster (postgresql) against the simulator", () => {
  it("creates the cluster with one POST and waits until RUNNING", async () => {
    inputs = await checked(declared);
    const created = await runtime.create(KIND, inputs);
    id = created.id;
    outs = created.outs;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(outs.serviceState).toBe("RUNNING");
    expect(outs.softwareVersion).toBe("16.4");
    expect(outs.blockStorageIds).toHaveLength(1);
    expect(outs.connectionString).toContain("Int-passw0rd");
    expect(await sim.mutations()).toEqual(["POST /v1/clusters"]);
    const create = (await sim.requests()).find((r) => r.method === "POST")!;
    expect(create.body.instance_groups[0].server_type_name).toBe("db1v2m4");
    expect(JSON.stringify(create.body)).not.toContain("Int-passw0rd"); // the log redacts passwords
  });

  it("refresh right after create reports no drift", async () => {
    const r = await runtime.read(KIND, id, outs);
    expect(r.id).toBe(id);
    expect(r.inputs).toEqual(Object.fromEntries(Object.entries(inputs).filter(([k]) => !k.startsWith("__"))));
  });

  it.each([
    ["serverType", { serverType: "db1v4m8" }, ["POST /v1/instance-groups/{id}/resize"]],
    ["block storage grow", { blockStorages: [{ roleType: "DATA", sizeGb: 112, volumeType: "SSD" }] }, ["POST /v1/block-storage-groups/{id}/resize"]],
    ["block storage add", { blockStorages: [{ roleType: "DATA", sizeGb: 112, volumeType: "SSD" }, { roleType: "ARCHIVE", sizeGb: 56, volumeType: "SSD" }] }, ["POST /v1/instance-groups/{id}/block-storage-groups"]],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "192.168.10.0/24"] }, ["POST /v1/clusters/{id}/security-group-rules"]],
    ["maintenance set", { maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 } }, ["POST /v1/clusters/{id}/maintenance"]],
    ["maintenance unset", { maintenance: undefined }, ["DELETE /v1/clusters/{id}/maintenance"]],
    ["parameters", { parameters: { max_connections: "200" } }, ["PUT /v1/clusters/{id}/parameters"]],
    ["auditLog", { auditLog: true }, ["PUT /v1/clusters/{id}/audit-log"]],
    ["backup set", { backup: { retentionDays: 14, startHour: 3, archiveFrequencyMinutes: 30 } }, ["POST /v1/clusters/{id}/backups"]],
    ["backup unset", { backup: undefined }, ["DELETE /v1/clusters/{id}/backups"]],
    ["stop", { running: false }, ["POST /v1/clusters/{id}/stop"]],
    ["start", { running: true }, ["POST /v1/clusters/{id}/start"]],
    ["minor version", { engineVersion: "16.6" }, ["PUT /v1/clusters/{id}/patch"]],
  ])("%s hits exactly its endpoint", async (_name, patch, expected) => {
    expect(await change(patch)).toEqual(expected);
  });

  it("several changes run in the declared order, one endpoint each", async () => {
    const calls = await change({ auditLog: false, serverType: "db1v2m4", allowedIps: ["10.0.0.0/24"] });
    expect(calls).toEqual([
      "POST /v1/instance-groups/{id}/resize",
      "POST /v1/clusters/{id}/security-group-rules",
      "PUT /v1/clusters/{id}/audit-log",
    ]);
  });

  it("sends the set difference of allowed IPs", async () => {
    await change({ allowedIps: ["172.16.0.0/16"] });
    const rules = (await sim.requests()).find((r) => r.path.endsWith("/security-group-rules"))!;
    expect(rules.body).toEqual({ add_ip_addresses: ["172.16.0.0/16"], del_ip_addresses: ["10.0.0.0/24"] });
  });

  it("a removed parameter goes back to its default", async () => {
    await change({ parameters: {} });
    const put = (await sim.requests()).find((r) => r.method === "PUT" && r.path.endsWith("/parameters"))!;
    expect(put.body.parameters).toHaveLength(1);
    expect(put.body.parameters[0].old_value).toBe("200");
  });

  it("a failed operation is recorded as a partial failure and the next update converges", async () => {
    await sim.fault({ kind: "fail-operation", method: "POST", path: "/resize$", count: 1 });
    const news = await checked({ ...inputs, serverType: "db1v4m8" }, inputs);
    const err: any = await runtime.update(KIND, id, outs, news).catch((e) => e);
    expect(err.id).toBe(id);
    expect(err.reasons[0]).toMatch(/FAILED/);
    expect(err.properties.serverType).toBe("db1v2m4"); // the live value: the change did not happen
    // The engine keeps these properties; the next `up` calls update again from them.
    outs = (await runtime.update(KIND, id, err.properties, news)).outs;
    inputs = news;
    expect(outs.serverType).toBe("db1v4m8");
  });

  it("a create the cloud ends FAILED is recorded with its id, cannot be resumed, and can be deleted", async () => {
    await sim.fault({ kind: "fail-operation", method: "POST", path: "^/v1/clusters$", count: 1 });
    const failing = await checked({ ...declared, name: "failing" });
    const err: any = await runtime.create(KIND, failing).catch((e) => e);
    expect(err.id).toMatch(/^[0-9a-f]{32}$/);
    expect(err.reasons[0]).toMatch(/FAILED/);
    expect(err.properties.name).toBe("failing");
    const resumed: any = await runtime.update(KIND, err.id, err.properties, failing).catch((e) => e);
    expect(resumed.reasons[0]).toMatch(/state FAILED/);
    await runtime.remove(KIND, err.id, err.properties);
    expect((await runtime.read(KIND, err.id, err.properties)).id).toBe("");
  });

  it("out-of-band changes show as drift on read", async () => {
    const { ScpClient } = await import("../../src/scp/client");
    const api = ScpClient.for({ config: () => undefined, log: () => {} }, "postgresql");
    const group = outs.instanceGroups[0].id;
    const accepted = await api.mutate("POST", `/v1/instance-groups/${group}/resize`, { server_type_name: "db1v8m16" });
    await api.waitRequest(accepted.request_id, "cluster", "resize");
    await api.waitState(() => api.http.get(`/v1/clusters/${id}`) as any, "cluster", "resize", ["RUNNING"]);
    const r = await runtime.read(KIND, id, outs);
    expect(r.inputs!.serverType).toBe("db1v8m16");
    const d = await runtime.diff(KIND, id, r.props, inputs);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
    outs = (await runtime.update(KIND, id, r.props, inputs)).outs;
    expect(outs.serverType).toBe("db1v4m8");
  });

  it("deletes and waits until the cluster is gone", async () => {
    await sim.clearRequests();
    await runtime.remove(KIND, id, outs);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
    const r = await runtime.read(KIND, id, outs);
    expect(r.id).toBe("");
    await runtime.remove(KIND, id, outs); // deleting what is gone is a success
  });
});
