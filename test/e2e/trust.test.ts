// The promises every resource inherits from src/core, end to end with the real Pulumi CLI on a copy
// of examples/scp-postgresql installed from the packed tarball: `up` does what the preview showed,
// a killed create leaves one cluster that the next `up` owns, `--replace` deletes first for a name
// that must stay unique, a 404 that is not the API's never drops a cluster from the state, and the
// state holds neither a password passed as a plain string nor more than a tiny provider.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject, run, upKilledWhen } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { startSim, SIM_ACCESS_KEY, type Sim } from "../support/sim";
import { configureScp, scpApi } from "../support/scp";
import { resizeOutOfBand } from "../support/scenarios/scp-cluster";

const PLAIN_PASSWORD = "Plain-typed-passw0rd";
const CLUSTER = "pulumi-nodejs:dynamic/scp:Cluster";

let sim: Sim;

async function configure(p: PulumiProject, clusterName: string) {
  await configureScp(p, sim, { databasePassword: "Unused-passw0rd" });
  await p.config("clusterName", clusterName);
}

/** The example, with the password typed into the program as a plain string (as a hurried user would). */
function usePlainPassword(p: PulumiProject) {
  const file = join(p.dir, "index.ts");
  const program = readFileSync(file, "utf8").replace('config.requireSecret("databasePassword")', JSON.stringify(PLAIN_PASSWORD));
  expect(program).toContain(PLAIN_PASSWORD);
  writeFileSync(file, program);
}

const api = () => scpApi(sim, "postgresql");

async function clustersNamed(name: string): Promise<any[]> {
  const list: any = await api().http.get("/v1/clusters", { query: { size: 100 } });
  return list.contents.filter((c: any) => c.name === name && c.service_state !== "TERMINATED");
}

function resourceOf(state: string) {
  return JSON.parse(state).deployment.resources.find((r: any) => r.type === CLUSTER);
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 300 });
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await sim?.clock({ mode: "time", stepMs: 300 }); // a failed test must not leave the clock stopped
});

