// Issue 15 items 7 and 8, in process against the simulator: a create that is still running is never
// taken over by another run of the same resource, and racing owners of one Selectel name always
// leave exactly one datastore, owned by exactly one resource.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as runtime from "../../src/runtime";
import { clusterSrn } from "../../src/scp/kit/tags";
import { SIM_SCP_ACCOUNT_ID, startSim, type Sim } from "../support/sim";
import { pointRuntimeAtSim, scpApi } from "../support/scp";
import { pointRuntimeAtSelectel } from "../support/selectel";
import { checked } from "../support/lifecycle";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ stepMs: 40 });
  pointRuntimeAtSim(sim, "ownership");
  pointRuntimeAtSelectel(sim, "ownership");
});
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  await sim.clock({ mode: "time", stepMs: 40 });
});

const CLUSTER = {
  engine: "postgresql",
  name: "inflight",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "inflight",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "Int-passw0rd",
};

async function until(condition: () => Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the condition");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a running create is never taken over (item 7)", () => {
  it("a second run of the same resource while the first still creates is refused, names the live process, and sends nothing", async () => {
    const inputs = { ...(await checked("scp:Cluster", CLUSTER)), __owner: "ownership-inflight-owner" };
    await sim.clock({ mode: "manual" }); // the first create stays CREATING until released
    await sim.clearRequests();
    const first = runtime.create("scp:Cluster", inputs);
    await until(async () => (await sim.mutations()).includes("POST /v1/clusters"));
    const second = await runtime.create("scp:Cluster", inputs).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(second?.message).toMatch(
      new RegExp(
        `cluster inflight is being created right now by another run of this same resource: process ` +
          `${process.pid} on \\S+ .*Nothing was changed\\.`,
      ),
    );
    expect((await sim.mutations()).filter((c) => c === "POST /v1/clusters")).toHaveLength(1);
    await sim.clock({ mode: "time", stepMs: 40 });
    const { id, outs } = await first;
    await runtime.remove("scp:Cluster", id, outs);
  });
});

describe("Selectel: racing owners of one datastore name leave exactly one (item 8)", () => {
  const PG = {
    engine: "postgresql",
    version: "16",
    subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
    flavor: { vcpus: 2, ram: 4096, disk: 32 },
  };
  const live = async (name: string) =>
    ((await sim.selectelApi("GET", "/datastores")).datastores as any[]).filter(
      (d) => d.name === name && d.status !== "DELETED" && d.status !== "PENDING_DELETE",
    );

  it.each([1, 2, 3, 4])("race %i: three owners create one name at once: one datastore, owned by exactly one resource", async (round) => {
    const name = `pg-race-${round}`;
    const inputs = await checked("selectel:Cluster", { ...PG, name });
    await sim.clearRequests();
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => runtime.create("selectel:Cluster", { ...inputs, __owner: `race-${round}-owner-${n}` })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<{ id: string; outs: any }> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    // A loser either saw the winner before its POST (the plain refusal) or raced it past the
    // look-up, posted, and deleted the duplicate it made: every POST but the winner's is one such.
    const posts = (await sim.requests()).filter((r) => r.method === "POST" && /\/datastores$/.test(r.path)).length;
    const messages = lost.map((l) => String(l.reason?.message));
    for (const m of messages)
      expect(m).toMatch(new RegExp(`cluster ${name} already exists and this resource did not create it: (\\S+) .*adopt: "\\1"`));
    expect(messages.filter((m) => /the duplicate this one made \([0-9a-f-]{36}\) was deleted/.test(m))).toHaveLength(posts - 1);
    const left = await live(name);
    expect(left.map((d) => d.id)).toEqual([won[0].value.id]);
    await runtime.remove("selectel:Cluster", won[0].value.id, won[0].value.outs);
  });
});

