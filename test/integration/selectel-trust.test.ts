// Issue 6 for Selectel, in process against the simulator: a create whose answer is lost never
// makes a second datastore; only the API's own 404 means "gone"; waits end on evidence (also when
// a change completes within the second it started); children wait for their own settled state;
// broken datastores can be deleted; bad input is refused before the first mutating call; user
// passwords never appear in errors.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { SelectelClient } from "../../src/selectel/client";
import { startSim, type Sim } from "../support/sim";
import { checked } from "../support/lifecycle";
import { pointRuntimeAtSelectel } from "../support/selectel";
import { withEnv } from "../support/env";

let sim: Sim;
const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";
const PG = { engine: "postgresql", version: "16", subnetId: SUBNET, flavor: { vcpus: 2, ram: 4096, disk: 32 } };
const KAFKA = { engine: "kafka", version: "3.5", subnetId: SUBNET, flavor: { vcpus: 2, ram: 4096, disk: 64 } };

async function create(kind: string, declared: Record<string, unknown>) {
  const inputs = await checked(kind, declared);
  const r = await runtime.create(kind, inputs);
  return { inputs, id: r.id, outs: r.outs as Record<string, any> };
}

const mutating = async () => (await sim.mutations()).filter((c) => !c.includes("/auth/tokens"));
const datastoresNamed = async (name: string) =>
  ((await sim.selectelApi("GET", "/datastores")).datastores as any[]).filter((d) => d.name === name);
const setStatus = (id: string, status: string) =>
  sim.control("POST", "services/selectel-dbaas/set-status", { region: "ru-7", datastore_id: id, status });

/**
 * Refused by `check` (preview shows it) and, were check skipped, by `up`'s own check before the
 * POST: the second line of defence stays.
 */
async function refusedByCheckAndUp(declared: Record<string, unknown>, message: RegExp) {
  await sim.clearRequests();
  const r = await runtime.check("selectel:Cluster", {}, declared);
  expect(r.failures.map((f) => `${f.property}: ${f.reason}`).join("\n")).toMatch(message);
  const err = await runtime.create("selectel:Cluster", r.inputs).catch((e) => e);
  expect(String(err.message)).toMatch(message);
  expect(await mutating()).toEqual([]);
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 60 });
  pointRuntimeAtSelectel(sim, "dbaas-journal");
});
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  await sim.clearFaults();
});

describe("§2 a create whose answer is lost never duplicates a datastore", () => {
  it("a dropped answer to POST /datastores: the create finds the datastore by name and carries on with it", async () => {
    await sim.fault({ service: "selectel-dbaas", method: "POST", path: "/v1/datastores$", kind: "drop-after-apply" });
    await sim.clearRequests();
    const c = await create("selectel:Cluster", { ...PG, name: "pg-dropped" });
    expect(c.outs.status).toBe("ACTIVE");
    expect((await mutating()).filter((m) => m === "POST /datastores")).toHaveLength(1);
    const live = await datastoresNamed("pg-dropped");
    expect(live.map((d) => d.id)).toEqual([c.id]);
  });

  it("the rerun after a create that could not find its datastore takes over the one it made (journal), never a second", async () => {
    const owner = "0f".repeat(16);
    const inputs = { ...(await checked("selectel:Cluster", { ...PG, name: "pg-rerun" })), __owner: owner };
    await sim.fault({ service: "selectel-dbaas", method: "POST", path: "/v1/datastores$", kind: "drop-after-apply" });
    // The look-ups after the lost answer fail too (the API's list is down for a while); the first
    // look-up, before the POST, takes the harmless rule added first.
    await sim.fault({ service: "selectel-dbaas", method: "GET", path: "/v1/datastores$", kind: "slow", delayMs: 0, count: 1 });
    await sim.fault({ service: "selectel-dbaas", method: "GET", path: "/v1/datastores$", kind: "status", status: 503, count: 100 });
    const first = await withEnv({ DBAAS_HTTP_RETRIES: "0" }, () => runtime.create("selectel:Cluster", inputs).catch((e) => e));
    expect(String(first.message)).toMatch(/run `pulumi up` again/);
    await sim.clearFaults();
    expect(await datastoresNamed("pg-rerun")).toHaveLength(1);
    await sim.clearRequests();
    const second = await runtime.create("selectel:Cluster", inputs);
    expect(await mutating()).not.toContain("POST /datastores");
    expect((await datastoresNamed("pg-rerun")).map((d) => d.id)).toEqual([second.id]);
  });

  it("a datastore of that name this resource did not create: stop before any mutating call, name it and the fix", async () => {
    const other = await create("selectel:Cluster", { ...PG, name: "pg-taken" });
    await sim.clearRequests();
    const err = await runtime.create("selectel:Cluster", await checked("selectel:Cluster", { ...PG, name: "pg-taken" })).catch((e) => e);
    expect(String(err.message)).toContain(other.id);
    expect(String(err.message)).toContain(`adopt: "${other.id}"`);
    expect(String(err.message)).toMatch(/state ACTIVE, created \d{4}-/);
    expect(await mutating()).toEqual([]);
  });
});

