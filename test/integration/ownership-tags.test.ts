// Issue 15 item 9, in process against the simulator: the proof of ownership travels with the SCP
// object (its pulumi-dbaas-owner tag, read through the Resource Manager), so a run on another
// machine (an empty cache directory: no create journal) takes over the cluster an interrupted create
// of the same resource made, and refuses any other (another owner's tag, no owner tag, tags that
// cannot be read).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as runtime from "../../src/runtime";
import { startSim, type Sim } from "../support/sim";
import { pointRuntimeAtSim, scpApi } from "../support/scp";
import { checked } from "../support/lifecycle";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ stepMs: 40 });
  pointRuntimeAtSim(sim, "ownership-tags");
});
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  await sim.clock({ mode: "time", stepMs: 40 });
  await sim.clearFaults();
  vi.restoreAllMocks();
  delete process.env.DBAAS_WAIT_TIMEOUT_S;
});

const CLUSTER = {
  engine: "postgresql",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "Int-passw0rd",
};

/** Another machine: a cache directory of its own, empty (no create journal). */
const anotherMachine = (label: string) => {
  process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), `ownership-tags-${label}-`));
};

const posts = async () => (await sim.mutations()).filter((c) => c === "POST /v1/clusters");
const tagReads = async () => (await sim.requests()).filter((r) => r.method === "GET" && r.path.includes("/v1/tags/"));

async function inputsFor(name: string, owner: string, tags: Record<string, string> = {}) {
  return { ...(await checked("scp:Cluster", { ...CLUSTER, name, instanceNamePrefix: name.toLowerCase(), tags })), __owner: owner };
}

/** A create whose run dies once the cluster is accepted (here: its wait gives up while the cluster is CREATING); no state records it. */
async function interruptedCreate(inputs: Record<string, any>): Promise<string> {
  await sim.clock({ mode: "manual" });
  process.env.DBAAS_WAIT_TIMEOUT_S = "1";
  const failed = await runtime.create("scp:Cluster", inputs).then(
    () => undefined,
    (e: Error) => e,
  );
  delete process.env.DBAAS_WAIT_TIMEOUT_S;
  expect(failed?.message).toMatch(/timed out|timeout/i);
  const list: any = await scpApi(sim, "postgresql").http.get("/v1/clusters", { query: { name: inputs.name, size: 100 } });
  const live = list.contents.filter((c: any) => c.name === inputs.name && c.service_state !== "TERMINATED");
  expect(live).toHaveLength(1);
  return live[0].id;
}

describe("SCP: a take-over on another machine is proven by the owner tag (item 9)", { timeout: 120_000 }, () => {
  it(
    "a create interrupted on one machine is taken over by the next run with an empty cache dir: one " +
      "cluster, one POST, the tag named as the proof",
    async () => {
      const inputs = await inputsFor("carried", "ownership-tags-carried-owner", { team: "db" });
      anotherMachine("a");
      await sim.clearRequests();
      const id = await interruptedCreate(inputs);
      expect(await posts()).toHaveLength(1);

      anotherMachine("b");
      await sim.clock({ mode: "time", stepMs: 40 });
      const log = vi.spyOn(console, "log").mockImplementation(() => {});
      const { id: taken, outs } = await runtime.create("scp:Cluster", inputs);
      const warnings = log.mock.calls.map((c) => String(c[0]));
      expect(taken).toBe(id);
      expect(await posts()).toHaveLength(1);
      expect(warnings).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `cluster carried: taking over ${id} \\(\\w+\\), created by an interrupted create of this same ` +
              `resource: its tag pulumi-dbaas-owner \\(Resource Manager\\) names this resource`,
          ),
        ),
      );
      expect((await tagReads()).length).toBeGreaterThan(0);
      expect(outs.tags).toEqual({ team: "db" });
      await runtime.remove("scp:Cluster", id, outs);
    },
  );

  it("an object whose owner tag names another owner is refused with the reason and the adopt fix; nothing is sent", async () => {
    anotherMachine("other-owner");
    const mine = await runtime.create("scp:Cluster", await inputsFor("theirs", "ownership-tags-first-owner"));
    anotherMachine("other-owner-2");
    await sim.clearRequests();
    const refused = await runtime.create("scp:Cluster", await inputsFor("theirs", "ownership-tags-second-owner")).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(refused?.message).toContain(`cluster theirs already exists and this resource did not create it: ${mine.id}`);
    expect(refused?.message).toContain("Its tag pulumi-dbaas-owner (Resource Manager) names another owner.");
    expect(refused?.message).toContain(`adopt: "${mine.id}"`);
    expect(await sim.mutations()).toEqual([]);
    await runtime.remove("scp:Cluster", mine.id, mine.outs);
  });

  it("an object with tags but no owner tag (made by another tool) is refused", async () => {
    anotherMachine("no-owner");
    // No owner key: no owner tag in the create body (as a console or another tool creates it).
    const { __owner: _, ...unowned } = await inputsFor("untagged", "unused", { team: "db" });
    const made = await runtime.create("scp:Cluster", unowned);
    await sim.clearRequests();
    // Its tags may not show yet: the run reads them again until they do, then decides.
    const refused = await runtime.create("scp:Cluster", await inputsFor("untagged", "ownership-tags-untagged-owner")).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(refused?.message).toContain(`cluster untagged already exists and this resource did not create it: ${made.id}`);
    expect(refused?.message).toContain("It carries no tag pulumi-dbaas-owner (Resource Manager).");
    expect(await sim.mutations()).toEqual([]);
    await runtime.remove("scp:Cluster", made.id, made.outs);
  });

  it(
    "a Resource Manager that answers an error refuses the take-over (tags not readable), even for " +
      "this resource's own interrupted create",
    async () => {
      const inputs = await inputsFor("unread", "ownership-tags-unread-owner");
      anotherMachine("unread-a");
      await sim.clearRequests();
      const id = await interruptedCreate(inputs);
      anotherMachine("unread-b");
      await sim.clock({ mode: "time", stepMs: 40 });
      await sim.fault({ kind: "status", status: 503, service: "scp-resourcemanager", method: "GET", path: "^/v1/tags/", count: 50 });
      const refused = await runtime.create("scp:Cluster", inputs).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(refused?.message).toContain(`cluster unread already exists and this resource did not create it: ${id}`);
      expect(refused?.message).toMatch(/Its tag pulumi-dbaas-owner \(Resource Manager\) could not be read \(.*503.*\)\./);
      expect(await posts()).toHaveLength(1);
      await sim.clearFaults();
      const { outs } = await runtime.create("scp:Cluster", inputs);
      await runtime.remove("scp:Cluster", id, outs);
    },
  );
});
