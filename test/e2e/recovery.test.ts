// End to end with the real Pulumi CLI against the simulator: recovery from a create the cloud ended
// in its failed state (SCP FAILED, Selectel ERROR). The engine keeps such a resource with init
// errors; the next preview must show a replacement with its reason, and the next `up` must delete
// the dead object, create it again and then create the dependents the failed run never reached.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { startSim, type Sim } from "../support/sim";
import { configureScp } from "../support/scp";
import { configureSelectel } from "../support/selectel";

const T = (kind: string) => `pulumi-nodejs:dynamic/${kind}`;

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ stepMs: 200 });
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

/** The ids of live objects the simulator holds, by service. */
const scpClusters = async () =>
  ((await sim.state()).services["scp-postgresql"].clusters as any[]).map((c) => ({ id: c.id, name: c.name, state: c.service_state }));

describe("a create that ends FAILED (SCP, with a BackupPolicy and a LogExportConfig depending on it)", { timeout: 900_000 }, () => {
  let project: PulumiProject;
  let failedId = "";

  beforeAll(async () => {
    project = await PulumiProject.create("scp-postgresql-ops", packedTarball());
    await configureScp(project, sim, {
      databasePassword: "E2e-db-passw0rd",
      objAccessKey: "obj-e2e-access",
      objSecretKey: "Obj-e2e-secret",
    });
  }, 900_000);

  it("up fails, says what the next up does, and creates no dependent", async () => {
    await sim.fault({ service: "scp-postgresql", kind: "fail-operation", method: "POST", path: "^/v1/clusters$", count: 1 });
    await sim.clearRequests();
    const r = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/state FAILED.*the next `pulumi up` deletes it and creates it again/);
    expect(await sim.mutations()).toEqual(["POST /v1/clusters"]);
    const clusters = await scpClusters();
    expect(clusters).toMatchObject([{ name: "ledger", state: "FAILED" }]);
    failedId = clusters[0].id;
  });

  it("preview shows the cluster replaced (delete first) with the reason, and the dependents created", async () => {
    const preview = await project.ok(["preview"]);
    expect(preview.stdout).toMatch(
      new RegExp(`scp:Cluster ledger \\(${failedId}\\) ended FAILED during create \\(.*\\): \`pulumi up\` deletes it and creates it again`),
    );
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan.find((s) => s.type === T("scp:Cluster") && s.op === "replace")?.replaceReasons).toEqual(["__createFailed"]);
    expect(
      plan
        .filter((s) => s.op === "create")
        .map((s) => s.type)
        .sort(),
    ).toEqual([T("scp:BackupPolicy"), T("scp:LogExportConfig")]);
  });

  it("up deletes the FAILED cluster, creates it again, then its dependents; the next preview is clean", async () => {
    await sim.clearRequests();
    await project.up();
    const calls = await sim.mutations();
    expect(calls.slice(0, 2)).toEqual(["DELETE /v1/clusters/{id}", "POST /v1/clusters"]);
    expect(calls.slice(2).sort()).toEqual(["POST /v1/clusters/{id}/backups", "POST /v1/clusters/{id}/log-export-configs"]);
    const clusters = await scpClusters();
    expect(clusters).toMatchObject([{ name: "ledger", state: "RUNNING" }]);
    expect(clusters[0].id).not.toBe(failedId);
    const out = await project.outputs();
    expect(out.policyId).toBe(`${clusters[0].id}/backups`);
    await project.ok(["preview", "--expect-no-changes"]);
  });
});

describe("a create that ends in ERROR (Selectel, with a user, a database, a grant and an extension)", { timeout: 900_000 }, () => {
  let project: PulumiProject;
  const dbaasCalls = async () => (await sim.mutations()).filter((c) => !c.includes("/auth/tokens"));

  beforeAll(async () => {
    project = await PulumiProject.create("selectel-postgresql", packedTarball());
    await configureSelectel(project, sim);
    await project.config("userPassword", "E2e-selectel-passw0rd", { secret: true });
  }, 900_000);

  it(
    "up fails with the datastore in ERROR; preview shows the replacement with its reason; up " +
      "converges with the children; preview is clean",
    async () => {
      await sim.fault({ service: "selectel-dbaas", kind: "fail-operation", method: "POST", path: "/v1/datastores$", count: 1 });
      await sim.clearRequests();
      const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toMatch(/state ERROR.*the next `pulumi up` deletes it and creates it again/);
      expect(await dbaasCalls()).toEqual(["POST /datastores"]);

      const preview = await project.ok(["preview"]);
      expect(preview.stdout).toMatch(
        /selectel:Cluster pg-main \(\S+\) ended ERROR during create \(.*\): `pulumi up` deletes it and creates it again/,
      );
      const plan = (await project.plan()).filter((s) => s.op !== "same");
      expect(plan.find((s) => s.type === T("selectel:Cluster") && s.op === "replace")?.replaceReasons).toEqual(["__createFailed"]);

      await sim.clearRequests();
      await project.up();
      const calls = await dbaasCalls();
      expect(calls.slice(0, 3)).toEqual(["DELETE /datastores/{id}", "POST /datastores", "PUT /datastores/{id}/firewall"]);
      expect(calls.slice(3).sort()).toEqual(["POST /databases", "POST /extensions", "POST /grants", "POST /users"]);
      const out = await project.outputs();
      expect(out.status).toBe("ACTIVE");
      await project.ok(["preview", "--expect-no-changes"]);
    },
  );
});
