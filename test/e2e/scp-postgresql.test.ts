// End to end with the real Pulumi CLI (local file backend) on examples/scp-postgresql, installed
// from the packed tarball, against the simulator. Steps build on each other, in order.
import { describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { SIM_SECRET_KEY, type Sim } from "../support/sim";
import { configureScp, scpApi, useScpExample } from "../support/scp";
import { createBody } from "../support/scp-fixtures.js";

const PASSWORD = "E2e-db-passw0rd";
const CLUSTER = "pulumi-nodejs:dynamic/scp:Cluster";

let sim: Sim;
let project: PulumiProject;

async function configure(p: PulumiProject) {
  await configureScp(p, sim, { databasePassword: PASSWORD });
}

const directApi = () => scpApi(sim, "postgresql");

useScpExample("scp-postgresql", { databasePassword: PASSWORD }, (s, p) => {
  sim = s;
  project = p;
});

describe("scp-postgresql with the real pulumi CLI", { timeout: 600_000 }, () => {
  let clusterId = "";

  it("up creates the cluster and exports its outputs", async () => {
    await project.up();
    const out = await project.outputs();
    clusterId = out.clusterId;
    expect(clusterId).toMatch(/^[0-9a-f]{32}$/);
    expect(out.serviceState).toBe("RUNNING");
    expect(out.serverType).toBe("db1v2m4");
    expect(out.connectionString).toContain(PASSWORD);
    expect(await sim.mutations()).toEqual(["POST /v1/clusters"]);
  });

  it("a second preview shows no changes", async () => {
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("refresh after up shows no changes", async () => {
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("preview of a server type and allowed IPs change is an update of exactly those keys", async () => {
    await project.config("serverType", "db1v4m8");
    await project.configJson("allowedIps", ["10.0.0.0/24", "192.168.0.0/16"]);
    const plan = await project.plan();
    const cluster = plan.filter((s) => s.type === CLUSTER);
    expect(cluster).toEqual([{ op: "update", type: CLUSTER, name: "orders", changedKeys: ["allowedIps", "serverType"], replaceReasons: [] }]);
  });

  it("up applies them through exactly their endpoints", async () => {
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([
      "POST /v1/instance-groups/{id}/resize",
      "POST /v1/clusters/{id}/security-group-rules",
    ]);
    expect((await project.outputs()).serverType).toBe("db1v4m8");
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("a subnet change previews as a replace", async () => {
    await project.config("subnetId", "subnet-b");
    const plan = (await project.plan()).filter((s) => s.type === CLUSTER);
    expect(plan).toHaveLength(1);
    expect(plan[0].op).toBe("replace");
    expect(plan[0].replaceReasons).toEqual(["subnetId"]);
    expect(plan[0].changedKeys).toEqual(["subnetId"]);
    await project.configRm("subnetId");
  });

  it("refresh reports an out-of-band change, and up puts it back", async () => {
    const api = directApi();
    const c: any = await api.http.get(`/v1/clusters/${clusterId}`);
    const accepted = await api.mutate("POST", `/v1/instance-groups/${c.instance_groups[0].id}/resize`, { server_type_name: "db1v8m16" });
    await api.waitRequest(accepted.request_id, "cluster", "out-of-band resize");
    await api.waitState(() => api.http.get(`/v1/clusters/${clusterId}`) as any, "cluster", "out-of-band resize", ["RUNNING"]);

    const drift = await project.pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toContain("serverType");
    await project.ok(["refresh", "--yes"]);
    const plan = (await project.plan()).filter((s) => s.type === CLUSTER);
    expect(plan).toEqual([{ op: "update", type: CLUSTER, name: "orders", changedKeys: ["serverType"], replaceReasons: [] }]);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
  });

  it("a failed operation leaves the resource in state and the next up converges", async () => {
    await project.config("serverType", "db1v4m16");
    await sim.fault({ kind: "fail-operation", method: "POST", path: "/resize$", count: 1 });
    const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/FAILED/);
    const state = JSON.parse(await project.exportState());
    const res = state.deployment.resources.find((r: any) => r.type === CLUSTER);
    expect(res.id).toBe(clusterId);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
    expect((await project.outputs()).serverType).toBe("db1v4m16");
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("a create whose wait is cut short keeps the new cluster in state, and the next up resumes it", async () => {
    const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "resume" });
    await configure(p);
    await p.config("clusterName", "resumed");
    await sim.clock({ mode: "manual" }); // the cluster stays CREATING until the clock moves
    await sim.clearRequests();
    const cut = await p.pulumi(["up", "--yes", "--skip-preview"], { env: { DBAAS_WAIT_TIMEOUT_S: "2" } });
    expect(cut.code).not.toBe(0);
    expect(cut.stdout + cut.stderr).toMatch(new RegExp(String.raw`timed out after \d+s waiting for cluster resumed \(create\): last state IN_PROGRESS` + String.raw`|timed out after \d+s waiting for cluster resumed`));
    const recorded = JSON.parse(await p.exportState()).deployment.resources.find((r: any) => r.type === CLUSTER);
    expect(recorded?.id).toMatch(/^[0-9a-f]{32}$/);
    await sim.clock({ mode: "time", stepMs: 300 });
    await p.up();
    // The cluster the cloud accepted is the one that finishes: no second POST /v1/clusters.
    expect((await sim.mutations()).filter((c) => c === "POST /v1/clusters")).toHaveLength(1);
    const out = await p.outputs();
    expect(out.clusterId).toBe(recorded.id);
    expect(out.serviceState).toBe("RUNNING");
    await p.ok(["preview", "--expect-no-changes"]);
    await p.ok(["destroy", "--yes", "--skip-preview"]);
  });

  it("adopts an existing cluster without creating one", async () => {
    const api = directApi();
    const accepted = await api.mutate("POST", "/v1/clusters", await createBody(api, { name: "legacy", password: PASSWORD }));
    const legacyId = accepted.resource.id;
    await api.waitRequest(accepted.request_id, "cluster legacy", "create");
    await api.waitState(() => api.http.get(`/v1/clusters/${legacyId}`) as any, "cluster legacy", "create", ["RUNNING"]);

    const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "adopt" });
    await configure(p);
    await p.config("clusterName", "legacy");
    await p.config("adopt", legacyId);
    // A declared difference is refused with a clear error and nothing is created.
    await p.config("serverType", "db1v4m8");
    await sim.clearRequests();
    const refused = await p.pulumi(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/serverType: live "db1v2m4", declared "db1v4m8"/);
    await p.config("serverType", "db1v2m4");
    await p.up();
    expect(await sim.mutations()).toEqual([]);
    expect((await p.outputs()).clusterId).toBe(legacyId);
    await p.ok(["preview", "--expect-no-changes"]);
    await p.ok(["destroy", "--yes", "--skip-preview"]);
  });

  it("a bad parameter, server type or tuning variable is refused by preview, and by up before any " + "mutating call, in create and in update", async () => {
    // Update: a valid resize planned with a parameter the catalogue does not have; preview says so, and up sends neither.
    await project.config("serverType", "db1v8m16");
    await project.configJson("parameters", { max_connection: 200 });
    await sim.clearRequests();
    const previewed = await project.pulumi(["preview"]);
    expect(previewed.code).not.toBe(0);
    expect(previewed.stdout + previewed.stderr).toMatch(/parameters\.max_connection.*is not a parameter of PostgreSQL 16\.4/);
    const refused = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/parameters\.max_connection.*is not a parameter of PostgreSQL 16\.4/);
    expect(await sim.mutations()).toEqual([]);
    await project.configJson("parameters", { max_connections: "lots" });
    const typed = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(typed.stdout + typed.stderr).toMatch(/parameters\.max_connections.*"lots" is not a whole number/);
    expect(await sim.mutations()).toEqual([]);
    // A server type the catalogue does not list: preview fails (issue 15: it used to preview as an update).
    await project.config("serverType", "db9v9m9");
    const unknownType = await project.pulumi(["preview"]);
    expect(unknownType.code).not.toBe(0);
    expect(unknownType.stdout + unknownType.stderr).toMatch(/db9v9m9 is not an SCP server type; available: db1v2m4/);
    // A tuning variable that is set but unusable: preview names it, its value and the allowed range.
    await project.config("serverType", "db1v8m16");
    const tuning = await project.pulumi(["preview"], { env: { DBAAS_WAIT_TIMEOUT_S: "abc" } });
    expect(tuning.code).not.toBe(0);
    expect(tuning.stdout + tuning.stderr).toContain('DBAAS_WAIT_TIMEOUT_S="abc" is not usable: expected a number from 1 to 604800');
    expect(await sim.mutations()).toEqual([]);
    await project.configRm("parameters");
    await project.config("serverType", "db1v4m16");
    // Create: another stack with an unknown parameter never sends its POST.
    const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "badparam" });
    await configure(p);
    await p.config("clusterName", "badparam");
    await p.configJson("parameters", { work_memory: 4096 });
    const create = await p.pulumi(["up", "--yes", "--skip-preview"]);
    expect(create.code).not.toBe(0);
    expect(create.stdout + create.stderr).toMatch(/parameters\.work_memory.*is not a parameter of PostgreSQL 16\.4/);
    expect(await sim.mutations()).toEqual([]);
    expect(JSON.parse(await p.exportState()).deployment.resources?.find((r: any) => r.type === CLUSTER)).toBeUndefined();
  });

  it("destroy against an API without the DELETE route fails and keeps the cluster in state", async () => {
    await sim.fault({ kind: "gateway-404", method: "DELETE", path: "^/v1/clusters/[0-9a-f]{32}$", count: 1 });
    await sim.clearRequests();
    const failed = await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/DELETE \/v1\/clusters\/[0-9a-f]{32} failed: HTTP 404/);
    expect(failed.stdout + failed.stderr).toMatch(/not the API's not-found answer.*check scp:endpoint, scp:region and scp:environment/);
    const state = JSON.parse(await project.exportState());
    expect(state.deployment.resources.find((r: any) => r.type === CLUSTER)?.id).toBe(clusterId);
    const live: any = await directApi().http.get(`/v1/clusters/${clusterId}`);
    expect(live.service_state).toBe("RUNNING");
  });

  it("the exported state holds neither the secret key nor the database password", async () => {
    const state = await project.exportState();
    expect(state).not.toContain(SIM_SECRET_KEY);
    expect(state).not.toContain(PASSWORD);
    expect(state).toContain("4dabf18193072939515e22adb298388d"); // secrets are there, encrypted
    const history = await project.pulumi(["stack", "history", "--json", "--show-secrets=false"]);
    expect(history.stdout).not.toContain(PASSWORD);
  });

  it("destroy leaves nothing behind", async () => {
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
    const api = directApi();
    const list: any = await api.http.get("/v1/clusters");
    expect(list.contents).toEqual([]);
  });
});
