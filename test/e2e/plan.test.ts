// End to end with the real Pulumi CLI on examples/scp-postgresql against the simulator:
// `pulumi-dbaas plan` (the installed package's bin) on real previews — an in-place change, a
// replace and a refusal — and durations that travel with the stack: recorded in the state, they
// reach the next run even from a fresh, empty cache directory, and cause no diff.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, type PulumiProject } from "../support/pulumi";
import type { Sim } from "../support/sim";
import { useScpExample } from "../support/scp";

const PASSWORD = "E2e-plan-passw0rd";
let sim: Sim;
let project: PulumiProject;

useScpExample("scp-postgresql", { databasePassword: PASSWORD }, (s, p) => {
  sim = s;
  project = p;
});

/** Learning on, in a cache directory nobody has used: what a fresh CI runner has. */
const freshRunner = () => ({
  DBAAS_WAIT_LEARN: "1",
  DBAAS_CACHE_DIR: mkdtempSync(join(tmpdir(), "dbaas-fresh-runner-")),
  DBAAS_WAIT_PROGRESS_MS: "1",
});

async function up() {
  const r = await project.pulumi(["up", "--yes", "--skip-preview"], { env: freshRunner() });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

/** `pulumi-dbaas plan` as a CI job runs it; it runs `pulumi preview --json` itself unless given a file. */
async function plan(args: string[] = ["--", "--non-interactive"]) {
  const r = await run(join(project.dir, "node_modules/.bin/pulumi-dbaas"), ["plan", ...args], {
    cwd: project.dir,
    env: { ...project.env, ...freshRunner() },
  });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const durationsInState = async () => {
  const state = JSON.parse(await project.exportState());
  return state.deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/scp:Cluster").outputs.__durations;
};

describe("pulumi-dbaas plan and durations in the state, with the real pulumi CLI", { timeout: 600_000 }, () => {
  it("up records the create's durations with the resource, and preview and refresh stay clean", async () => {
    await up();
    const recorded = await durationsInState();
    expect(Object.keys(recorded)).toContain("op:scp:Cluster/postgresql:create@50/250");
    await project.ok(["preview", "--expect-no-changes"]);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
    await project.ok(["refresh", "--yes"]);
    expect(await durationsInState()).toEqual(recorded);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("plan reports an in-place change: properties, the calls, availability, no history yet", async () => {
    await project.config("serverType", "db1v4m8");
    await project.configJson("allowedIps", ["10.0.0.0/24", "192.168.0.0/16"]);
    const report = await plan();
    expect(report).toContain("**1 in place: duration: no history yet.**");
    expect(report).toContain("### scp:Cluster `orders`: in place");
    expect(report).toContain("| `serverType` | db1v2m4 | db1v4m8 | in place |");
    expect(report).toContain('| `allowedIps` | ["10.0.0.0/24"] | ["10.0.0.0/24","192.168.0.0/16"] | in place |');
    expect(report).toContain(
      "- Calls: `POST /v1/instance-groups/{instance_group_id}/resize` (serverType), `POST " +
        "/v1/clusters/{cluster_id}/security-group-rules` (allowedIps)",
    );
    expect(report).toContain("- Availability: `serverType`: not documented; `allowedIps`: not documented");
    expect(report).toContain("- Expected duration: no history yet (serverType, allowedIps)");
    expect(report).not.toContain(PASSWORD);
  });

  it("a fresh runner's up learns nothing it could use, and records the change's durations in the state", async () => {
    const out = await up();
    expect(out).toMatch(/waiting for cluster orders/);
    expect(out).not.toMatch(/usually about/);
    expect(Object.keys(await durationsInState())).toEqual(
      expect.arrayContaining(["op:scp:Cluster/postgresql:allowedIps@50/250", "scp:postgresql:allowed IPs@50/250"]),
    );
    await project.ok(["preview", "--expect-no-changes"]);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("the next change from another fresh runner is planned and waited with the durations from the state", async () => {
    await project.configJson("allowedIps", ["10.0.0.0/24"]);
    const report = await plan();
    expect(report).toMatch(/- Expected duration: ~\d+ s \(from this resource's state\)/);
    const out = await up();
    // The wait's progress line names the learned duration: its schedule is the learned one.
    expect(out).toMatch(/waiting for cluster orders: .*\(usually about \d+s\)/);
    await project.ok(["preview", "--expect-no-changes"]);
    await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("plan reports a replace that deletes first", async () => {
    await project.config("subnetId", "subnet-b");
    const report = await plan();
    expect(report).toContain("### scp:Cluster `orders`: replace that deletes first");
    expect(report).toContain("Replaced because of: `subnetId`.");
    expect(report).toContain("| `subnetId` | subnet-a | subnet-b | forces the replacement |");
    expect(report).toContain("- Calls: `DELETE /v1/clusters/{cluster_id}` (delete), `POST /v1/clusters");
    expect(report).toMatch(/\*\*1 replace that deletes first: .*one recreated object\.\*\*/);
    await project.configRm("subnetId");
  });

  it("plan reports a preview refused by check, read from a file as a CI job saves it", async () => {
    await project.configJson("blockStorages", [{ roleType: "DATA", sizeGb: 16 }]);
    const preview = await project.pulumi(["preview", "--json"]);
    expect(preview.code).not.toBe(0);
    const file = join(project.home, "preview.json");
    writeFileSync(file, preview.stdout);
    const report = await plan(["--input", file]);
    expect(report).toContain("**1 refused.**");
    expect(report).toContain("- scp:Cluster `orders`: blockStorages[0].sizeGb: block storage can only grow: 104 GB → 16 GB is a shrink");
    await project.configRm("blockStorages");
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("destroy deletes the cluster", async () => {
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
  });
});
