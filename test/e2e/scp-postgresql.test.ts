// End to end with the real Pulumi CLI (local file backend) on examples/scp-postgresql, installed
// from the packed tarball, against the simulator: the scenarios every SCP engine shares
// (test/support/scenarios/scp-cluster-e2e.ts) with this engine's values, and what only this suite
// covers (a resumed create, adoption, refusals before any call, a DELETE route that is missing).
// Steps build on each other, in order.
import { describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { configureScp } from "../support/scp";
import { createBody } from "../support/scp-fixtures.js";
import { CLUSTER, SCP_E2E_ENGINES, scpClusterE2e } from "../support/scenarios/scp-cluster-e2e";

const engine = SCP_E2E_ENGINES.postgresql;
const PASSWORD = engine.secrets.databasePassword;
const t = scpClusterE2e(engine);

async function configure(p: PulumiProject) {
  await configureScp(p, t.sim, engine.secrets);
}

describe("scp-postgresql with the real pulumi CLI", { timeout: 600_000 }, () => {
  t.created();
  t.clean();
  t.inPlace();
  t.replace();
  t.drift();
  t.failedOperation();

  it("a create whose wait is cut short keeps the new cluster in state, and the next up resumes it", async () => {
    const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "resume" });
    await configure(p);
    await p.config("clusterName", "resumed");
    await t.sim.clock({ mode: "manual" }); // the cluster stays CREATING until the clock moves
    await t.sim.clearRequests();
    const cut = await p.pulumi(["up", "--yes", "--skip-preview"], { env: { DBAAS_WAIT_TIMEOUT_S: "2" } });
    expect(cut.code).not.toBe(0);
    expect(cut.stdout + cut.stderr).toMatch(
      new RegExp(
        String.raw`timed out after \d+s waiting for cluster resumed \(create\): last state IN_PROGRESS` +
          String.raw`|timed out after \d+s waiting for cluster resumed`,
      ),
    );
    const recorded = JSON.parse(await p.exportState()).deployment.resources.find((r: any) => r.type === CLUSTER);
    expect(recorded?.id).toMatch(/^[0-9a-f]{32}$/);
    await t.sim.clock({ mode: "time", stepMs: 300 });
    await p.up();
    // The cluster the cloud accepted is the one that finishes: no second POST /v1/clusters.
    expect((await t.sim.mutations()).filter((c) => c === "POST /v1/clusters")).toHaveLength(1);
    const out = await p.outputs();
    expect(out.clusterId).toBe(recorded.id);
    expect(out.serviceState).toBe("RUNNING");
    await p.ok(["preview", "--expect-no-changes"]);
    await p.ok(["destroy", "--yes", "--skip-preview"]);
  });

  it("adopts an existing cluster without creating one", async () => {
    const api = t.api();
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
    await t.sim.clearRequests();
    const refused = await p.pulumi(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/serverType: live "db1v2m4", declared "db1v4m8"/);
    await p.config("serverType", "db1v2m4");
    await p.up();
    expect(await t.sim.mutations()).toEqual([]);
    expect((await p.outputs()).clusterId).toBe(legacyId);
    await p.ok(["preview", "--expect-no-changes"]);
    await p.ok(["destroy", "--yes", "--skip-preview"]);
  });

  it(
    "a bad parameter, server type or tuning variable is refused by preview, and by up before any " +
      "mutating call, in create and in update",
    async () => {
      // Update: a valid resize planned with a parameter the catalogue does not have; preview says so, and up sends neither.
      await t.project.config("serverType", "db1v8m16");
      await t.project.configJson("parameters", { max_connection: 200 });
      await t.sim.clearRequests();
      const previewed = await t.project.pulumi(["preview"]);
      expect(previewed.code).not.toBe(0);
      expect(previewed.stdout + previewed.stderr).toMatch(/parameters\.max_connection.*is not a parameter of PostgreSQL 16\.4/);
      const refused = await t.project.pulumi(["up", "--yes", "--skip-preview"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(/parameters\.max_connection.*is not a parameter of PostgreSQL 16\.4/);
      expect(await t.sim.mutations()).toEqual([]);
      await t.project.configJson("parameters", { max_connections: "lots" });
      const typed = await t.project.pulumi(["up", "--yes", "--skip-preview"]);
      expect(typed.stdout + typed.stderr).toMatch(/parameters\.max_connections.*"lots" is not a whole number/);
      expect(await t.sim.mutations()).toEqual([]);
      // A server type the catalogue does not list: preview fails (issue 15: it used to preview as an update).
      await t.project.config("serverType", "db9v9m9");
      const unknownType = await t.project.pulumi(["preview"]);
      expect(unknownType.code).not.toBe(0);
      expect(unknownType.stdout + unknownType.stderr).toMatch(/db9v9m9 is not an SCP server type; available: db1v2m4/);
      // A tuning variable that is set but unusable: preview names it, its value and the allowed range.
      await t.project.config("serverType", "db1v8m16");
      const tuning = await t.project.pulumi(["preview"], { env: { DBAAS_WAIT_TIMEOUT_S: "abc" } });
      expect(tuning.code).not.toBe(0);
      expect(tuning.stdout + tuning.stderr).toContain('DBAAS_WAIT_TIMEOUT_S="abc" is not usable: expected a number from 1 to 604800');
      expect(await t.sim.mutations()).toEqual([]);
      await t.project.configRm("parameters");
      await t.project.config("serverType", "db1v4m16");
      // Create: another stack with an unknown parameter never sends its POST.
      const p = await PulumiProject.create("scp-postgresql", packedTarball(), { stack: "badparam" });
      await configure(p);
      await p.config("clusterName", "badparam");
      await p.configJson("parameters", { work_memory: 4096 });
      const create = await p.pulumi(["up", "--yes", "--skip-preview"]);
      expect(create.code).not.toBe(0);
      expect(create.stdout + create.stderr).toMatch(/parameters\.work_memory.*is not a parameter of PostgreSQL 16\.4/);
      expect(await t.sim.mutations()).toEqual([]);
      expect(JSON.parse(await p.exportState()).deployment.resources?.find((r: any) => r.type === CLUSTER)).toBeUndefined();
    },
  );

  it("destroy against an API without the DELETE route fails and keeps the cluster in state", async () => {
    await t.sim.fault({ kind: "gateway-404", method: "DELETE", path: "^/v1/clusters/[0-9a-f]{32}$", count: 1 });
    await t.sim.clearRequests();
    const failed = await t.project.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/DELETE \/v1\/clusters\/[0-9a-f]{32} failed: HTTP 404/);
    expect(failed.stdout + failed.stderr).toMatch(/not the API's not-found answer.*check scp:endpoint, scp:region and scp:environment/);
    const state = JSON.parse(await t.project.exportState());
    expect(state.deployment.resources.find((r: any) => r.type === CLUSTER)?.id).toBe(t.clusterId);
    const live: any = await t.api().http.get(`/v1/clusters/${t.clusterId}`);
    expect(live.service_state).toBe("RUNNING");
  });

  t.secretsStayOut();

  it("the stack history holds no database password", async () => {
    const history = await t.project.pulumi(["stack", "history", "--json", "--show-secrets=false"]);
    expect(history.stdout).not.toContain(PASSWORD);
  });

  t.destroyed();
});
