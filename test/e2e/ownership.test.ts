// Issue 15 items 6 and 7 with the real Pulumi CLI on copies of examples/scp-postgresql installed from
// the packed tarball: `pulumi refresh --run-program` against an endpoint that answers every path with
// SCP's own not-found envelope keeps the cluster in the state; two stacks with the same project and
// stack names on two backends, run at the same time for one cluster name, never both own it; a create
// killed on one machine is taken over by the next `up` on another (an empty cache directory) through
// the cluster's owner tag, read back from the Resource Manager (item 9).
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject, run, upKilledWhen, type RunResult } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { startSim, type Sim } from "../support/sim";
import { configureScp, scpApi } from "../support/scp";

const CLUSTER = "pulumi-nodejs:dynamic/scp:Cluster";
let sim: Sim;

async function configure(p: PulumiProject, clusterName: string) {
  await configureScp(p, sim, { databasePassword: "Unused-passw0rd" });
  await p.config("clusterName", clusterName);
}

async function clustersNamed(name: string): Promise<any[]> {
  const list: any = await scpApi(sim, "postgresql").http.get("/v1/clusters", { query: { size: 100 } });
  return list.contents.filter((c: any) => c.name === name && c.service_state !== "TERMINATED");
}

const clusterInState = async (p: PulumiProject) =>
  JSON.parse(await p.exportState()).deployment.resources?.find((r: any) => r.type === CLUSTER);

beforeAll(async () => {
  sim = await startSim({ stepMs: 300 });
}, 900_000);
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  await sim?.clock({ mode: "time", stepMs: 300 }); // a failed test must not leave the clock stopped
});