describe("§2 children too", () => {
  it(
    "a dropped answer to POST /users: the user is found by name, not created twice; another stack's " + "user of that name is refused",
    async () => {
      const c = await create("selectel:Cluster", { ...PG, name: "pg-child-drop" });
      await sim.fault({ service: "selectel-dbaas", method: "POST", path: "/v1/users$", kind: "drop-after-apply" });
      await sim.clearRequests();
      const user = await create("selectel:User", { clusterId: c.id, name: "app", password: "App-passw0rd" });
      expect(user.outs.status).toBe("ACTIVE");
      expect((await mutating()).filter((m) => m === "POST /users")).toHaveLength(1);
      const users = (await sim.selectelApi("GET", `/users?datastore_id=${c.id}`)).users;
      expect(users.map((u: any) => u.id)).toEqual([user.id]);

      await sim.clearRequests();
      const err = await runtime
        .create("selectel:User", await checked("selectel:User", { clusterId: c.id, name: "app", password: "Other-passw0rd" }))
        .catch((e) => e);
      expect(String(err.message)).toContain(`adopt: "${user.id}"`);
      expect(await mutating()).toEqual([]);
    },
  );
});

describe("replacements of a child whose name must stay unique delete first", () => {
  it("a database whose locale changes (same name) is replaced delete-first; a renamed topic need not be", async () => {
    const UUID = "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a";
    const olds = await checked("selectel:Database", { clusterId: UUID, name: "orders" });
    const news = await checked("selectel:Database", { clusterId: UUID, name: "orders", lcCollate: "ru_RU.UTF-8" }, olds);
    expect(await runtime.diff("selectel:Database", "x", olds, news)).toMatchObject({ replaces: ["lcCollate"], deleteBeforeReplace: true });
    const topic = await checked("selectel:Topic", { clusterId: UUID, name: "orders", partitions: 3 });
    const renamed = await checked("selectel:Topic", { clusterId: UUID, name: "orders-v2", partitions: 3 }, topic);
    expect(await runtime.diff("selectel:Topic", "x", topic, renamed)).toMatchObject({ replaces: ["name"], deleteBeforeReplace: false });
  });
});

