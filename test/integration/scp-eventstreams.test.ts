// scp.Cluster engine "eventstreams" against the simulator, in process through the runtime: the
// scenarios every engine shares (test/support/scenarios/scp-cluster-integration.ts) with this
// engine's values, and what only EventStreams has: brokers added (never removed), the patch body,
// AKHQ. (The version header is asserted in test/unit/scp-api-version.test.ts.)
import { describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { resolveEngineVersion } from "../../src/scp/catalog";
import { createBody, KAFKA } from "../../src/scp/eventstreams/engine";
import { checked } from "../support/lifecycle";
import { KIND, scpClusterInProcess } from "../support/scenarios/scp-cluster-integration";

const declared = {
  engine: "eventstreams",
  name: "events",
  engineVersion: "3.7.1",
  subnetId: "subnet-a",
  serverType: "kafka1v2m4",
  instanceNamePrefix: "events",
  brokerCount: 3,
  blockStorages: [{ sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  brokerSaslId: "kafka",
  brokerSaslPassword: "Int-br0ker!",
  zookeeperSaslId: "zoo",
  zookeeperSaslPassword: "Int-z00keeper!",
  akhqEnabled: true,
  akhqId: "admin",
  akhqPassword: "Int-akhq1!",
};

const c = scpClusterInProcess("eventstreams", declared, "scp-es-journal");

describe("scp.Cluster (eventstreams) against the simulator", () => {
  c.created((outs, body) => {
    expect(outs.bootstrapServers.split(",")).toHaveLength(3);
    expect(outs.bootstrapServers).toMatch(/^(\d+\.\d+\.\d+\.\d+:9091,?){3}$/);
    expect(outs.akhqUrl).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:8080$/);
    expect(Object.fromEntries(Object.entries(outs.instances).map(([role, nodes]: [string, any]) => [role, nodes.length]))).toEqual({
      ZOOKEEPER_BROKER: 0,
      ZOOKEEPER: 3,
      BROKER: 3,
      AKHQ: 1,
    });
    expect(body.is_combined).toBe(false);
    expect(body.akhq_enabled).toBe(true);
  });

  c.noDriftAfterCreate();

  c.readById(["postgresql", "cachestore", "eventstreams"], (outs) => ({ brokerCount: 3, bootstrapServers: outs.bootstrapServers }));

  c.inPlace([
    [
      "serverType",
      { serverType: "kafka1v4m16" },
      ["POST /v1/instance-groups/{id}/resize", "POST /v1/instance-groups/{id}/resize", "POST /v1/instance-groups/{id}/resize"],
    ],
    [
      "block storage grow",
      { blockStorages: [{ roleType: "DATA", sizeGb: 112, volumeType: "SSD" }] },
      ["POST /v1/block-storage-groups/{id}/resize"],
    ],
    ["more brokers", { brokerCount: 4 }, ["POST /v1/clusters/{id}/add-instances"]],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "192.168.10.0/24"] }, ["POST /v1/clusters/{id}/security-group-rules"]],
    [
      "maintenance set",
      { maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 } },
      ["POST /v1/clusters/{id}/maintenance"],
    ],
    ["maintenance unset", { maintenance: undefined }, ["DELETE /v1/clusters/{id}/maintenance"]],
    ["stop", { running: false }, ["POST /v1/clusters/{id}/stop"]],
    ["start", { running: true }, ["POST /v1/clusters/{id}/start"]],
  ]);

  it("adds brokers with the documented body and reports them as bootstrap servers", async () => {
    await c.change({ brokerCount: 5 });
    const add = (await c.sim.requests()).find((r) => r.path.endsWith("/add-instances"))!;
    expect(add.body).toEqual({ instance_count: 1, service_ip_addresses: [] });
    expect(c.outs.bootstrapServers.split(",")).toHaveLength(5);
  });

  it("a minor version hits exactly the patch endpoint, with the 1.1 body naming the engine as Show Cluster does", async () => {
    expect(await c.change({ engineVersion: "3.7.2" })).toEqual(["PUT /v1/clusters/{id}/patch"]);
    const patch = (await c.sim.requests()).find((r) => r.path.endsWith("/patch"))!;
    const shown: any = await c.api().http.get(`/v1/clusters/${c.id}`);
    expect(patch.body).toEqual({ dbaas_engine: shown.dbaas_engine, software_version: "3.7.2" });
    expect(c.outs.softwareVersion).toBe("3.7.2");
  });

  it("fewer brokers is refused in check: no request at all", async () => {
    await c.sim.clearRequests();
    const r = await runtime.check(KIND, c.inputs, { ...c.inputs, brokerCount: 2 });
    expect(r.failures).toEqual([{ property: "brokerCount", reason: expect.stringContaining("5 → 2") }]);
    expect(await c.sim.requests()).toEqual([]);
  });

  c.failedOperation({
    patch: { brokerCount: 6 },
    path: "/add-instances$",
    recorded: (props) => expect(props.brokerCount).toBe(5), // the live value: the change did not happen
    calls: ["POST /v1/clusters/{id}/add-instances"],
    converged: (outs) => expect(outs.brokerCount).toBe(6),
  });

  c.drift((role) => role === "BROKER", "kafka1v8m32");

  it("isCombined and AKHQ replace the cluster, naming the property", async () => {
    const { id, outs, inputs } = c;
    const combined = await runtime.check(KIND, inputs, { ...inputs, isCombined: true });
    // The replacement's create would carry 6 combined nodes, which the API refuses (a quorum is 1 or 3): preview says so.
    expect(combined.failures.map((f) => f.property)).toEqual(["brokerCount"]);
    expect((await runtime.diff(KIND, id, outs, combined.inputs)).replaces).toEqual(["isCombined"]);
    const d = await runtime.diff(
      KIND,
      id,
      outs,
      await checked(KIND, { ...inputs, akhqEnabled: false, akhqId: undefined, akhqPassword: undefined }, inputs),
    );
    expect(d.replaces).toEqual(["akhqEnabled", "akhqId"]);
    expect(d.deleteBeforeReplace).toBe(true); // the name stays, and names are unique
  });

  c.adopts({
    legacy: { name: "legacy", akhqEnabled: false, akhqId: undefined, akhqPassword: undefined },
    body: async (api, program) => createBody(program as any, (await resolveEngineVersion(api, "3.7.1", KAFKA)).id),
    difference: { brokerCount: 4 },
    refusal: /brokerCount: live 3, declared 4/,
    adopted: (outs) => expect(outs.bootstrapServers.split(",")).toHaveLength(3),
  });

  c.deleted();
});
