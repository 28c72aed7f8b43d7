// End to end with the real Pulumi CLI (local file backend) on examples/scp-postgresql-ha, a
// TypeScript program: a PostgreSQL cluster, a same-region replica, an other-region replica (behind
// kr-east1's endpoint: `scp:endpoint` carries `{region}`), a backup policy and a slow-log export,
// with pulumi-dbaas installed from the packed tarball, against the simulator. Steps build on each
// other, in order.
import { describe, expect, it } from "vitest";
import { type PulumiProject } from "../support/pulumi";
import { type Sim } from "../support/sim";
import { useScpExample } from "../support/scp";

const PASSWORD = "E2e-ha-passw0rd";
const REPLICA = "pulumi-nodejs:dynamic/scp:Replica";
const HOME = "scp-postgresql-kr-west1";
const EAST = "scp-postgresql-kr-east1";

let sim: Sim;
let project: PulumiProject;

/** Mutating calls since the last clear, as "<region mount> METHOD /path" with ids replaced. */
async function mutations(): Promise<string[]> {
  return (await sim.requests())
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.service} ${r.method} ${r.path.replace(/\/[0-9a-f]{32}(?=\/|$)/g, "/{id}")}`);
}

async function expectNoChanges() {
  await project.ok(["preview", "--expect-no-changes"]);
}

useScpExample(
  "scp-postgresql-ha",
  { databasePassword: PASSWORD, logAccessKey: "e2e-obj-access", logSecretKey: "e2e-obj-Secret-1" },
  (s, p) => {
    sim = s;
    project = p;
  },
  {
    endpoint: (s) => `${s.url}/scp/{region}/{service}`,
    config: { "scp:region": "kr-west1" },
  },
);

describe("scp-postgresql-ha (TypeScript) with the real pulumi CLI", { timeout: 600_000 }, () => {
  it("up creates the cluster, both replicas (the other-region one behind kr-east1), the backup policy and the log export", async () => {
    await project.up();
    const out = await project.outputs();
    expect(out.clusterId).toMatch(/^[0-9a-f]{32}$/);
    expect(out).toMatchObject({ readReplicaRole: "REPLICA", drReplicaRole: "SECONDARY", drFollows: out.clusterId });
    expect(out.drReplicaEndpoint).toMatch(/:2866$/);
    // Each create once, the settings serialised with the replica creates on the source.
    expect((await mutations()).sort()).toEqual([
      `${HOME} POST /v1/clusters`,
      `${HOME} POST /v1/clusters/{id}/backups`,
      `${HOME} POST /v1/clusters/{id}/log-export-configs`,
      `${HOME} POST /v1/clusters/{id}/replicas`,
      `${HOME} POST /v1/clusters/{id}/replicas/other-region`,
    ]);
    // The other-region replica is read only through kr-east1's endpoint.
    const east = (await sim.requests()).filter((r) => r.service === EAST);
    expect(east.map((r) => r.path)).toContain(`/v1/clusters/${out.drReplicaId}`);
    expect((await sim.requests()).some((r) => r.service === HOME && r.path.includes(out.drReplicaId))).toBe(false);
  });

  it("a second preview and a refresh show no changes", async () => {
    await expectNoChanges();
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("in-place changes of the replicas and settings hit exactly their endpoints, each in its region", async () => {
    await project.config("drServerType", "db1v4m8");
    await project.configJson("readReplicaAllowedIps", ["10.0.0.0/24", "192.168.0.0/16"]);
    await project.config("backupRetentionDays", "14");
    await project.config("logExportHour", "4");
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan.map((s) => [s.op, s.name, s.changedKeys]).sort()).toEqual([
      ["update", "orders-backup", ["retentionDays"]],
      ["update", "orders-dr", ["serverType"]],
      ["update", "orders-ro", ["allowedIps"]],
      ["update", "orders-slow-log", ["schedule"]],
    ]);
    await sim.clearRequests();
    await project.up();
    expect((await mutations()).sort()).toEqual([
      `${EAST} POST /v1/instance-groups/{id}/resize`,
      `${HOME} POST /v1/clusters/{id}/backups`,
      `${HOME} POST /v1/clusters/{id}/security-group-rules`,
      `${HOME} PUT /v1/clusters/{id}/log-export-configs/slow`,
    ]);
    await expectNoChanges();
  });

  it("promoting the other-region replica previews as an update and sends one promote to kr-east1", async () => {
    await project.config("promoteDr", "true");
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan).toEqual([{ op: "update", type: REPLICA, name: "orders-dr", changedKeys: ["promoted"], replaceReasons: [] }]);
    await sim.clearRequests();
    await project.up();
    expect(await mutations()).toEqual([`${EAST} POST /v1/clusters/{id}/promote`]);
    const out = await project.outputs();
    expect(out).toMatchObject({ drReplicaRole: "ORIGIN", drFollows: "" });
    await expectNoChanges();
  });

  it("un-promoting is refused before anything runs, with the reason", async () => {
    await project.config("promoteDr", "false");
    await sim.clearRequests();
    const r = await project.pulumi(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(
      /property promoted value \{false\} has a problem: cannot go back to false: a promoted replica is a standalone cluster/,
    );
    expect(await mutations()).toEqual([]);
    await project.config("promoteDr", "true");
  });

  it("destroy deletes replicas and settings before the cluster, and leaves nothing", async () => {
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    const made = await mutations();
    expect([...made].sort()).toEqual([
      `${EAST} DELETE /v1/clusters/{id}`,
      `${HOME} DELETE /v1/clusters/{id}`,
      `${HOME} DELETE /v1/clusters/{id}`,
      `${HOME} DELETE /v1/clusters/{id}/backups`,
      `${HOME} DELETE /v1/clusters/{id}/log-export-configs/slow`,
    ]);
    // The source's DELETE comes last (its replicas and settings depend on it).
    expect(made.at(-1)).toBe(`${HOME} DELETE /v1/clusters/{id}`);
    const state = (await sim.state()).services["scp-postgresql"];
    expect(state.clusters).toEqual([]);
  });
});
