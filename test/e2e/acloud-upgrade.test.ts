// End to end with the real Pulumi CLI (local file backend) on examples/acloud-upgrade, a TypeScript
// program run through the SDK's ts-node support, with pulumi-dbaas installed from the packed
// tarball, against the simulated Avisi API. Steps build on each other, in order; after each one
// the preview and the refresh must find nothing left to do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { ACLOUD, startSim, type Sim } from "../support/sim";
import { configureAcloud } from "../support/acloud";

const UPGRADE = "pulumi-nodejs:dynamic/acloud:ClusterUpgrade";
const PROD = "5e08fe67-1274-475d-bd0c-a65b0330507f"; // prod-k8s: v1.34.9-u-ame.2, window TUESDAY 02:00–04:00 UTC
const POST = "POST /api/v1/orgs/sim-org/scheduled-cluster-upgrades";

let sim: Sim;
let project: PulumiProject;

const LEGACY = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"; // legacy-k8s: v1.33.7-u-ame.5, no maintenance schedule
const clusterVersion = async (cluster = PROD) =>
  (await sim.state()).services.acloud.clusters.find((c: any) => c.identity === cluster).version;

async function expectClean() {
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview.code, preview.stdout + preview.stderr).toBe(0);
  await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
}

/** Runs `up` and, once it is polling the upgrade, moves the simulated calendar to `windowStart`. */
async function upThroughWindow(windowStart: string) {
  const since = (await sim.requests()).at(-1)?.seq ?? 0;
  const up = project.pulumi(["up", "--yes", "--skip-preview"]);
  for (let i = 0; i < 600; i++) {
    const polls = (await sim.requests()).filter(
      (r) => r.seq > since && r.method === "GET" && r.path.includes("/scheduled-cluster-upgrades/"),
    );
    if (polls.length >= 2) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(await clusterVersion()).not.toBe("v1.35.6-u-ame.4"); // still waiting for the window
  await sim.acloud("advance-time", { to: windowStart });
  return up;
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 200 });
  project = await PulumiProject.create("acloud-upgrade", packedTarball());
  // Credentials come from stack config only in this suite.
  for (const k of ["ACLOUD_PERSONAL_ACCESS_TOKEN", "ACLOUD_ORGANISATION", "ACLOUD_API_ENDPOINT"]) delete project.env[k];
  await configureAcloud(project, sim);
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

