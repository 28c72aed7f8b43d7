// What an in-place change costs in requests, per cloud, against the simulator's request log: one
// GET before the mutation, the mutation, its polls, and no duplicate read-back; catalogue answers
// asked once per provider process; many waiting clusters polled with one list request.
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { forgetCatalogs } from "../../src/core/catalog-cache";
import * as runtime from "../../src/runtime";
import { startSim, type LoggedRequest, type Sim } from "../support/sim";
import { pointRuntimeAtSim } from "../support/scp";
import { checked } from "../support/lifecycle";
import { pointRuntimeAtSelectel } from "../support/selectel";

let sim: Sim;

/** "METHOD /path" with the service prefix dropped and ids as {id}, queries kept. */
function shape(r: LoggedRequest): string {
  const path = r.path
    .replace(/^\/scp\/(?:[a-z]{2}-[a-z]+\d+\/)?[a-z]+/, "")
    .replace(/^(\/selectel\/dbaas)?\/[a-z]{2}-\d+\/v1/, "")
    .replace(/\/[0-9a-f]{32}(?=\/|$)/g, "/{id}")
    .replace(/\/[0-9a-f-]{36}(?=\/|$)/g, "/{id}")
    .replace(/\/req-[0-9a-f-]+$/, "/{id}");
  const query = r.query && Object.keys(r.query).length > 0 ? `?${new URLSearchParams(r.query).toString()}` : "";
  return `${r.method} ${path}${query}`;
}

async function log(): Promise<string[]> {
  return (await sim.requests()).filter((r) => !r.path.includes("/auth/tokens")).map(shape);
}

/**
 * Collapses runs of the same request: ["A", "B", "B", "C"] → ["A", "B", "C"]. How many polls a
 * wait takes depends on how busy the machine is (files run side by side); which requests, and in
 * which order, does not.
 */
function runs(calls: string[]): string[] {
  return calls.filter((c, i) => c !== calls[i - 1]);
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 60 });
  pointRuntimeAtSim(sim, "requests");
  pointRuntimeAtSelectel(sim, "requests-selectel");
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  forgetCatalogs();
  delete process.env.DBAAS_COALESCE;
});

const SCP = "scp:Cluster";
/** SCP names are letters only: "many-3" becomes "manyd". */
const letters = (name: string) => name.replace(/-(\d+)/g, (_m, d: string) => String.fromCharCode(97 + Number(d))).replace(/[^a-zA-Z]/g, "");
const scpCluster = (label: string) => ({
  engine: "postgresql",
  name: letters(label),
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: letters(label),
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "app",
  databaseUserName: "app",
  databasePassword: "Req-passw0rd",
});

const SELECTEL_KIND = "selectel:Cluster";
const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";
const datastore = (name: string) => ({
  engine: "postgresql",
  version: "16",
  name,
  subnetId: SUBNET,
  flavor: { vcpus: 2, ram: 4096, disk: 32 },
  config: { work_mem: "128" },
});

describe("an in-place change costs 1 GET + 1 mutation + polls", () => {
  it("SCP: GET the cluster once, POST, poll the request, and the last state poll is the read-back", async () => {
    const inputs = await checked(SCP, scpCluster("req-scp"));
    const created = await runtime.create(SCP, inputs);
    const news = await checked(SCP, { ...inputs, allowedIps: ["10.0.0.0/24", "10.1.0.0/24"] }, inputs);
    await sim.clearRequests();
    const updated = await runtime.update(SCP, created.id, created.outs, news);
    expect(updated.outs.allowedIps).toEqual(["10.0.0.0/24", "10.1.0.0/24"]);
    const calls = await log();
    expect(runs(calls)).toEqual([
      "GET /v1/clusters/{id}",
      "POST /v1/clusters/{id}/security-group-rules",
      "GET /v1/requests/{id}",
      "GET /v1/clusters/{id}",
    ]);
    // The simulator's cluster is RUNNING when its request is done: one state poll, which is the read-back.
    expect(calls.filter((c) => c === "GET /v1/clusters/{id}")).toHaveLength(2);
  });

  it("SCP: a change whose catalogue was checked at create asks no catalogue again (server types cached)", async () => {
    const inputs = await checked(SCP, scpCluster("reqscpb"));
    const created = await runtime.create(SCP, inputs);
    const news = await checked(SCP, { ...inputs, serverType: "db1v4m8" }, inputs);
    await sim.clearRequests();
    await runtime.update(SCP, created.id, created.outs, news);
    expect(runs(await log())).toEqual([
      "GET /v1/clusters/{id}",
      "POST /v1/instance-groups/{id}/resize",
      "GET /v1/requests/{id}",
      "GET /v1/clusters/{id}",
    ]);
  });

  it("Selectel: GET the datastore once, PUT, and the polls (the last one is the read-back)", async () => {
    const inputs = await checked(SELECTEL_KIND, datastore("req-sel"));
    const created = await runtime.create(SELECTEL_KIND, inputs);
    const news = await checked(SELECTEL_KIND, { ...inputs, firewall: ["10.0.0.5"] }, inputs);
    await sim.clearRequests();
    const updated = await runtime.update(SELECTEL_KIND, created.id, created.outs, news);
    expect(updated.outs.firewall).toEqual(["10.0.0.5"]);
    expect(runs(await log())).toEqual(["GET /datastores/{id}", "PUT /datastores/{id}/firewall", "GET /datastores/{id}"]);
  });
});

