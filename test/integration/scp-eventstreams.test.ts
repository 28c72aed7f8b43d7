// scp.Cluster engine "eventstreams" against the simulator, in process through the runtime: each
// in-place change hits exactly its endpoint, fewer brokers is refused before any request, and
// nothing is left for refresh to report. (The version header is asserted in test/unit/scp-api-version.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { DirectScpClient } from "../support/scp-client";
import { resolveEngineVersion } from "../../src/scp/catalog";
import { createBody, KAFKA } from "../../src/scp/eventstreams/engine";
import { startSim, type Sim } from "../support/sim";
import { pointRuntimeAtSim } from "../support/scp";
import { changeInPlace, checked } from "../support/lifecycle";

const KIND = "scp:Cluster";
const declared = {
  engine: "eventstreams", name: "events", engineVersion: "3.7.1", subnetId: "subnet-a", serverType: "kafka1v2m4",
  instanceNamePrefix: "events", brokerCount: 3, blockStorages: [{ sizeGb: 104 }], allowedIps: ["10.0.0.0/24"],
  brokerSaslId: "kafka", brokerSaslPassword: "Int-br0ker!", zookeeperSaslId: "zoo", zookeeperSaslPassword: "Int-z00keeper!",
  akhqEnabled: true, akhqId: "admin", akhqPassword: "Int-akhq1!",
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

const eventStreamsApi = () => DirectScpClient.for({ config: () => undefined, log: () => {}, warn: () => {} }, "eventstreams");

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  pointRuntimeAtSim(sim, "scp-es-journal");
});
afterAll(async () => {
  await sim?.close();
});

