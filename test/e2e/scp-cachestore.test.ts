// End to end with the real Pulumi CLI (local file backend) on examples/scp-cachestore, a TypeScript
// program run through the SDK's ts-node support, with pulumi-dbaas installed from the packed
// tarball, against the simulator. Steps build on each other, in order.
import { describe, expect, it } from "vitest";
import { type PulumiProject } from "../support/pulumi";
import { SIM_SECRET_KEY, type Sim } from "../support/sim";
import { scpApi, useScpExample } from "../support/scp";

const PASSWORD = "E2e-redis-passw0rd";
const CLUSTER = "pulumi-nodejs:dynamic/scp:Cluster";

let sim: Sim;
let project: PulumiProject;

const directApi = () => scpApi(sim, "cachestore");

useScpExample("scp-cachestore", { databasePassword: PASSWORD }, (s, p) => {
  sim = s;
  project = p;
});

describe("scp-cachestore (TypeScript) with the real pulumi CLI", { timeout: 600_000 }, () => {
  let clusterId = "";

  it("up creates the cluster and exports its endpoints and instances by role", async () => {
    await project.up();
    const out = await project.outputs();
    clusterId = out.clusterId;
    expect(clusterId).toMatch(/^[0-9a-f]{32}$/);
    expect(out.serviceState).toBe("RUNNING");
    expect(out.endpoint).toBe(`${out.instances.MASTER[0].ipAddress}:6378`);
    expect(out.sentinelEndpoint).toBe(`${out.instances.SENTINEL[0].ipAddress}:26378`);
    expect(out.instances.REPLICA).toHaveLength(1);
    expect(out.connectionString).toBe(`redis://:${encodeURIComponent(PASSWORD)}@${out.instances.MASTER[0].ipAddress}:6378`);
    expect(await sim.mutations()).toEqual(["POST /v1/clusters"]);
  });

  it("a second preview and a refresh show no changes", async () => {
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("every in-place property is an update of exactly its key, applied through exactly its endpoints", async () => {
    await project.config("serverType", "redis1v4m16");
    await project.configJson("blockStorages", [{ roleType: "DATA", sizeGb: 80 }]);
    await project.configJson("allowedIps", ["10.0.0.0/24", "192.168.0.0/16"]);
    await project.configJson("maintenance", { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 });
    await project.configJson("parameters", { "maxmemory-policy": "allkeys-lru" });
    await project.configJson("commands", { CONFIG: "cfg-9f2" });
    await project.configJson("backup", { retentionDays: 7, startHour: 3 });
    const plan = (await project.plan()).filter((s) => s.type === CLUSTER);
    expect(plan).toEqual([{
      op: "update", type: CLUSTER, name: "sessions", replaceReasons: [],
      changedKeys: ["allowedIps", "backup", "blockStorages", "commands", "maintenance", "parameters", "serverType"],
    }]);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([
      "POST /v1/instance-groups/{id}/resize",
      "POST /v1/block-storage-groups/{id}/resize",
      "POST /v1/clusters/{id}/security-group-rules",
      "POST /v1/clusters/{id}/maintenance",
      "PUT /v1/clusters/{id}/parameters",
      "POST /v1/clusters/{id}/commands/sync",
      "PUT /v1/clusters/{id}/commands",
      "POST /v1/clusters/{id}/backups",
    ]);
    expect((await project.outputs()).serverType).toBe("redis1v4m16");
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("running false, then true: stop, then start", async () => {
    await project.config("running", "false");
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/stop"]);
    expect((await project.outputs()).serviceState).toBe("STOPPED");
    await project.configRm("running");
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/start"]);
  });

  it("a replica count change previews as a replace, with its reason", async () => {
    await project.config("replicaCount", "2");
    const plan = (await project.plan()).filter((s) => s.type === CLUSTER);
    expect(plan).toHaveLength(1);
    expect(plan[0].op).toBe("replace");
    expect(plan[0].replaceReasons).toEqual(["replicaCount"]);
    await project.configRm("replicaCount");
  });

  it("a password change is refused by the preview with the reason", async () => {
    await project.config("databasePassword", "Another-passw0rd", { secret: true });
    const r = await project.pulumi(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("databasePassword");
    expect(r.stdout + r.stderr).toContain("no password endpoint");
    await project.config("databasePassword", PASSWORD, { secret: true });
  });

  it("refresh reports an out-of-band change, and up puts it back", async () => {
    const api = directApi();
    const c: any = await api.http.get(`/v1/clusters/${clusterId}`);
    const group = c.instance_groups.find((g: any) => g.role_type !== "SENTINEL");
    const accepted = await api.mutate("POST", `/v1/instance-groups/${group.id}/resize`, { server_type_name: "redis1v8m32" });
    await api.waitRequest(accepted.request_id, "cluster", "out-of-band resize");
    await api.waitState(() => api.http.get(`/v1/clusters/${clusterId}`) as any, "cluster", "out-of-band resize", ["RUNNING"]);

    const drift = await project.pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toContain("serverType");
    await project.ok(["refresh", "--yes"]);
    const plan = (await project.plan()).filter((s) => s.type === CLUSTER);
    expect(plan).toEqual([{ op: "update", type: CLUSTER, name: "sessions", changedKeys: ["serverType"], replaceReasons: [] }]);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
  });

  it("a failed operation leaves the resource in state and the next up converges", async () => {
    await project.config("serverType", "redis1v8m32");
    await sim.fault({ kind: "fail-operation", method: "POST", path: "/resize$", count: 1 });
    const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/FAILED/);
    const state = JSON.parse(await project.exportState());
    expect(state.deployment.resources.find((r: any) => r.type === CLUSTER).id).toBe(clusterId);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
    expect((await project.outputs()).serverType).toBe("redis1v8m32");
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("the exported state holds neither the secret key nor the password", async () => {
    const state = await project.exportState();
    expect(state).not.toContain(SIM_SECRET_KEY);
    expect(state).not.toContain(PASSWORD);
    expect(state).not.toContain(encodeURIComponent(PASSWORD));
    expect(state).toContain("4dabf18193072939515e22adb298388d"); // secrets are there, encrypted
  });

  it("destroy leaves nothing behind", async () => {
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
    const list: any = await directApi().http.get("/v1/clusters");
    expect(list.contents).toEqual([]);
  });
});