describe("catalogue answers are asked once per provider process", () => {
  it("SCP: two clusters created one after the other read engine versions and server types once", async () => {
    await sim.clearRequests();
    for (const name of ["cat-a", "cat-b"]) await runtime.create(SCP, await checked(SCP, scpCluster(name)));
    const calls = await log();
    expect(calls.filter((c) => c.startsWith("GET /v1/engine-versions"))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("GET /v1/server-types"))).toHaveLength(1);
  });

  it("Selectel: config changes of two datastores read /configuration-parameters and /datastore-types once", async () => {
    const one = await runtime.create(SELECTEL_KIND, await checked(SELECTEL_KIND, datastore("cat-sel-a")));
    const two = await runtime.create(SELECTEL_KIND, await checked(SELECTEL_KIND, datastore("cat-sel-b")));
    forgetCatalogs();
    await sim.clearRequests();
    for (const r of [one, two]) {
      const olds = await checked(SELECTEL_KIND, datastore(r.outs.name));
      await runtime.update(SELECTEL_KIND, r.id, r.outs, await checked(SELECTEL_KIND, { ...olds, config: { work_mem: "256" } }, olds));
    }
    const calls = await log();
    expect(calls.filter((c) => c.startsWith("GET /configuration-parameters"))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("GET /datastore-types"))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("PUT "))).toEqual(["PUT /datastores/{id}/config", "PUT /datastores/{id}/config"]);
  });

  it("a version missing from the cached answer is asked again before it is refused", async () => {
    const inputs = await checked(SCP, scpCluster("cat-c"));
    await runtime.create(SCP, inputs);
    await sim.clearRequests();
    // `check` refuses it (preview shows it), after one fresh look-up past the cached answer.
    const r = await runtime.check(SCP, {}, { ...scpCluster("cat-d"), engineVersion: "9.9" });
    expect(r.failures).toMatchObject([{ property: "engineVersion", reason: expect.stringMatching(/9\.9 is not offered/) }]);
    expect((await log()).filter((c) => c.startsWith("GET /v1/engine-versions"))).toHaveLength(1);
  });
});

describe("many clusters waiting at once", () => {
  /** Creates `n` clusters in parallel; answers the requests made while they were waited for. */
  async function createMany(prefix: string, n: number) {
    await sim.clearRequests();
    const all = await Promise.all(
      Array.from({ length: n }, async (_, i) => runtime.create(SCP, await checked(SCP, scpCluster(`${prefix}-${i}`)))),
    );
    expect(all.every((r) => r.outs.serviceState === "RUNNING")).toBe(true);
    const calls = await log();
    return {
      lists: calls.filter((c) => c.startsWith("GET /v1/clusters?page=")).length,
      gets: calls.filter((c) => c === "GET /v1/clusters/{id}").length,
    };
  }

  it("one list request serves the state polls of several creating clusters; each wait ends on its own GET", async () => {
    // Creates long enough (several polls each, however busy the machine) for coalescing to show.
    await sim.clock({ stepMs: 300 });
    onTestFinished(() => sim.clock({ stepMs: 60 }));
    const n = 6;
    const coalesced = await createMany("many", n);
    expect(coalesced.lists).toBeGreaterThan(0);
    // Each wait ends with a per-object read; the list cannot end one on its own.
    expect(coalesced.gets).toBeGreaterThanOrEqual(n);
    process.env.DBAAS_COALESCE = "0";
    const plain = await createMany("plain", n);
    expect(plain.lists).toBe(0);
    expect(coalesced.lists + coalesced.gets).toBeLessThan(plain.gets);
  });
});