describe("acloud-upgrade (TypeScript) with the real pulumi CLI", { timeout: 600_000 }, () => {
  let identity = "";
  let windowStart = "";

  it("an immediate upgrade: one POST, and up returns only once the cluster runs the new version", async () => {
    await project.config("cluster", "legacy-k8s");
    await project.config("version", "v1.34.9-u-ame.2");
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([POST]);
    expect((await sim.requests()).find((r) => r.method === "POST")!.body).toEqual({
      clusterIdentity: LEGACY,
      version: "v1.34.9-u-ame.2",
      ignoreMaintenanceSchedule: true,
    });
    expect(await project.outputs()).toMatchObject({
      status: "SUCCEEDED",
      fromVersion: "v1.33.7-u-ame.5",
      toVersion: "v1.34.9-u-ame.2",
      clusterVersion: "v1.34.9-u-ame.2",
    });
    expect(await clusterVersion(LEGACY)).toBe("v1.34.9-u-ame.2");
    await expectClean();
  });

  it(
    "another cluster replaces: a new upgrade is scheduled into prod-k8s's next maintenance window, " + "the finished one is only forgotten",
    async () => {
      await project.configRm("cluster");
      await project.config("version", "v1.35.5-u-ame.2");
      await project.config("when", "maintenanceWindow");
      await project.config("waitFor", "scheduled");
      const plan = (await project.plan()).filter((s) => s.type === UPGRADE);
      // Deleted first (one open upgrade per cluster): the old upgrade is finished, so only forgotten.
      expect(plan).toMatchObject([{ op: "replace", replaceReasons: ["clusterSlug"] }]);
      await sim.clearRequests();
      await project.up();
      expect(await sim.mutations()).toEqual([POST]);
      expect(await clusterVersion(LEGACY)).toBe("v1.34.9-u-ame.2");
      const out = await project.outputs();
      identity = out.upgradeIdentity;
      expect(out).toMatchObject({
        status: expect.stringMatching(/^SCHEDULED/),
        fromVersion: "v1.34.9-u-ame.2",
        toVersion: "v1.35.5-u-ame.2",
        clusterVersion: "v1.34.9-u-ame.2",
      });
      expect(new Date(out.windowStart).getUTCDay()).toBe(2);
      expect(await clusterVersion()).toBe("v1.34.9-u-ame.2");
      await expectClean();
    },
  );

  it("a new version and a later from-date preview as an update and reschedule the same upgrade with one POST", async () => {
    const first = await project.outputs();
    const notBefore = new Date(Date.parse(first.windowEnd) + 3600_000).toISOString();
    await project.config("version", "v1.35.6-u-ame.4");
    await project.config("notBefore", notBefore);
    const plan = (await project.plan()).filter((s) => s.type === UPGRADE);
    expect(plan).toEqual([{ op: "update", type: UPGRADE, name: "prod-k8s", changedKeys: ["notBefore", "version"], replaceReasons: [] }]);
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([POST]);
    const posted = (await sim.requests()).find((r) => r.method === "POST")!;
    expect(posted.body).toEqual({
      clusterIdentity: PROD,
      version: "v1.35.6-u-ame.4",
      ignoreMaintenanceSchedule: false,
      scheduleRequestDate: notBefore,
    });
    const out = await project.outputs();
    expect(out.upgradeIdentity).toBe(identity);
    expect(Date.parse(out.windowStart) - Date.parse(first.windowStart)).toBe(7 * 24 * 3600_000);
    windowStart = out.windowStart;
    await expectClean();
  });

  it("waitFor: completed waits, with no call of its own, until the window opens and the cluster runs the version", async () => {
    await project.config("waitFor", "completed");
    const plan = (await project.plan()).filter((s) => s.type === UPGRADE);
    expect(plan).toEqual([{ op: "update", type: UPGRADE, name: "prod-k8s", changedKeys: ["waitFor"], replaceReasons: [] }]);
    await sim.clearRequests();
    const up = await upThroughWindow(windowStart);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(await sim.mutations()).toEqual([]);
    expect(await project.outputs()).toMatchObject({ status: "SUCCEEDED", clusterVersion: "v1.35.6-u-ame.4", upgradeIdentity: identity });
    expect(await clusterVersion()).toBe("v1.35.6-u-ame.4");
    await expectClean();
  });

  it.each([
    [
      "a jump over a minor version",
      "v1.37.2-u-ame.1",
      /from v1\.35\.6-u-ame\.4 to v1\.37\.2-u-ame\.1.*one minor version at a time.*next allowed: v1\.36\.1-u-ame\.1/,
    ],
    [
      "a downgrade across minor versions",
      "v1.34.9-u-ame.2",
      /from v1\.35\.6-u-ame\.4 to v1\.34\.9-u-ame\.2.*downgrade across minor versions/,
    ],
  ])("refuses %s with zero mutating calls", async (_what, version, message) => {
    await project.config("version", version);
    await sim.clearRequests();
    const r = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(r.code).not.toBe(0);
    expect((r.stdout + r.stderr).replace(/\s+/g, " ")).toMatch(message);
    expect(await sim.mutations()).toEqual([]);
    expect(await clusterVersion()).toBe("v1.35.6-u-ame.4");
    await project.config("version", "v1.35.6-u-ame.4");
  });

  it("after the refusals, with the version put back, nothing is left to do", async () => {
    await expectClean();
  });

  it("a MISSED immediate upgrade stays in the state; preview then shows the reschedule, and the next up does it", async () => {
    await project.config("version", "v1.36.1-u-ame.1");
    await project.config("when", "now");
    await project.configRm("notBefore"); // applies only to maintenance-window upgrades
    await sim.acloud("inject-outcome", { clusterIdentity: PROD, outcome: "MISSED", reason: "no capacity in the window" });
    await sim.clearRequests();
    const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/upgrade of prod-k8s to v1\.36\.1-u-ame\.1 ended MISSED: no capacity in the window/);
    expect(await sim.mutations()).toEqual([POST]);
    const state = JSON.parse(await project.exportState());
    const recorded = state.deployment.resources.find((r: any) => r.type === UPGRADE);
    expect(recorded.id).toBe(identity);
    expect(recorded.outputs).toMatchObject({ status: "MISSED", version: "v1.35.6-u-ame.4" });
    // The engine keeps a resource whose update failed half way (with its old inputs) and plans to
    // update it again; the recorded version is the one the cluster runs, so the update reschedules.
    const plan = (await project.plan()).filter((s) => s.type === UPGRADE);
    expect(plan).toMatchObject([{ op: "update", replaceReasons: [] }]);

    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([POST]);
    const out = await project.outputs();
    expect(out).toMatchObject({ status: "SUCCEEDED", toVersion: "v1.36.1-u-ame.1", clusterVersion: "v1.36.1-u-ame.1" });
    expect(out.upgradeIdentity).not.toBe(identity); // the API opened a new record after the terminal one
    expect(await clusterVersion()).toBe("v1.36.1-u-ame.1");
    await expectClean();
  });

  it("the token is never in the exported state", async () => {
    const exported = await project.exportState();
    expect(exported).not.toContain(ACLOUD.token);
    const upgrade = JSON.parse(exported).deployment.resources.find((r: any) => r.type === UPGRADE);
    expect(JSON.stringify(upgrade.inputs.__provider).length).toBeLessThan(1024);
  });

  it("destroy forgets the finished upgrade without a call and leaves the cluster's version", async () => {
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await sim.mutations()).toEqual([]);
    expect(await clusterVersion()).toBe("v1.36.1-u-ame.1");
  });

  it("destroy of a pending upgrade cancels it, and the cluster keeps its version", async () => {
    await project.config("version", "v1.37.2-u-ame.1");
    await project.config("when", "maintenanceWindow");
    await project.config("waitFor", "scheduled");
    await project.up();
    expect((await project.outputs()).status).toMatch(/^SCHEDULED/);
    await sim.clearRequests();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await sim.mutations()).toEqual(["DELETE /api/v1/orgs/sim-org/scheduled-cluster-upgrades/{id}"]);
    expect(
      (await sim.state()).services.acloud.upgrades.filter((u: any) => u.status === "SCHEDULED" || u.status === "SCHEDULED_NOTIFIED"),
    ).toEqual([]);
    expect(await clusterVersion()).toBe("v1.36.1-u-ame.1");
  });
});
