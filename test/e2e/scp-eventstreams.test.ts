// End to end with the real Pulumi CLI (local file backend) on examples/scp-eventstreams (TypeScript),
// installed from the packed tarball, against the simulator. Steps build on each other, in order.
import { describe, expect, it } from "vitest";
import { type PulumiProject } from "../support/pulumi";
import { SIM_SECRET_KEY, type Sim } from "../support/sim";
import { scpApi, useScpExample } from "../support/scp";

const BROKER_PASSWORD = "E2e-br0ker-pass!";
const ZOOKEEPER_PASSWORD = "E2e-z00keeper-pass!";
const CLUSTER = "pulumi-nodejs:dynamic/scp:Cluster";

let sim: Sim;
let project: PulumiProject;

const directApi = () => scpApi(sim, "eventstreams");

/** Runs `up` and returns the mutating calls it made. */
async function upCalls(): Promise<string[]> {
  await sim.clearRequests();
  await project.up();
  await project.ok(["preview", "--expect-no-changes"]);
  return sim.mutations();
}

async function planOf(): Promise<unknown[]> {
  return (await project.plan()).filter((s) => s.type === CLUSTER);
}

useScpExample("scp-eventstreams", { brokerSaslPassword: BROKER_PASSWORD, zookeeperSaslPassword: ZOOKEEPER_PASSWORD }, (s, p) => {
  sim = s;
  project = p;
});

describe("scp-eventstreams with the real pulumi CLI", { timeout: 600_000 }, () => {
  let clusterId = "";

  it("up creates the cluster and exports bootstrap servers and instances", async () => {
    await project.up();
    const out = await project.outputs();
    clusterId = out.clusterId;
    expect(clusterId).toMatch(/^[0-9a-f]{32}$/);
    expect(out.serviceState).toBe("RUNNING");
    expect(out.bootstrapServers.split(",")).toHaveLength(3);
    expect(out.akhqUrl).toBe("");
    expect(Object.fromEntries(Object.entries(out.instances).map(([role, nodes]: [string, any]) => [role, nodes.length]))).toEqual({ ZOOKEEPER_BROKER: 0, ZOOKEEPER: 3, BROKER: 3, AKHQ: 0 });
    expect(await sim.mutations()).toEqual(["POST /v1/clusters"]);
  });

  it("a second preview and a refresh show no changes", async () => {
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("server type and allowed IPs preview as an update of exactly those keys and hit exactly their endpoints", async () => {
    await project.config("serverType", "kafka1v4m16");
    await project.configJson("allowedIps", ["10.0.0.0/24", "192.168.0.0/16"]);
    expect(await planOf()).toEqual([{ op: "update", type: CLUSTER, name: "events", changedKeys: ["allowedIps", "serverType"], replaceReasons: [] }]);
    expect(await upCalls()).toEqual([
      // one per instance group: ZooKeeper and brokers
      "POST /v1/instance-groups/{id}/resize",
      "POST /v1/instance-groups/{id}/resize",
      "POST /v1/clusters/{id}/security-group-rules",
    ]);
    expect((await project.outputs()).serverType).toBe("kafka1v4m16");
  });

  it.each([
    ["blockStorages", () => project.configJson("blockStorages", [{ sizeGb: 112 }]), ["POST /v1/block-storage-groups/{id}/resize"]],
    ["brokerCount", () => project.config("brokerCount", "4"), ["POST /v1/clusters/{id}/add-instances"]],
    ["maintenance", () => project.configJson("maintenance", { dayOfWeek: "SUN", startTime: "02:00", durationHours: 1 }), ["POST /v1/clusters/{id}/maintenance"]],
    ["engineVersion", () => project.config("engineVersion", "3.7.2"), ["PUT /v1/clusters/{id}/patch"]],
    ["running", () => project.config("running", "false"), ["POST /v1/clusters/{id}/stop"]],
    ["running", () => project.config("running", "true"), ["POST /v1/clusters/{id}/start"]],
  ])("%s changes in place through exactly its endpoint", async (key, set, expected) => {
    await set();
    expect(await planOf()).toEqual([{ op: "update", type: CLUSTER, name: "events", changedKeys: [key], replaceReasons: [] }]);
    expect(await upCalls()).toEqual(expected);
  });

  it("the new broker is a bootstrap server", async () => {
    expect((await project.outputs()).bootstrapServers.split(",")).toHaveLength(4);
  });

  it("isCombined previews as a replace naming it", async () => {
    await project.config("isCombined", "true");
    const plan: any[] = await planOf();
    expect(plan).toHaveLength(1);
    expect(plan[0].op).toBe("replace");
    expect(plan[0].replaceReasons).toEqual(["isCombined"]);
    await project.configRm("isCombined");
  });

  it("fewer brokers is refused by check, before any request", async () => {
    await project.config("brokerCount", "2");
    try {
      await sim.clearRequests();
      const r = await project.pulumi(["preview"]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/property brokerCount value \{2\} has a problem: brokers can only be added .*4 → 2/);
      expect(await sim.requests()).toEqual([]);
    } finally {
      await project.config("brokerCount", "4");
    }
  });

  it("refresh reports an out-of-band change, and up puts it back", async () => {
    const api = directApi();
    const c: any = await api.http.get(`/v1/clusters/${clusterId}`);
    const brokers = c.instance_groups.find((g: any) => g.role_type === "BROKER");
    const accepted = await api.mutate("POST", `/v1/instance-groups/${brokers.id}/resize`, { server_type_name: "kafka1v8m32" });
    await api.waitRequest(accepted.request_id, "cluster", "out-of-band resize");
    await api.waitState(() => api.http.get(`/v1/clusters/${clusterId}`) as any, "cluster", "out-of-band resize", ["RUNNING"]);

    const drift = await project.pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toContain("serverType");
    await project.ok(["refresh", "--yes"]);
    expect(await planOf()).toEqual([{ op: "update", type: CLUSTER, name: "events", changedKeys: ["serverType"], replaceReasons: [] }]);
    expect(await upCalls()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
  });

  it("a failed operation leaves the resource in state and the next up converges", async () => {
    await project.config("brokerCount", "5");
    await sim.fault({ kind: "fail-operation", method: "POST", path: "/add-instances$", count: 1 });
    const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/FAILED/);
    const res = JSON.parse(await project.exportState()).deployment.resources.find((r: any) => r.type === CLUSTER);
    expect(res.id).toBe(clusterId);
    expect(await upCalls()).toEqual(["POST /v1/clusters/{id}/add-instances"]);
    expect((await project.outputs()).bootstrapServers.split(",")).toHaveLength(5);
  });

  it("the exported state holds neither the secret key nor the SASL passwords", async () => {
    const state = await project.exportState();
    for (const secret of [SIM_SECRET_KEY, BROKER_PASSWORD, ZOOKEEPER_PASSWORD]) expect(state).not.toContain(secret);
  });

  it("destroy leaves nothing behind", async () => {
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
    const list: any = await directApi().http.get("/v1/clusters");
    expect(list.contents).toEqual([]);
  });
});
