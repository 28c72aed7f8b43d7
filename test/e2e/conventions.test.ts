// Pulumi conventions end to end, with the real CLI on one program of two SCP clusters: an
// auto-named cluster (the preview shows the name `up` creates, later runs and a replacement keep
// it), `dependsOn` (the second cluster's create starts after the first one's has ended),
// `ignoreChanges` (an ignored property changed in the program plans and sends nothing), `protect`
// (destroy refused, the cluster intact) and `retainOnDelete` (destroy leaves the object in the cloud).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { startSim, type LoggedRequest, type Sim } from "../support/sim";
import { configureScp, scpApi } from "../support/scp";

const CLUSTER = "pulumi-nodejs:dynamic/scp:Cluster";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const dbaas = require("pulumi-dbaas");

const config = new pulumi.Config();
const common = (prefix) => ({
  engine: "postgresql",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: prefix,
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: config.requireSecret("databasePassword"),
});

// No name: made up from "orders-db" and the resource's identity.
const first = new dbaas.scp.Cluster("orders-db", { ...common("first"), allowedIps: config.getObject("firstIps") ?? ["10.0.0.0/24"] },
  { protect: config.getBoolean("protect") ?? false });

// No data dependency on the first cluster: only dependsOn orders them.
const second = new dbaas.scp.Cluster(
  "reports",
  { ...common("second"), name: "reports", allowedIps: config.getObject("reportsIps") ?? ["10.0.0.0/24"] },
  { dependsOn: [first], ignoreChanges: ["allowedIps"], retainOnDelete: true },
);

