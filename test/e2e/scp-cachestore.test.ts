// End to end with the real Pulumi CLI (local file backend) on examples/scp-cachestore, a TypeScript
// program run through the SDK's ts-node support, with pulumi-dbaas installed from the packed
// tarball, against the simulator: the scenarios every SCP engine shares
// (test/support/scenarios/scp-cluster-e2e.ts) with this engine's values, and what only CacheStore
// has. Steps build on each other, in order.
import { describe, expect, it } from "vitest";
import { SCP_E2E_ENGINES, scpClusterE2e } from "../support/scenarios/scp-cluster-e2e";

const engine = SCP_E2E_ENGINES.cachestore;
const t = scpClusterE2e(engine);

describe("scp-cachestore (TypeScript) with the real pulumi CLI", { timeout: 600_000 }, () => {
  t.created();
  t.clean();
  t.inPlace();

  it("running false, then true: stop, then start", async () => {
    const { project, sim } = t;
    await project.config("running", "false");
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/stop"]);
    expect((await project.outputs()).serviceState).toBe("STOPPED");
    await project.configRm("running");
    await sim.clearRequests();
    await project.up();
    expect(await sim.mutations()).toEqual(["POST /v1/clusters/{id}/start"]);
  });

  t.replace();

  it("a password change is refused by the preview with the reason", async () => {
    const { project } = t;
    await project.config("databasePassword", "Another-passw0rd", { secret: true });
    const r = await project.pulumi(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("databasePassword");
    expect(r.stdout + r.stderr).toContain("no password endpoint");
    await project.config("databasePassword", engine.secrets.databasePassword, { secret: true });
  });

  t.drift();
  t.failedOperation();
  t.secretsStayOut();
  t.destroyed();
});