describe("core promises with the real pulumi CLI", { timeout: 600_000 }, () => {
  let project: PulumiProject;
  let clusterId = "";

  it("a password typed as a plain string is a secret in the state, and the provider stored is tiny", async () => {
    project = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "trust" });
    await configure(project, "trusted");
    usePlainPassword(project);
    await project.up();
    clusterId = (await project.outputs()).clusterId;
    const state = await project.exportState();
    expect(state).not.toContain(PLAIN_PASSWORD);
    expect(state).not.toContain(SIM_ACCESS_KEY);
    const res = resourceOf(state);
    expect(res.inputs.databasePassword).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
    expect(res.inputs.__provider).toContain('require("pulumi-dbaas/providers/scp-Cluster")');
    expect(res.inputs.__provider.length).toBeLessThan(1024);
  });

  it("up applies only what the preview showed: an out-of-band resize is reported, not undone", async () => {
    const direct = api();
    const c: any = await direct.http.get(`/v1/clusters/${clusterId}`);
    await resizeOutOfBand(direct, clusterId, c.instance_groups[0].id, "db1v8m16");

    await project.configJson("allowedIps", ["10.0.0.0/24", "10.9.0.0/16"]);
    const plan = (await project.plan()).filter((s) => s.type === CLUSTER);
    expect(plan).toEqual([{ op: "update", type: CLUSTER, name: "orders", changedKeys: ["allowedIps"], replaceReasons: [] }]);
    await sim.clearRequests();
    const up = await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/security-group-rules"]);
    expect(up.stdout + up.stderr).toContain(
      `scp:Cluster ${clusterId}: serverType changed outside Pulumi (state db1v2m4, live db1v8m16): run pulumi refresh`,
    );
    const live: any = await direct.http.get(`/v1/clusters/${clusterId}`);
    expect(live.instance_groups[0].server_type_name).toBe("db1v8m16");
    // The state does not move behind the preview's back: the next preview is clean, refresh shows
    // the drift, and after it the preview plans putting it back.
    await project.ok(["preview", "--expect-no-changes"]);
    const drift = await project.pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toContain("serverType");
    await project.ok(["refresh", "--yes"]);
    const next = (await project.plan()).filter((s) => s.type === CLUSTER);
    expect(next).toEqual([{ op: "update", type: CLUSTER, name: "orders", changedKeys: ["serverType"], replaceReasons: [] }]);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("a 404 that is not the API's answer (wrong endpoint) never drops the cluster from the state", async () => {
    await project.config("scp:endpoint", `${sim.url}/wrong-prefix/{service}`);
    // --run-program: refresh otherwise signs with the config recorded by the last up.
    const refresh = await project.pulumi(["refresh", "--yes", "--run-program"]);
    expect(refresh.code).not.toBe(0);
    expect(refresh.stdout + refresh.stderr).toMatch(/not the API's not-found answer/);
    await project.config("scp:endpoint", sim.scpEndpoint);
    expect(resourceOf(await project.exportState())?.id).toBe(clusterId);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("pulumi up --replace of a same-name cluster deletes first, and ends with one cluster", async () => {
    const urn = resourceOf(await project.exportState()).urn;
    await sim.clearRequests();
    await project.ok(["up", "--yes", "--skip-preview", "--replace", urn]);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}", "POST /v1/clusters"]);
    const now = await clustersNamed("trusted");
    expect(now).toHaveLength(1);
    expect(resourceOf(await project.exportState()).id).toBe(now[0].id);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await clustersNamed("trusted")).toEqual([]);
  });

  it("a SIGKILL of the whole process tree mid-create: pulumi cancel, pulumi up, one cluster, in state", async () => {
    const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "killed" });
    await configure(p, "killed");
    await sim.clock({ mode: "manual" }); // the cluster stays CREATING: the kill lands during the wait
    await sim.clearRequests();
    const session = await upKilledWhen(p, async () => (await sim.mutations()).includes("POST /v1/clusters"), 1500); // well inside the wait for CREATING to end
    // Killed processes may linger as zombies until they are reaped; none may still be running.
    const left = await run("ps", ["-s", String(session), "-o", "stat="], { cwd: p.dir });
    expect(left.stdout.split("\n").filter((s) => s.trim() !== "" && !s.trim().startsWith("Z"))).toEqual([]);
    await sim.clock({ mode: "time", stepMs: 300 });
    expect(resourceOf(await p.exportState())).toBeUndefined(); // the engine never recorded it

    const locked = await p.pulumi(["up", "--yes", "--skip-preview"]);
    expect(locked.code).not.toBe(0);
    expect(locked.stdout + locked.stderr).toMatch(/currently locked/);
    await p.ok(["cancel", "--yes"]);
    const resumed = await p.ok(["up", "--yes", "--skip-preview"]);
    expect(resumed.stdout + resumed.stderr).toMatch(
      /taking over [0-9a-f]{32} \((CREATING|RUNNING)\), created by an interrupted create of this same resource/,
    );
    expect((await sim.mutations()).filter((c) => c === "POST /v1/clusters")).toHaveLength(1);
    const live = await clustersNamed("killed");
    expect(live).toHaveLength(1);
    expect(resourceOf(await p.exportState()).id).toBe(live[0].id);
    await p.ok(["preview", "--expect-no-changes"]);
    await p.ok(["destroy", "--yes", "--skip-preview"]);
  });

  it("another stack declaring a cluster name that exists is refused before any create call", async () => {
    const a = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "owner" });
    await configure(a, "shared");
    await a.up();
    const id = (await a.outputs()).clusterId;
    const b = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "intruder" });
    await configure(b, "shared");
    await sim.clearRequests();
    const refused = await b.pulumi(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain(
      `cluster shared already exists and this resource did not create it: ${id} (state RUNNING`,
    );
    expect(refused.stdout + refused.stderr).toContain(`adopt: "${id}"`);
    expect(await sim.mutations()).toEqual([]);
    await a.ok(["destroy", "--yes", "--skip-preview"]);
  });
});
