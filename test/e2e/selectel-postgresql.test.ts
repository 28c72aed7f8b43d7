// End to end with the real Pulumi CLI on examples/selectel-postgresql (cluster, user, database,
// grant, extension), installed from the packed tarball, against the simulator.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { SELECTEL, startSim, type Sim } from "../support/sim";
import { configureSelectel } from "../support/selectel";

const PASSWORD = "E2e-selectel-passw0rd";
const T = (name: string) => `pulumi-nodejs:dynamic/selectel:${name}`;

let sim: Sim;
let project: PulumiProject;

const dbaasCalls = async () => (await sim.mutations()).filter((c) => !c.includes("/auth/tokens"));

beforeAll(async () => {
  sim = await startSim({ stepMs: 200 });
  project = await PulumiProject.create("selectel-postgresql", packedTarball());
  await configureSelectel(project, sim);
  // The user's password typed into the program as a plain string (not a secret config value): the
  // state must still hold it only encrypted.
  const file = join(project.dir, "index.ts");
  const program = readFileSync(file, "utf8").replace('config.requireSecret("userPassword")', JSON.stringify(PASSWORD));
  expect(program).toContain(PASSWORD);
  writeFileSync(file, program);
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

describe("selectel-postgresql with the real pulumi CLI", { timeout: 600_000 }, () => {
  let clusterId = "";

  it("up creates the cluster and its children in dependency order", async () => {
    await project.up();
    const out = await project.outputs();
    clusterId = out.clusterId;
    expect(out.status).toBe("ACTIVE");
    const calls = await dbaasCalls();
    expect(calls.slice(0, 4)).toEqual(["POST /datastores", "PUT /datastores/{id}/firewall", "POST /users", "POST /databases"]);
    // The grant and the extension both depend on the database only: either may come first.
    expect(calls.slice(4).sort()).toEqual(["POST /extensions", "POST /grants"]);
  });

  it("a second preview and a refresh show no changes", async () => {
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("node count and config changes preview as an update of exactly those keys and apply through their endpoints", async () => {
    await project.config("nodeCount", "2");
    await project.configJson("pgConfig", { work_mem: 256, transform_null_equals: true });
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan).toEqual([{ op: "update", type: T("Cluster"), name: "pg", changedKeys: ["config", "nodeCount"], replaceReasons: [] }]);
    await sim.clearRequests();
    await project.up();
    expect(await dbaasCalls()).toEqual(["POST /datastores/{id}/resize", "PUT /datastores/{id}/config"]);
    expect((await project.outputs()).nodeCount).toBe(2);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("an extension change previews and applies as a replace", async () => {
    await project.config("extension", "hstore");
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan).toEqual([{ op: "replace", type: T("Extension"), name: "pgcrypto", changedKeys: ["name"], replaceReasons: ["name"] }]);
    await sim.clearRequests();
    await project.up();
    expect(await dbaasCalls()).toEqual(["POST /extensions", "DELETE /extensions/{id}"]);
  });

  it("refresh finds an out-of-band firewall change and up puts it back", async () => {
    await sim.selectelApi("PUT", `/datastores/${clusterId}/firewall`, { firewall: { ips: ["10.0.0.5", "192.0.2.1"] } });
    await sim.clock({ advance: 1 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 600));
    const drift = await project.pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toContain("firewall");
    await project.ok(["refresh", "--yes"]);
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan).toEqual([{ op: "update", type: T("Cluster"), name: "pg", changedKeys: ["firewall"], replaceReasons: [] }]);
    await sim.clearRequests();
    await project.up();
    expect(await dbaasCalls()).toEqual(["PUT /datastores/{id}/firewall"]);
  });

  it("a wait cut short after the API accepted a resize keeps the resource, and the next up resumes and converges", async () => {
    await project.config("nodeCount", "3");
    await sim.clock({ mode: "manual" });
    const cut = await project.pulumi(["up", "--yes", "--skip-preview"], { env: { DBAAS_WAIT_TIMEOUT_S: "2" } });
    expect(cut.code).not.toBe(0);
    expect(cut.stdout + cut.stderr).toMatch(/timed out after \d+s waiting for cluster/);
    await sim.clock({ mode: "time", stepMs: 200 });
    await sim.clearRequests();
    await project.up();
    // The resize was accepted the first time: the rerun only waits, it does not resize again.
    expect(await dbaasCalls()).toEqual([]);
    expect((await project.outputs()).nodeCount).toBe(3);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("a token that expires mid-run is renewed and the run succeeds", async () => {
    await sim.control("POST", "services/selectel-identity/token-ttl", { seconds: 2 });
    await sim.clock({ mode: "time", stepMs: 1500 }); // operations now outlive a token
    await project.config("nodeCount", "2");
    await project.configJson("pgConfig", { work_mem: 512 });
    await sim.clearRequests();
    await project.up();
    const tokens = (await sim.mutations()).filter((c) => c.includes("/auth/tokens"));
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect((await project.outputs()).nodeCount).toBe(2);
    await sim.control("POST", "services/selectel-identity/token-ttl", { seconds: 3600 });
    await sim.clock({ mode: "time", stepMs: 200 });
  });

  it("the exported state holds neither the Selectel password nor the user password (a plain string in the program)", async () => {
    const state = await project.exportState();
    expect(state).not.toContain(SELECTEL.password);
    expect(state).not.toContain(PASSWORD);
    const user = JSON.parse(state).deployment.resources.find((r: any) => r.type === T("User"));
    expect(user.inputs.password).toHaveProperty("ciphertext");
  });

  it("destroy leaves nothing behind", async () => {
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    const list = await sim.selectelApi("GET", "/datastores");
    expect(list.datastores).toEqual([]);
  });
});
