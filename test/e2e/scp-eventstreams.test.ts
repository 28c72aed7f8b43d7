// End to end with the real Pulumi CLI (local file backend) on examples/scp-eventstreams (TypeScript),
// installed from the packed tarball, against the simulator: the scenarios every SCP engine shares
// (test/support/scenarios/scp-cluster-e2e.ts) with this engine's values, and what only EventStreams
// has (brokers added, never removed). Steps build on each other, in order.
import { describe, expect, it } from "vitest";
import { SCP_E2E_ENGINES, scpClusterE2e } from "../support/scenarios/scp-cluster-e2e";

const t = scpClusterE2e(SCP_E2E_ENGINES.eventstreams);

describe("scp-eventstreams with the real pulumi CLI", { timeout: 600_000 }, () => {
  t.created();
  t.clean();
  t.inPlace();

  it.each([
    ["blockStorages", () => t.project.configJson("blockStorages", [{ sizeGb: 112 }]), ["POST /v1/block-storage-groups/{id}/resize"]],
    ["brokerCount", () => t.project.config("brokerCount", "4"), ["POST /v1/clusters/{id}/add-instances"]],
    [
      "maintenance",
      () => t.project.configJson("maintenance", { dayOfWeek: "SUN", startTime: "02:00", durationHours: 1 }),
      ["POST /v1/clusters/{id}/maintenance"],
    ],
    ["engineVersion", () => t.project.config("engineVersion", "3.7.2"), ["PUT /v1/clusters/{id}/patch"]],
    ["running", () => t.project.config("running", "false"), ["POST /v1/clusters/{id}/stop"]],
    ["running", () => t.project.config("running", "true"), ["POST /v1/clusters/{id}/start"]],
  ])("%s changes in place through exactly its endpoint", async (key, set, expected) => {
    await set();
    expect(await t.plan()).toEqual(t.update([key]));
    expect(await t.upCalls()).toEqual(expected);
  });

  it("the new broker is a bootstrap server", async () => {
    expect((await t.project.outputs()).bootstrapServers.split(",")).toHaveLength(4);
  });

  t.replace();

  it("isCombined with 4 brokers is refused by preview (the API creates a combined cluster with 1 or 3), before any request", async () => {
    const { project, sim } = t;
    await project.config("isCombined", "true");
    try {
      await sim.clearRequests();
      const r = await project.pulumi(["preview"]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/brokerCount.*must be 1 or 3 when a cluster is created with isCombined .*got 4/);
      expect((await sim.requests()).filter((q) => q.method !== "GET")).toEqual([]);
    } finally {
      await project.configRm("isCombined");
    }
  });

  it("fewer brokers is refused by check, before any request", async () => {
    const { project, sim } = t;
    await project.config("brokerCount", "2");
    try {
      await sim.clearRequests();
      const r = await project.pulumi(["preview"]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/property brokerCount value \{2\} has a problem: brokers can only be added .*4 → 2/);
      expect(await sim.requests()).toEqual([]);
    } finally {
      await project.config("brokerCount", "4");
    }
  });

  t.drift();
  t.failedOperation();
  t.secretsStayOut();
  t.destroyed();
});