describe("scp.Cluster (eventstreams) against the simulator", () => {
  it("creates the cluster with one POST to the EventStreams service and waits until RUNNING", async () => {
    inputs = await checked(KIND, declared);
    const created = await runtime.create(KIND, inputs);
    id = created.id;
    outs = created.outs;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(outs.serviceState).toBe("RUNNING");
    expect(outs.softwareVersion).toBe("3.7.1");
    expect(outs.bootstrapServers.split(",")).toHaveLength(3);
    expect(outs.bootstrapServers).toMatch(/^(\d+\.\d+\.\d+\.\d+:9091,?){3}$/);
    expect(outs.akhqUrl).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:8080$/);
    expect(Object.fromEntries(Object.entries(outs.instances).map(([role, nodes]: [string, any]) => [role, nodes.length]))).toEqual({ ZOOKEEPER_BROKER: 0, ZOOKEEPER: 3, BROKER: 3, AKHQ: 1 });
    expect(await sim.mutations()).toEqual(["POST /v1/clusters"]);
    const create = (await sim.requests()).find((r) => r.method === "POST")!;
    expect(create.service).toBe("scp-eventstreams");
    expect(create.body.is_combined).toBe(false);
    expect(create.body.akhq_enabled).toBe(true);
  });

  it("refresh right after create reports no drift", async () => {
    const r = await runtime.read(KIND, id, outs);
    expect(r.id).toBe(id);
    expect(r.inputs).toEqual(Object.fromEntries(Object.entries(inputs).filter(([k]) => !k.startsWith("__"))));
  });

  it.each([
    ["serverType", { serverType: "kafka1v4m16" }, ["POST /v1/instance-groups/{id}/resize", "POST /v1/instance-groups/{id}/resize", "POST /v1/instance-groups/{id}/resize"]],
    ["block storage grow", { blockStorages: [{ roleType: "DATA", sizeGb: 112, volumeType: "SSD" }] }, ["POST /v1/block-storage-groups/{id}/resize"]],
    ["more brokers", { brokerCount: 4 }, ["POST /v1/clusters/{id}/add-instances"]],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "192.168.10.0/24"] }, ["POST /v1/clusters/{id}/security-group-rules"]],
    ["maintenance set", { maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 } }, ["POST /v1/clusters/{id}/maintenance"]],
    ["maintenance unset", { maintenance: undefined }, ["DELETE /v1/clusters/{id}/maintenance"]],
    ["stop", { running: false }, ["POST /v1/clusters/{id}/stop"]],
    ["start", { running: true }, ["POST /v1/clusters/{id}/start"]],
  ])("%s hits exactly its endpoint", async (_name, patch, expected) => {
    expect(await change(patch)).toEqual(expected);
  });

  it("adds brokers with the documented body and reports them as bootstrap servers", async () => {
    await change({ brokerCount: 5 });
    const add = (await sim.requests()).find((r) => r.path.endsWith("/add-instances"))!;
    expect(add.body).toEqual({ instance_count: 1, service_ip_addresses: [] });
    expect(outs.bootstrapServers.split(",")).toHaveLength(5);
  });

  it("a minor version hits exactly the patch endpoint, with the 1.1 body naming the engine as Show Cluster does", async () => {
    expect(await change({ engineVersion: "3.7.2" })).toEqual(["PUT /v1/clusters/{id}/patch"]);
    const patch = (await sim.requests()).find((r) => r.path.endsWith("/patch"))!;
    const shown: any = await eventStreamsApi().http.get(`/v1/clusters/${id}`);
    expect(patch.body).toEqual({ dbaas_engine: shown.dbaas_engine, software_version: "3.7.2" });
    expect(outs.softwareVersion).toBe("3.7.2");
  });

  it("fewer brokers is refused in check: no request at all", async () => {
    await sim.clearRequests();
    const r = await runtime.check(KIND, inputs, { ...inputs, brokerCount: 2 });
    expect(r.failures).toEqual([{ property: "brokerCount", reason: expect.stringContaining("5 → 2") }]);
    expect(await sim.requests()).toEqual([]);
  });

  it("a failed operation is recorded as a partial failure and the next update converges", async () => {
    await sim.fault({ kind: "fail-operation", method: "POST", path: "/add-instances$", count: 1 });
    const news = await checked(KIND, { ...inputs, brokerCount: 6 }, inputs);
    const err: any = await runtime.update(KIND, id, outs, news).catch((e) => e);
    expect(err.id).toBe(id);
    expect(err.reasons[0]).toMatch(/FAILED/);
    expect(err.properties.brokerCount).toBe(5); // the live value: the change did not happen
    await sim.clearRequests();
    outs = (await runtime.update(KIND, id, err.properties, news)).outs;
    inputs = news;
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/add-instances"]);
    expect(outs.brokerCount).toBe(6);
  });

  it("out-of-band changes show as drift on read", async () => {
    const api = eventStreamsApi();
    const group = outs.instanceGroups.find((g: any) => g.roleType === "BROKER").id;
    const accepted = await api.mutate("POST", `/v1/instance-groups/${group}/resize`, { server_type_name: "kafka1v8m32" });
    await api.waitRequest(accepted.request_id, "cluster", "resize");
    await api.waitState(() => api.http.get(`/v1/clusters/${id}`) as any, "cluster", "resize", ["RUNNING"]);
    const r = await runtime.read(KIND, id, outs);
    expect(r.inputs!.serverType).toBe("kafka1v8m32");
    expect((await runtime.diff(KIND, id, r.props, inputs)).replaces).toEqual([]);
  });

  it("isCombined and AKHQ replace the cluster, naming the property", async () => {
    expect((await runtime.diff(KIND, id, outs, await checked(KIND, { ...inputs, isCombined: true }, inputs))).replaces).toEqual(["isCombined"]);
    const d = await runtime.diff(KIND, id, outs, await checked(KIND, { ...inputs, akhqEnabled: false, akhqId: undefined, akhqPassword: undefined }, inputs));
    expect(d.replaces).toEqual(["akhqEnabled", "akhqId"]);
    expect(d.deleteBeforeReplace).toBe(true); // the name stays, and names are unique
  });

  it("adopts a cluster made outside Pulumi without creating one, and refuses a declared difference", async () => {
    const api = eventStreamsApi();
    const legacy = await checked(KIND, { ...declared, name: "legacy", akhqEnabled: false, akhqId: undefined, akhqPassword: undefined });
    const version = await resolveEngineVersion(api, "3.7.1", KAFKA);
    const accepted = await api.mutate("POST", "/v1/clusters", createBody(legacy as any, version.id));
    const legacyId = accepted.resource.id;
    await api.waitState(() => api.http.get(`/v1/clusters/${legacyId}`) as any, "cluster legacy", "create", ["RUNNING"]);
    await sim.clearRequests();
    const refused: any = await runtime.create(KIND, { ...legacy, brokerCount: 4, adopt: legacyId }).catch((e) => e);
    expect(refused.message).toMatch(/brokerCount: live 3, declared 4/);
    const adopted = await runtime.create(KIND, { ...legacy, adopt: legacyId });
    expect(adopted.id).toBe(legacyId);
    expect(adopted.outs.bootstrapServers.split(",")).toHaveLength(3);
    expect(await sim.mutations()).toEqual([]);
    expect((await runtime.diff(KIND, legacyId, adopted.outs, { ...legacy, adopt: legacyId })).changes).toBe(false);
    await runtime.remove(KIND, legacyId, adopted.outs);
  });

  it("deletes and waits until the cluster is gone", async () => {
    await sim.clearRequests();
    await runtime.remove(KIND, id, outs);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
    expect((await runtime.read(KIND, id, outs)).id).toBe("");
    const list: any = await eventStreamsApi().http.get("/v1/clusters");
    expect(list.contents).toEqual([]);
  });
});
