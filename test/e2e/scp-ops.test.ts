// End to end with the real Pulumi CLI on examples/scp-postgresql-ops against the simulator: a
// cluster, its BackupPolicy and a LogExportConfig; the object-storage keys never in the state in
// clear; in-place changes through exactly their endpoints; a program that also declares the
// cluster's `backup` refused on `up`; a second program (examples/scp-get) that reads the cluster
// and its policy with `get` and never changes them; destroy.
import { describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { type Sim } from "../support/sim";
import { configureScp, useScpExample } from "../support/scp";

const OBJ_SECRET = "Obj-e2e-secret-81c2";
const OBJ_ACCESS = "obj-e2e-access-5d0e";

let sim: Sim;
let project: PulumiProject;

useScpExample("scp-postgresql-ops", { databasePassword: "E2e-db-passw0rd", objAccessKey: OBJ_ACCESS, objSecretKey: OBJ_SECRET }, (s, p) => {
  sim = s;
  project = p;
});

describe("scp-postgresql-ops with the real pulumi CLI", { timeout: 600_000 }, () => {
  it("up creates the cluster, then its policy and log export; the keys are secrets in the state", async () => {
    await project.up();
    const calls = await sim.mutations();
    expect(calls[0]).toBe("POST /v1/clusters");
    expect(calls.slice(1).sort()).toEqual(["POST /v1/clusters/{id}/backups", "POST /v1/clusters/{id}/log-export-configs"]);
    const out = await project.outputs();
    expect(out.policyId).toBe(`${out.clusterId}/backups`);
    expect(out.slowLogId).toBe(`${out.clusterId}/slow`);
    const state = await project.exportState();
    expect(state).not.toContain(OBJ_SECRET);
    expect(state).not.toContain(OBJ_ACCESS);
  });

  it("a second preview and a refresh show no changes (the cluster never diffs the policy's schedule)", async () => {
    await project.ok(["preview", "--expect-no-changes"]);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it(
    "after a refresh, the displayed diff lists exactly the changed property: never the policy's " + "backup (in place and replace)",
    async () => {
      await project.ok(["refresh", "--yes"]);
      await project.ok(["preview", "--expect-no-changes"]);
      await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
      const type = "pulumi-nodejs:dynamic/scp:Cluster";
      const ledger = async () => (await project.plan()).filter((s) => s.name === "ledger" && s.op !== "same");
      try {
        await project.config("serverType", "db1v4m8");
        expect(await ledger()).toEqual([{ op: "update", type, name: "ledger", changedKeys: ["serverType"], replaceReasons: [] }]);
        // The text a reviewer reads: the one-line summary, and the property lines of `--diff`.
        expect((await project.ok(["preview"])).stdout).toContain("[diff: ~serverType]");
        const shownChanges = [...(await project.ok(["preview", "--diff"])).stdout.matchAll(/^\s+([-+~])\s+(\w+)\s*:/gm)].map(
          (m) => `${m[1]}${m[2]}`,
        );
        expect(shownChanges).toEqual(["~serverType"]);
        await project.configRm("serverType");
        await project.config("subnetId", "subnet-b");
        const replaced = (await ledger()).filter((s) => s.op === "replace");
        expect(replaced).toEqual([{ op: "replace", type, name: "ledger", changedKeys: ["subnetId"], replaceReasons: ["subnetId"] }]);
      } finally {
        await project.pulumi(["config", "rm", "serverType"]);
        await project.pulumi(["config", "rm", "subnetId"]);
      }
      await project.ok(["preview", "--expect-no-changes"]);
    },
  );

  it("a retention and a schedule change hit exactly their endpoints", async () => {
    await project.config("retentionDays", "21");
    await project.configJson("logSchedule", { frequency: "MONTH", dayOfMonth: -1, hour: 4 });
    await sim.clearRequests();
    await project.up();
    expect((await sim.mutations()).sort()).toEqual(["POST /v1/clusters/{id}/backups", "PUT /v1/clusters/{id}/log-export-configs/slow"]);
  });

  it(
    "a second program reads the cluster and its policy with get: typed outputs, no changing request, " + "and its destroy leaves both",
    async () => {
      const { clusterId } = await project.outputs();
      const reader = await PulumiProject.create("scp-get", packedTarball());
      await configureScp(reader, sim);
      await reader.config("clusterId", clusterId);
      await sim.clearRequests();
      await reader.up();
      const got = await reader.outputs();
      expect(got).toMatchObject({
        engine: "postgresql",
        timezone: "Asia/Seoul",
        serverType: "db1v2m4",
        retentionDays: 21,
        isCluster: true,
      });
      expect(got.endpoint).toMatch(/^[\d.]+:2866$/);
      expect(got.dataGroup).toContain("ACTIVE:db1v2m4");
      // Recorded as read (external), never as managed. The two reads are independent, so the
      // engine records them in whichever order they finish.
      const resources = JSON.parse(await reader.exportState())
        .deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/"))
        .map((r: { type: string; external?: boolean; id: string }) => [r.type, r.external, r.id]);
      expect(resources).toEqual(
        expect.arrayContaining([
          ["pulumi-nodejs:dynamic/scp:Cluster", true, clusterId],
          ["pulumi-nodejs:dynamic/scp:BackupPolicy", true, `${clusterId}/backups`],
        ]),
      );
      expect(resources).toHaveLength(2);
      const preview = await reader.pulumi(["preview", "--expect-no-changes"]);
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      const refresh = await reader.pulumi(["refresh", "--yes", "--expect-no-changes"]);
      expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
      await reader.ok(["destroy", "--yes", "--skip-preview"]);
      expect(await sim.mutations()).toEqual([]);
      // The managing stack finds both exactly as it left them.
      await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
    },
  );

  it("declaring the cluster's backup too is refused on up, naming the rule; the policy and log export are not touched", async () => {
    await project.configJson("clusterBackup", { retentionDays: 7, startHour: 1 });
    await sim.clearRequests();
    const r = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("One setting, one owner");
    // The cluster was registered before the policy threw, so Pulumi may finish the cluster's own
    // step (its backup POST); nothing else runs.
    expect((await sim.mutations()).filter((c) => c !== "POST /v1/clusters/{id}/backups")).toEqual([]);
    await project.configRm("clusterBackup");
  });

  it("destroy unregisters, unsets and deletes", async () => {
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    const calls = await sim.mutations();
    expect(calls).toContain("DELETE /v1/clusters/{id}/backups");
    expect(calls).toContain("DELETE /v1/clusters/{id}/log-export-configs/slow");
    expect(calls[calls.length - 1]).toBe("DELETE /v1/clusters/{id}");
  });
});
