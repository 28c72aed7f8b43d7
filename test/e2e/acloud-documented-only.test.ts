// End to end with the real Pulumi CLI on examples/acloud-upgrade against the simulated Avisi API in
// two shapes: one that serves only what the documents establish (the POST of seed 003 and the
// cluster reads; every other path answered 404 in the API's own `{message, details}` shape), and
// the full one, whose answers always echo a `scheduleRequestDate`. Neither may make a preview
// show a change after `up`, nor make `up` post the upgrade again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { startSim, type Sim } from "../support/sim";
import { configureAcloud } from "../support/acloud";

const POST = "POST /api/v1/orgs/sim-org/scheduled-cluster-upgrades";

let sim: Sim;
let project: PulumiProject;

beforeAll(async () => {
  sim = await startSim({ stepMs: 200 });
  project = await PulumiProject.create("acloud-upgrade", packedTarball());
  for (const k of ["ACLOUD_PERSONAL_ACCESS_TOKEN", "ACLOUD_ORGANISATION", "ACLOUD_API_ENDPOINT"]) delete project.env[k];
  await configureAcloud(project, sim);
}, 900_000);
afterAll(async () => {
  await sim?.close();
});

async function expectCleanAndNoPost() {
  await project.ok(["preview", "--expect-no-changes"]);
  await project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  await sim.clearRequests();
  await project.up();
  expect(await sim.mutations()).toEqual([]);
}

describe("acloud.ClusterUpgrade without a declared notBefore, against the full API", { timeout: 900_000 }, () => {
  it("the API's echoed from-date is no input: preview and refresh are clean, a second up posts nothing", async () => {
    await project.config("version", "v1.35.5-u-ame.2");
    await project.config("when", "maintenanceWindow");
    await project.config("waitFor", "scheduled");
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([POST]);
    const out = await project.outputs();
    expect(out.status).toMatch(/^SCHEDULED/);
    await expectCleanAndNoPost();
    // Cancels the pending upgrade: the next part starts from the cluster as seeded.
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    await project.configRm("when");
    await project.configRm("waitFor");
  });
});

describe("acloud.ClusterUpgrade against an API that serves only the documented POST", { timeout: 900_000 }, () => {
  it("up posts once and completes on the cluster's version; preview and refresh are clean; a second up posts nothing", async () => {
    await sim.acloud("documented-only", { on: true });
    await project.config("version", "v1.35.6-u-ame.4");
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual([POST]);
    expect(await project.outputs()).toMatchObject({ status: "SUCCEEDED", clusterVersion: "v1.35.6-u-ame.4" });
    await expectCleanAndNoPost();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
  });
});