exports.firstId = first.id;
exports.firstName = first.name;
exports.secondId = second.id;
`;

let sim: Sim;
let project: PulumiProject;

const api = () => scpApi(sim, "postgresql");
const live = (id: string): Promise<any> => api().http.get(`/v1/clusters/${id}`);
const isCreate = (r: LoggedRequest, name: string) => r.method === "POST" && /\/v1\/clusters$/.test(r.path) && r.body?.name === name;

function resources(state: string): any[] {
  return (JSON.parse(state).deployment.resources ?? []).filter((r: any) => r.type === CLUSTER);
}

/** `pulumi preview --json` steps of the clusters, with the inputs each would be given. */
async function previewSteps(): Promise<{ op: string; name: string; inputs: Record<string, any> }[]> {
  const r = await project.ok(["preview", "--json"]);
  return (JSON.parse(r.stdout).steps ?? [])
    .filter((s: any) => String(s.urn).includes(CLUSTER))
    .map((s: any) => ({ op: s.op, name: String(s.urn).split("::")[3], inputs: s.newState?.inputs ?? {} }));
}

async function expectCleanPreview() {
  await project.ok(["preview", "--expect-no-changes"]);
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 300 });
  project = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "conventions" });
  // This suite's own program in the example's project (the example's dependencies, installed from the tarball).
  for (const f of ["index.ts", "tsconfig.json"]) rmSync(join(project.dir, f), { force: true });
  writeFileSync(join(project.dir, "index.js"), PROGRAM);
  const pkgPath = join(project.dir, "package.json");
  writeFileSync(pkgPath, JSON.stringify({ ...JSON.parse(readFileSync(pkgPath, "utf8")), main: "index.js" }, null, 2));
  await configureScp(project, sim, { databasePassword: "Conventions-passw0rd" });
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

describe("resource options and auto-naming with the real pulumi CLI", { timeout: 600_000 }, () => {
  let name = "";
  let firstId = "";
  let secondId = "";

  it("an auto-named cluster: the preview shows the name up creates; dependsOn orders the creates", async () => {
    const planned = await previewSteps();
    const auto = planned.find((s) => s.name === "orders-db")!;
    expect(auto.op).toBe("create");
    name = auto.inputs.name;
    // Letters only, at most 20 (SCP's rule): the logical name's letters and a 7-letter suffix.
    expect(name).toMatch(/^ordersdb[a-z]{7}$/);
    expect((await previewSteps()).find((s) => s.name === "orders-db")!.inputs.name).toBe(name); // every preview agrees

    await sim.clearRequests();
    await project.up();
    const log = await sim.requests(); // before this test's own calls join the log
    const out = await project.outputs();
    ({ firstId, secondId } = out);
    expect(out.firstName).toBe(name);
    expect((await live(firstId)).name).toBe(name);
    expect(resources(await project.exportState()).find((r) => r.id === firstId).inputs.name).toBe(name);

    const firstCreate = log.find((r) => isCreate(r, name))!;
    const secondCreate = log.find((r) => isCreate(r, "reports"))!;
    const aboutFirst = log.filter((r) => r.path.includes(firstId));
    expect(aboutFirst.length).toBeGreaterThan(0);
    // dependsOn: the second create is sent after every call of the first cluster's create (its
    // waits included): without it, both would be created at once.
    expect(secondCreate.seq).toBeGreaterThan(firstCreate.seq);
    expect(secondCreate.seq).toBeGreaterThan(Math.max(...aboutFirst.map((r) => r.seq)));
    await expectCleanPreview();
  });

  it("ignoreChanges: a changed ignored property plans nothing and sends nothing", async () => {
    await project.configJson("reportsIps", ["10.9.0.0/16"]);
    await expectCleanPreview();
    expect((await previewSteps()).filter((s) => s.op !== "same")).toEqual([]);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([]);
  });

  it("an update of the auto-named cluster keeps its name", async () => {
    await project.configJson("firstIps", ["10.0.0.0/24", "10.8.0.0/16"]);
    expect((await project.plan()).filter((s) => s.op !== "same")).toEqual([
      { op: "update", type: CLUSTER, name: "orders-db", changedKeys: ["allowedIps"], replaceReasons: [] },
    ]);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/security-group-rules"]);
    expect((await project.outputs()).firstName).toBe(name);
    await expectCleanPreview();
  });

  it("pulumi up --replace: the same name again, so the old cluster is deleted first", async () => {
    const urn = resources(await project.exportState()).find((r) => r.id === firstId).urn;
    await sim.clearRequests();
    await project.ok(["up", "--yes", "--skip-preview", "--replace", urn]);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}", "POST /v1/clusters"]);
    expect((await sim.requests()).filter((r) => r.method === "POST").map((r) => r.body?.name)).toEqual([name]);
    const out = await project.outputs();
    expect(out.firstId).not.toBe(firstId);
    expect(out.firstName).toBe(name);
    expect(out.secondId).toBe(secondId); // dependsOn alone does not replace the dependent
    firstId = out.firstId;
    await expectCleanPreview();
  });

  it("protect and retainOnDelete: destroy leaves the retained cluster in the cloud and refuses the protected one", async () => {
    await project.config("protect", "true");
    await sim.clearRequests();
    await project.up(); // protection is recorded in the state only
    expect(await sim.mutations()).toEqual([]);
    const refused = await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/protect/);
    // Deletes run dependents first: the retained cluster left the state without a DELETE, then
    // the protected one stopped the destroy. Neither was touched.
    expect((await sim.requests()).filter((r) => r.method === "DELETE")).toEqual([]);
    expect(resources(await project.exportState()).map((r) => r.id)).toEqual([firstId]);
    expect((await live(firstId)).service_state).toBe("RUNNING");
    const kept = await live(secondId);
    expect(kept.name).toBe("reports");
    expect(kept.service_state).toBe("RUNNING");
  });

  it("once unprotected, destroy deletes the cluster (and only it)", async () => {
    const urn = resources(await project.exportState()).find((r) => r.id === firstId).urn;
    await project.ok(["state", "unprotect", urn, "--yes"]);
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    const deletes = (await sim.requests()).filter((r) => r.method === "DELETE").map((r) => r.path);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toContain(firstId);
    expect(resources(await project.exportState())).toEqual([]);
    expect((await live(secondId)).service_state).toBe("RUNNING");
  });
});