describe("'gone' and 'ours' with the real pulumi CLI", { timeout: 900_000 }, () => {
  it(
    "item 6: refresh --run-program with scp:endpoint at a prefix answering SCP's not-found envelope " +
      "fails naming the setting and keeps the cluster",
    async () => {
      const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "stray" });
      await configure(p, "strayrefresh");
      await p.up();
      const id = (await p.outputs()).clusterId;
      await p.config("scp:endpoint", `${sim.url}/stray/scp/{service}`);
      const refreshed = await p.pulumi(["refresh", "--yes", "--run-program"]);
      expect(refreshed.code).not.toBe(0);
      expect(refreshed.stdout + refreshed.stderr).toMatch(
        new RegExp(
          String.raw`scp:endpoint http:\/\/\S+\/stray\/scp\/postgresql answers 404 ` +
            String.raw`for the cluster list \(GET \/v1\/clusters\); is the endpoint right\?`,
        ),
      );
      expect((await clusterInState(p))?.id).toBe(id);
      // Back on the real endpoint, the cluster is there and still this stack's; a real delete is gone.
      await configureScp(p, sim);
      await p.ok(["refresh", "--yes", "--run-program"]);
      expect((await clusterInState(p))?.id).toBe(id);
      await p.ok(["destroy", "--yes", "--skip-preview"]);
      expect(await clustersNamed("strayrefresh")).toEqual([]);
    },
  );

  it(
    "item 7: two stacks of one project and stack name on two file backends up one cluster name at " +
      "once: one owns it, the other is refused and its destroy deletes nothing",
    async () => {
      // One machine: both runs share the cache directory (the create journal); each project has its
      // own file backend (PULUMI_BACKEND_URL=file://<its own dir>), the project and stack names are the same.
      const env = { DBAAS_CACHE_DIR: mkdtempSync(join(tmpdir(), "dbaas-two-backends-")) };
      const a = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "dev", env });
      const b = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "dev", env });
      expect(a.env.PULUMI_BACKEND_URL).not.toBe(b.env.PULUMI_BACKEND_URL);
      await configure(a, "twobackends");
      await configure(b, "twobackends");
      await sim.clock({ mode: "manual" }); // the winner's cluster stays CREATING: the other run meets it mid-create
      await sim.clearRequests();
      const runs = [a, b].map((p) => p.pulumi(["up", "--yes", "--skip-preview"], { timeoutMs: 600_000 }));
      // The refused run ends by itself while the clock is stopped; a run that took the other's create
      // over would wait for it (the bug), so give up waiting after a while and let both finish.
      await Promise.race([...runs, new Promise((r) => setTimeout(r, 240_000))]);
      await sim.clock({ mode: "time", stepMs: 300 });
      const results: RunResult[] = await Promise.all(runs);
      const winner = results.findIndex((r) => r.code === 0);
      expect(results.map((r) => r.code === 0).filter(Boolean)).toHaveLength(1);
      const [owner, refused] = winner === 0 ? [a, b] : [b, a];
      const live = await clustersNamed("twobackends");
      expect(live).toHaveLength(1);
      const out = results[1 - winner].stdout + results[1 - winner].stderr;
      expect(out).toContain(`cluster twobackends already exists and this resource did not create it: ${live[0].id}`);
      expect(out).toContain(`adopt: "${live[0].id}"`);
      expect(out).not.toMatch(/taking over/);
      expect((await clusterInState(owner))?.id).toBe(live[0].id);
      expect(await clusterInState(refused)).toBeUndefined();
      await refused.ok(["destroy", "--yes", "--skip-preview"]);
      expect((await clustersNamed("twobackends")).map((c) => c.id)).toEqual([live[0].id]);
      await owner.ok(["destroy", "--yes", "--skip-preview"]);
      expect(await clustersNamed("twobackends")).toEqual([]);
    },
  );

  it(
    "item 9: a create killed mid-way on one machine is taken over by the next up on another (a fresh " +
      "DBAAS_CACHE_DIR) through its owner tag: one cluster, owned, preview clean",
    async () => {
      const machineA = mkdtempSync(join(tmpdir(), "dbaas-machine-a-"));
      const machineB = mkdtempSync(join(tmpdir(), "dbaas-machine-b-"));
      const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "runner", env: { DBAAS_CACHE_DIR: machineA } });
      await configure(p, "runnerkilled");
      await sim.clock({ mode: "manual" }); // the cluster stays CREATING: the kill lands during the wait
      await sim.clearRequests();
      const session = await upKilledWhen(p, async () => (await sim.mutations()).includes("POST /v1/clusters"));
      const left = await run("ps", ["-s", String(session), "-o", "stat="], { cwd: p.dir });
      expect(left.stdout.split("\n").filter((s) => s.trim() !== "" && !s.trim().startsWith("Z"))).toEqual([]);
      await sim.clock({ mode: "time", stepMs: 300 });
      expect(await clusterInState(p)).toBeUndefined(); // the engine never recorded it
      expect(readdirSync(join(machineA, "pending-creates"))).toHaveLength(1); // machine A's proof stays on machine A

      // Machine B: the same stack (its backend and lock), an empty cache directory.
      const onB = { env: { DBAAS_CACHE_DIR: machineB } };
      const locked = await p.pulumi(["up", "--yes", "--skip-preview"], onB);
      expect(locked.code).not.toBe(0);
      expect(locked.stdout + locked.stderr).toMatch(/currently locked/);
      await p.ok(["cancel", "--yes"]);
      const resumed = await p.pulumi(["up", "--yes", "--skip-preview"], onB);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      const live = await clustersNamed("runnerkilled");
      expect(live).toHaveLength(1);
      expect(resumed.stdout + resumed.stderr).toMatch(
        new RegExp(
          `taking over ${live[0].id} \\((CREATING|RUNNING)\\), created by an interrupted create of this ` +
            `same resource: its tag pulumi-dbaas-owner \\(Resource Manager\\) names this resource`,
        ),
      );
      expect((await sim.mutations()).filter((c) => c === "POST /v1/clusters")).toHaveLength(1);
      expect((await clusterInState(p))?.id).toBe(live[0].id);
      expect((await p.pulumi(["preview", "--expect-no-changes"], onB)).code).toBe(0);
      expect((await p.pulumi(["destroy", "--yes", "--skip-preview"], onB)).code).toBe(0);
      expect(await clustersNamed("runnerkilled")).toEqual([]);
    },
  );

  it("two stacks on one cluster: the stack that adopts it takes it over; the other one's up and destroy then change and delete nothing", async () => {
    const a = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "owner-a" });
    const b = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "owner-b" });
    await configure(a, "handover");
    await configure(b, "handover");
    await a.up();
    const id = (await a.outputs()).clusterId;
    // The Resource Manager shows tags a little after the create: adopt once A's mark is there.
    const rm = scpApi(sim, "resourcemanager" as any);
    const { account_id: account } = await scpApi(sim, "postgresql").http.get(`/v1/clusters/${id}`);
    const srn = Buffer.from(`srn:e::${account}:kr-west1::postgresql:postgresql/${id}`).toString("base64");
    const mark = async () =>
      (await rm.http.get(`/v1/tags/${encodeURIComponent(srn)}`)).content.tags.find((t: any) => t.key === "pulumi-dbaas-owner")?.value;
    const deadline = Date.now() + 60_000;
    while ((await mark()) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const markOfA = await mark();
    expect(markOfA).toBeDefined();
    await b.config("adopt", id);
    const adopted = await b.ok(["up", "--yes", "--skip-preview"]);
    expect(adopted.stdout).toMatch(/was managed by another Pulumi resource .*it is this resource's now/);
    expect(await mark()).not.toBe(markOfA);
    await sim.clearRequests();
    // A still declares it: a change and a destroy are refused, naming the way out, and nothing is sent.
    await a.config("serverType", "db1v4m8");
    const previewed = await a.pulumi(["preview"]);
    expect(previewed.code).not.toBe(0);
    expect(previewed.stdout + previewed.stderr).toMatch(/belongs to another Pulumi resource now/);
    const changed = await a.pulumi(["up", "--yes", "--skip-preview"]);
    expect(changed.code).not.toBe(0);
    expect(changed.stdout + changed.stderr).toMatch(/belongs to another Pulumi resource now .*pulumi state delete/);
    const destroyed = await a.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(destroyed.code).not.toBe(0);
    expect(destroyed.stdout + destroyed.stderr).toMatch(/belongs to another Pulumi resource now/);
    expect((await sim.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect((await clustersNamed("handover")).map((c) => c.id)).toEqual([id]);
    // B owns it: B's destroy deletes it.
    await b.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await clustersNamed("handover")).toEqual([]);
  });
});