describe("§3 only the API's own 404 means gone", () => {
  let c: Awaited<ReturnType<typeof create>>;
  let html: http.Server;
  let htmlUrl = "";

  beforeAll(async () => {
    c = await create("selectel:Cluster", { ...PG, name: "pg-404" });
    html = http.createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body><h1>404 Not Found</h1>nginx</body></html>");
    });
    await new Promise<void>((r) => html.listen(0, "127.0.0.1", r));
    htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}/{region}/v1`;
  });
  afterAll(() => new Promise<void>((r) => html.close(() => r())));

  it.each([
    ["a route the service does not know (Selectel envelope, not an object's not-found)", () => sim.selectelEndpoint.replace("/v1", "/v2")],
    ["a prefix where no service is mounted (the front door answers, not the API)", () => `${sim.url}/elsewhere/{region}/v1`],
    ["a gateway's HTML page", () => htmlUrl],
  ])("%s: refresh and destroy fail naming the URL; the datastore stays in the state", async (_n, endpoint) => {
    await withEnv({ SELECTEL_DBAAS_ENDPOINT: endpoint() }, async () => {
      const read = await runtime.read("selectel:Cluster", c.id, c.outs).catch((e) => e);
      expect(read).toBeInstanceOf(Error);
      expect(String(read.message)).toMatch(/404/);
      expect(String(read.message)).toContain(`/datastores/${c.id}`);
      expect(String(read.message)).toContain("selectel:endpoint");
      const del = await runtime.remove("selectel:Cluster", c.id, c.outs).catch((e) => e);
      expect(del).toBeInstanceOf(Error);
      expect(String(del.message)).toContain("selectel:endpoint");
    });
    expect((await sim.selectelApi("GET", `/datastores/${c.id}`)).datastore.status).toBe("ACTIVE");
  });

  it("the API's own 404 is gone: refresh drops it, and a child's delete after the cluster's is confirmed by a read", async () => {
    const user = await create("selectel:User", { clusterId: c.id, name: "app", password: "App-passw0rd" });
    await runtime.remove("selectel:Cluster", c.id, c.outs);
    expect((await runtime.read("selectel:Cluster", c.id, c.outs)).id).toBe("");
    await sim.clearRequests();
    await runtime.remove("selectel:User", user.id, user.outs);
    // Nothing to delete: the cascade took it, and reads (not a DELETE's 404) said so.
    expect(await mutating()).toEqual([]);
  });
});

describe("§4 waits end when the work is done", () => {
  it("two changes within one second (unchanged updated_at) both end their wait", async () => {
    const c = await create("selectel:Cluster", { ...PG, name: "pg-same-second" });
    await sim.clock({ stepMs: 0 }); // an operation completes at the next request
    try {
      // Start right after a second boundary so both changes fit in it.
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
      const news = await checked("selectel:Cluster", { ...c.inputs, name: "pg-same-second-2", config: { work_mem: "256" } }, c.inputs);
      await sim.clearRequests();
      const started = Date.now();
      const r = await withEnv({ DBAAS_WAIT_TIMEOUT_S: "8" }, () => runtime.update("selectel:Cluster", c.id, c.outs, news));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(r.outs).toMatchObject({ name: "pg-same-second-2", config: { work_mem: "256" } });
      const puts = (await sim.requests()).filter((q) => q.method === "PUT");
      expect(puts.map((q) => q.path.replace(/.*\/datastores\/[^/]+/, ""))).toEqual(["", "/config"]);
      const stamps = (await sim.requests()).filter((q) => q.method === "GET" && q.status === 200).length;
      expect(stamps).toBeGreaterThan(0);
    } finally {
      await sim.clock({ stepMs: 60 });
    }
  });

  it("a change that never shows times out in plain words, not an internal state name", async () => {
    const c = await create("selectel:Cluster", { ...PG, name: "pg-never" });
    const api = await SelectelClient.for({ config: () => undefined, log: () => {}, warn: () => {} });
    const d = await api.datastore(c.id);
    const err = await withEnv({ DBAAS_WAIT_TIMEOUT_S: "1" }, () =>
      api.waitDatastore(c.id, "cluster pg-never", "rename", { before: d.updated_at, applied: () => false }).catch((e) => e),
    );
    expect(String(err.message)).toMatch(/timed out .* last state ACTIVE \(change not visible yet\)/);
    expect(String(err.message)).not.toMatch(/STALE/);
  });

  it("a child still PENDING_UPDATE from another change is waited for, not answered with 409", async () => {
    const k = await create("selectel:Cluster", { ...KAFKA, name: "kafka-busy" });
    const topic = await create("selectel:Topic", { clusterId: k.id, name: "orders", partitions: 3 });
    await sim.clock({ stepMs: 400 });
    try {
      await sim.selectelApi("PUT", `/topics/${topic.id}`, { topic: { partitions: 4 } });
      expect((await sim.selectelApi("GET", `/topics/${topic.id}`)).topic.status).toBe("PENDING_UPDATE");
      const news = await checked("selectel:Topic", { ...topic.inputs, partitions: 6 }, topic.inputs);
      const r = await runtime.update("selectel:Topic", topic.id, topic.outs, news);
      expect(r.outs.partitions).toBe(6);
    } finally {
      await sim.clock({ stepMs: 60 });
    }
  });

  it("a child of a datastore in ERROR is not reported deleted; the datastore's delete removes it", async () => {
    const c = await create("selectel:Cluster", { ...PG, name: "pg-error-child" });
    const user = await create("selectel:User", { clusterId: c.id, name: "app", password: "App-passw0rd" });
    await setStatus(c.id, "ERROR");
    const err = await runtime.remove("selectel:User", user.id, user.outs).catch((e) => e);
    expect(String(err.message)).toMatch(/while its cluster is ERROR.*pulumi state delete/);
    expect((await runtime.read("selectel:User", user.id, user.outs)).id).toBe(user.id);
    await runtime.remove("selectel:Cluster", c.id, c.outs);
    expect((await runtime.read("selectel:User", user.id, user.outs)).id).toBe("");
  });

  it.each(["ERROR", "DEGRADED", "DISK_FULL", "DOWN"])("a datastore in %s is deleted (no wait for ACTIVE first)", async (status) => {
    const c = await create("selectel:Cluster", { ...PG, name: `pg-${status.toLowerCase().replace("_", "-")}` });
    await setStatus(c.id, status);
    await sim.clearRequests();
    await withEnv({ DBAAS_WAIT_TIMEOUT_S: "5" }, () => runtime.remove("selectel:Cluster", c.id, c.outs));
    expect(await mutating()).toEqual(["DELETE /datastores/{id}"]);
    await expect(sim.selectelApi("GET", `/datastores/${c.id}`)).rejects.toThrow(/404/);
  });
});

describe("§5 bad input is refused before the first mutating call", () => {
  const UUID = "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a";

  it.each([
    ["selectel:Cluster", { ...PG, name: "pg-x", firewall: ["999.999.999.999"] }, "firewall.0"],
    ["selectel:Cluster", { ...PG, name: "pg-x", firewall: ["10.0.0.5/99"] }, "firewall.0"],
    ["selectel:Cluster", { ...PG, name: "pg-x", firewall: ["10.0.0.05"] }, "firewall.0"],
    ["selectel:Cluster", { ...PG, name: "pg-x", adopt: "../users/x" }, "adopt"],
    ["selectel:Cluster", { ...PG, name: "pg-x", restore: { clusterId: "../x", targetTime: "2026-01-01T00:00:00" } }, "restore.clusterId"],
    ["selectel:User", { clusterId: "../../x?y=z", name: "app", password: "App-passw0rd" }, "clusterId"],
    ["selectel:User", { clusterId: UUID, name: "app", password: "App-passw0rd", adopt: `${UUID}#x` }, "adopt"],
    ["selectel:Grant", { clusterId: UUID, databaseId: UUID, userId: "x/../y" }, "userId"],
    ["selectel:Database", { clusterId: UUID, name: "db", ownerId: "?owner" }, "ownerId"],
    ["selectel:BackupPolicy", { clusterId: "../x", retentionDays: 7 }, "clusterId"],
  ])("%s %j: check names %s", async (kind, news, property) => {
    await sim.clearRequests();
    const { failures } = await runtime.check(kind, {}, news);
    expect(failures.map((f) => f.property)).toContain(property);
    expect(await sim.requests()).toEqual([]);
  });

  it("a selectel:region that is not a region name never reaches a request", async () => {
    await sim.clearRequests();
    const inputs = await checked("selectel:Cluster", { ...PG, name: "pg-region" });
    const err = await withEnv({ SELECTEL_REGION: "attacker.example/x?" }, () => runtime.create("selectel:Cluster", inputs).catch((e) => e));
    expect(String(err.message)).toContain("selectel:region");
    expect(await sim.requests()).toEqual([]);
  });

  it('firewall ["10.0.0.5/32"] converges: no diff after create, and nothing sent by the next up', async () => {
    const c = await create("selectel:Cluster", { ...PG, name: "pg-slash32", firewall: ["10.0.0.5/32", "10.0.1.0/24"] });
    const news = await checked("selectel:Cluster", { ...PG, name: "pg-slash32", firewall: ["10.0.0.5/32", "10.0.1.0/24"] }, c.inputs);
    expect((await runtime.diff("selectel:Cluster", c.id, c.outs, news)).changes).toBe(false);
    const refreshed = await runtime.read("selectel:Cluster", c.id, c.outs);
    expect((await runtime.diff("selectel:Cluster", c.id, refreshed.props, news)).changes).toBe(false);
    expect(refreshed.props.firewall).toEqual(["10.0.0.5", "10.0.1.0/24"]);
  });

  it("a PostgreSQL parameter on Kafka is refused before the POST, even when the API ignores the type filter", async () => {
    await sim.control("POST", "services/selectel-dbaas/quirks", { ignoreTypeFilter: true });
    try {
      await refusedByCheckAndUp(
        { ...KAFKA, name: "kafka-work-mem", config: { work_mem: 128 } },
        /config\.work_mem: is not a configuration parameter/,
      );
    } finally {
      await sim.control("POST", "services/selectel-dbaas/quirks", { ignoreTypeFilter: false });
    }
  });

  it.each([
    [{ work_mem: "10" }, /config\.work_mem: must be at least 64/],
    [{ transform_null_equals: "maybe" }, /config\.transform_null_equals: must be true or false/],
    [{ xmloption: "html" }, /config\.xmloption: "html" is not one of/],
    [{ shared_buffers: "1024" }, /config\.shared_buffers: cannot be changed/],
  ])("config %j is refused by check, and by up's own check, before the POST", async (config, message) => {
    await refusedByCheckAndUp({ ...PG, name: "pg-bad-config", config }, message);
  });

  it(
    "an update with a bad config value is refused by check; up's own check changes nothing, not even " + "the resize planned before it",
    async () => {
      const c = await create("selectel:Cluster", { ...PG, name: "pg-preflight" });
      await sim.clearRequests();
      const r = await runtime.check("selectel:Cluster", c.inputs, { ...c.inputs, nodeCount: 2, config: { work_mem: "10" } });
      expect(r.failures.map((f) => `${f.property}: ${f.reason}`).join("\n")).toMatch(/config\.work_mem: must be at least 64/);
      const news = r.inputs;
      const err = await runtime.update("selectel:Cluster", c.id, c.outs, news).catch((e) => e);
      expect(String(err.message)).toMatch(/config\.work_mem: must be at least 64/);
      expect(await mutating()).toEqual([]);
    },
  );
});