describe("SCP: the owner's mark travels with the object (item 9)", () => {
  it(
    "the create body carries pulumi-dbaas-owner = the owner key; outputs, refresh and diff never " +
      "show it; the key is refused as a user tag",
    async () => {
      const owner = "ownership-tag-owner-0123456789abcdef";
      const inputs = {
        ...(await checked("scp:Cluster", { ...CLUSTER, name: "tagged", instanceNamePrefix: "tagged", tags: { team: "db" } })),
        __owner: owner,
      };
      await sim.clearRequests();
      const { id, outs } = await runtime.create("scp:Cluster", inputs);
      const post = (await sim.requests()).find((r) => r.method === "POST" && /\/v1\/clusters$/.test(r.path))!;
      expect(post.body.tags).toEqual([
        { key: "team", value: "db" },
        { key: "pulumi-dbaas-owner", value: owner },
      ]);
      expect(outs.tags).toEqual({ team: "db" });
      const refreshed = await runtime.read("scp:Cluster", id, outs);
      expect(refreshed.inputs.tags).toEqual({ team: "db" });
      expect((await runtime.diff("scp:Cluster", id, refreshed.props, inputs)).changes).toBe(false);
      const refused = await runtime.check("scp:Cluster", {}, { ...CLUSTER, tags: { "pulumi-dbaas-owner": "mine" } });
      expect(refused.failures).toHaveLength(1);
      expect(refused.failures[0]).toMatchObject({ property: "tags" });
      expect(refused.failures[0].reason).toMatch(
        /^the key pulumi-dbaas-owner is set by pulumi-dbaas itself \(the owner's mark\); use another key/,
      );
      await runtime.remove("scp:Cluster", id, outs);
    },
  );
});

describe("SCP: adopting a cluster another resource created (two stacks on one object)", () => {
  it("moves the owner's mark to the adopter, which is told so; the resource it came from then changes and deletes nothing; adopting an id that does not exist fails", async () => {
    const inputs = await checked("scp:Cluster", { ...CLUSTER, name: "handover", instanceNamePrefix: "handover" });
    const stackA = "stack-a-owner-0123456789abcdef";
    const stackB = "stack-b-owner-0123456789abcdef";
    const first = await runtime.create("scp:Cluster", { ...inputs, __owner: stackA });
    // The owner key travels in the outputs: delete gets nothing else.
    expect(first.outs.__owner).toBe(stackA);
    // The Resource Manager shows tags late: adopt once the mark is there (as for any adoption of an older cluster).
    const rm = scpApi(sim, "resourcemanager" as any);
    const srn = clusterSrn({ environment: "e", region: "kr-west1" }, SIM_SCP_ACCOUNT_ID, "postgresql", first.id);
    const mark = async () =>
      (await rm.http.get(`/v1/tags/${srn}`)).content.tags.find((t: { key: string }) => t.key === "pulumi-dbaas-owner")?.value;
    await until(async () => (await mark()) !== undefined);
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)));
    let adopted;
    try {
      // The same resource adopting what it created itself moves nothing and says nothing.
      await runtime.create("scp:Cluster", { ...inputs, adopt: first.id, __owner: stackA });
      expect(printed.filter((l) => l.startsWith("warning: "))).toEqual([]);
      adopted = await runtime.create("scp:Cluster", { ...inputs, adopt: first.id, __owner: stackB });
    } finally {
      spy.mockRestore();
    }
    expect(adopted.id).toBe(first.id);
    expect(await mark()).toBe(stackB);
    const warnings = printed.filter((l) => l.startsWith("warning: "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `cluster ${first.id} was managed by another Pulumi resource .*: it is this resource's now, and the other stack can no longer change or delete it`,
      ),
    );
    // Stack A, still declaring it: the preview of a change, the change and a destroy are refused, and nothing is sent.
    await sim.clearRequests();
    const planned = await runtime
      .diff("scp:Cluster", first.id, first.outs, { ...inputs, serverType: "db1v4m8", __owner: stackA })
      .catch((e) => e);
    expect(String(planned.message ?? planned)).toMatch(/belongs to another Pulumi resource now/);
    // A change of stack B's own resource plans as before.
    expect((await runtime.diff("scp:Cluster", first.id, adopted.outs, { ...inputs, serverType: "db1v4m8", __owner: stackB })).changes).toBe(
      true,
    );
    const change = await runtime
      .update("scp:Cluster", first.id, first.outs, { ...inputs, serverType: "db1v4m8", __owner: stackA })
      .catch((e) => e);
    expect(String(change.message ?? change)).toMatch(/belongs to another Pulumi resource now .*pulumi state delete/);
    const removal = await runtime.remove("scp:Cluster", first.id, first.outs).catch((e) => e);
    expect(String(removal.message ?? removal)).toMatch(/belongs to another Pulumi resource now/);
    expect((await sim.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    const missing: any = await runtime
      .create("scp:Cluster", { ...inputs, adopt: "0123456789abcdef0123456789abcdef", __owner: stackB })
      .catch((e) => e);
    expect(missing.message).toMatch(/adopt: cluster 0123456789abcdef0123456789abcdef does not exist/);
    // The adopter owns it: its destroy deletes it.
    await runtime.remove("scp:Cluster", first.id, adopted.outs);
  });
});