describe("§6 secrets", () => {
  it("password and redisPassword are secret fields", () => {
    expect(runtime.secretInputKeys("selectel:User")).toEqual(["password"]);
    expect(runtime.secretInputKeys("selectel:Cluster")).toEqual(["redisPassword"]);
  });

  it("a user's password echoed by an API error is redacted", async () => {
    // A stand-in DBaaS whose validation message quotes the value, as jsonschema messages do.
    const clusterId = "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a";
    const echo = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        if (req.method === "GET") {
          res.end(
            JSON.stringify({
              datastore: { id: clusterId, name: "pg", status: "ACTIVE", type_id: "t", node_count: 1, updated_at: "2026-01-01T00:00:00" },
            }),
          );
          return;
        }
        const pw = JSON.parse(body).user.password;
        res.writeHead(400);
        res.end(
          JSON.stringify({
            error: { code: 400, title: "Bad Request", message: `Validation failure: {'user.password': "'${pw}' is too weak"}` },
          }),
        );
      });
    });
    await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
    try {
      const port = (echo.address() as AddressInfo).port;
      const password = "Very-Secret-Passw0rd-42";
      const inputs = await checked("selectel:User", { clusterId, name: "app", password });
      const err = await withEnv({ SELECTEL_DBAAS_ENDPOINT: `http://127.0.0.1:${port}/{region}/v1` }, () =>
        runtime.create("selectel:User", inputs).catch((e) => e),
      );
      expect(String(err.message)).toMatch(/is too weak/);
      expect(String(err.message)).not.toContain(password);
      expect(JSON.stringify(err.body ?? {})).not.toContain(password);
    } finally {
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });
});
