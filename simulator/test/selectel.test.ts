/**
 * The simulated Selectel Keystone and Managed Databases API, driven with raw fetch. Written from
 * the API document (seed 004) and reference selectel.md, independent of any client code in src/.
 * The clock runs in manual mode unless a test says otherwise, so every status is deterministic.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src";

const PROJECT = "0123456789abcdef0123456789abcdef";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

interface Res {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

let sim: Simulator;

function authBody(o: { user?: string; password?: string; account?: string; scope?: unknown } = {}): unknown {
  return {
    auth: {
      identity: {
        methods: ["password"],
        password: {
          user: { name: o.user ?? "sim-user", domain: { name: o.account ?? "sim-account" }, password: o.password ?? "sim-password" },
        },
      },
      ...(o.scope === null ? {} : { scope: o.scope ?? { project: { id: PROJECT } } }),
    },
  };
}

async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, raw?: string): Promise<Res> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined && raw === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const authenticate = (body: unknown = authBody()) => send("POST", `${sim.url}/selectel/identity/v3/auth/tokens`, body);

async function newToken(): Promise<string> {
  const r = await authenticate();
  expect(r.status).toBe(201);
  return r.headers.get("x-subject-token")!;
}

let token = "";
const api = (method: string, path: string, body?: unknown, o: { token?: string; region?: string; raw?: string } = {}) =>
  send(
    method,
    `${sim.url}/selectel/dbaas/${o.region ?? "ru-7"}/v1${path}`,
    body,
    o.token === "" ? {} : { "X-Auth-Token": o.token ?? token },
    o.raw,
  );

function expectError(r: Res, status: number, message?: RegExp | string): void {
  expect(r.status).toBe(status);
  expect(Object.keys(r.body)).toEqual(["error"]);
  expect(r.body.error).toMatchObject({ code: status, title: expect.any(String), message: expect.any(String) });
  if (message !== undefined) expect(r.body.error.message).toMatch(message);
}

// ---- catalogue look-ups ----

async function typeId(engine: string): Promise<string> {
  const r = await api("GET", `/datastore-types?engine=${engine}`);
  return r.body["datastore-types"][0].id;
}
async function flavorFor(type: string): Promise<any> {
  return (await api("GET", `/flavors?datastore_type_id=${type}`)).body.flavors[0];
}

async function createDatastore(engine: string, extra: Record<string, unknown> = {}): Promise<any> {
  const type_id = await typeId(engine);
  const flavor = await flavorFor(type_id);
  const r = await api("POST", "/datastores", {
    datastore: {
      type_id,
      subnet_id: "subnet-1",
      name: `${engine}-ds`,
      node_count: 1,
      flavor_id: flavor.id,
      ...(engine === "redis" ? { redis_password: "Secret-1" } : {}),
      ...extra,
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.body.datastore;
}

/** Create and bring to ACTIVE (create takes two clock steps). */
async function activeDatastore(engine: string, extra: Record<string, unknown> = {}): Promise<any> {
  const d = await createDatastore(engine, extra);
  sim.advance(2);
  expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("ACTIVE");
  return d;
}

async function activeChild(kind: string, one: string, body: Record<string, unknown>): Promise<any> {
  const r = await api("POST", `/${kind}`, { [one]: body });
  expect(r.status, r.text).toBe(201);
  expect(r.body[one].status).toBe("PENDING_CREATE");
  sim.advance(1);
  const g = await api("GET", `/${kind}/${r.body[one].id}`);
  expect(g.body[one].status).toBe("ACTIVE");
  return g.body[one];
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, mode: "manual" });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.reset();
  sim.setClock({ mode: "manual" });
  token = "";
});

async function withToken(): Promise<void> {
  token = await newToken();
}

// ======================================================================================

describe("Selectel identity (Keystone v3)", () => {
  it("issues a project-scoped token in X-Subject-Token with expires_at and a managed-database catalog", async () => {
    const before = Date.now();
    const r = await authenticate();
    expect(r.status).toBe(201);
    const tok = r.headers.get("x-subject-token");
    expect(tok).toMatch(/^gAAAAA/);
    expect(r.body.token.project.id).toBe(PROJECT);
    const expires = Date.parse(r.body.token.expires_at);
    expect(expires - before).toBeGreaterThan(3590_000);
    expect(expires - before).toBeLessThan(3610_000);
    const dbaas = r.body.token.catalog.find((c: any) => c.type === "managed-database");
    expect(dbaas).toBeDefined();
    const regions = dbaas.endpoints.map((e: any) => e.region_id);
    expect(regions).toEqual(expect.arrayContaining(["ru-1", "ru-3", "ru-7", "ru-9"]));
    const ru7 = dbaas.endpoints.find((e: any) => e.region_id === "ru-7");
    expect(ru7).toMatchObject({ interface: "public", url: `${sim.url}/selectel/dbaas/ru-7/v1` });
    // The catalog URL works as the DBaaS base URL.
    const list = await send("GET", `${ru7.url}/datastores`, undefined, { "X-Auth-Token": tok! });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ datastores: [] });
  });

  it("answers 401 for a wrong user, password, account or project, and 400 for a malformed body", async () => {
    for (const o of [
      { user: "other" },
      { password: "nope" },
      { account: "other-account" },
      { scope: { project: { id: "f".repeat(32) } } },
    ]) {
      const r = await authenticate(authBody(o));
      expectError(r, 401);
      expect(r.headers.get("x-subject-token")).toBeNull();
    }
    expectError(await authenticate({ auth: {} }), 400, /identity/);
    expectError(await send("POST", `${sim.url}/selectel/identity/v3/auth/tokens`, undefined, {}, "{nope"), 400);
  });

  it("rejects DBaaS calls without a token, with an unknown, unscoped, expired or revoked token (401, Selectel error shape)", async () => {
    expectError(await api("GET", "/datastores", undefined, { token: "" }), 401);
    expectError(await api("GET", "/datastores", undefined, { token: "gAAAAAbogus" }), 401);
    const unscoped = await authenticate(authBody({ scope: null }));
    expect(unscoped.status).toBe(201);
    expect(unscoped.body.token.catalog).toBeUndefined();
    expectError(await api("GET", "/datastores", undefined, { token: unscoped.headers.get("x-subject-token")! }), 401, /project/);

    const t1 = await newToken();
    expect((await api("GET", "/datastores", undefined, { token: t1 })).status).toBe(200);
    const ctl = await send("POST", `${sim.url}/_sim/services/selectel-identity/expire-tokens`, {});
    expect(ctl.status).toBe(200);
    expect(ctl.body.expired).toBeGreaterThanOrEqual(1);
    expectError(await api("GET", "/datastores", undefined, { token: t1 }), 401, /expired/);
    const t2 = await newToken();
    expect((await api("GET", "/datastores", undefined, { token: t2 })).status).toBe(200);

    // Keystone token revocation.
    const rev = await send("DELETE", `${sim.url}/selectel/identity/v3/auth/tokens`, undefined, {
      "X-Auth-Token": t2,
      "X-Subject-Token": t2,
    });
    expect(rev.status).toBe(204);
    expectError(await api("GET", "/datastores", undefined, { token: t2 }), 401);
  });

  it("has a configurable token lifetime (option and control action)", async () => {
    const other = await startSimulator({
      port: 0,
      mode: "manual",
      selectel: { tokenTtlSeconds: 120, user: "u2", password: "p2", account: "a2", project: "b".repeat(32) },
    });
    try {
      const r = await send("POST", `${other.url}/selectel/identity/v3/auth/tokens`, {
        auth: {
          identity: { methods: ["password"], password: { user: { name: "u2", domain: { name: "a2" }, password: "p2" } } },
          scope: { project: { id: "b".repeat(32) } },
        },
      });
      expect(r.status).toBe(201);
      expect(Date.parse(r.body.token.expires_at) - Date.parse(r.body.token.issued_at)).toBe(120_000);
      expect(other.control("selectel-identity", "token-ttl", { seconds: 30 }).status).toBe(200);
      const r2 = await send("POST", `${other.url}/selectel/identity/v3/auth/tokens`, {
        auth: {
          identity: { methods: ["password"], password: { user: { name: "u2", domain: { name: "a2" }, password: "p2" } } },
          scope: { project: { id: "b".repeat(32) } },
        },
      });
      expect(Date.parse(r2.body.token.expires_at) - Date.parse(r2.body.token.issued_at)).toBe(30_000);
      // The default credentials are not valid there.
      expect((await send("POST", `${other.url}/selectel/identity/v3/auth/tokens`, authBody())).status).toBe(401);
    } finally {
      await other.close();
    }
    expect((await send("POST", `${sim.url}/_sim/services/selectel-identity/no-such-action`, {})).status).toBe(404);
  });

  it("serves only the regions of the catalogue; regions do not share datastores", async () => {
    await withToken();
    expectError(await api("GET", "/datastores", undefined, { region: "xx-9" }), 404, /region/);
    await createDatastore("postgresql");
    expect((await api("GET", "/datastores")).body.datastores).toHaveLength(1);
    expect((await api("GET", "/datastores", undefined, { region: "ru-9" })).body.datastores).toHaveLength(0);
  });
});

// ======================================================================================

describe("Selectel DBaaS catalogue", () => {
  it("lists and gets datastore types, flavors, configuration parameters and available extensions with hyphenated envelopes", async () => {
    await withToken();
    const types = await api("GET", "/datastore-types");
    expect(types.status).toBe(200);
    const engines = types.body["datastore-types"].map((t: any) => t.engine);
    expect(engines).toEqual(expect.arrayContaining(["postgresql", "mysql", "mysql_native", "redis", "kafka"]));
    const pg = types.body["datastore-types"].find((t: any) => t.engine === "postgresql");
    expect(Object.keys(pg).sort()).toEqual(["engine", "id", "version"]);
    expect((await api("GET", `/datastore-types/${pg.id}`)).body).toEqual({ "datastore-type": pg });

    const flavors = await api("GET", `/flavors?datastore_type_id=${pg.id}`);
    expect(flavors.body.flavors.length).toBeGreaterThan(0);
    for (const f of flavors.body.flavors) expect(f.datastore_type_ids).toContain(pg.id);
    const f0 = flavors.body.flavors[0];
    expect(f0).toMatchObject({
      id: expect.stringMatching(UUID_RE),
      vcpus: expect.any(Number),
      ram: expect.any(Number),
      disk: expect.any(Number),
      fl_size: "standard",
    });
    expect((await api("GET", `/flavors/${f0.id}`)).body.flavor).toEqual(f0);
    expect((await api("GET", `/flavors?name=${f0.name}`)).body.flavors).toEqual([f0]);

    const params = await api("GET", `/configuration-parameters?datastore_type_id=${pg.id}`);
    const workMem = params.body["configuration-parameters"].find((p: any) => p.name === "work_mem");
    expect(workMem).toMatchObject({ type: "int", min: 64, datastore_type_id: pg.id, is_changeable: true });
    expect(params.body["configuration-parameters"].every((p: any) => p.datastore_type_id === pg.id)).toBe(true);
    expect((await api("GET", `/configuration-parameters/${workMem.id}`)).body["configuration-parameter"]).toEqual(workMem);

    const exts = await api("GET", `/available-extensions?datastore_type_id=${pg.id}`);
    const pgcrypto = exts.body["available-extensions"].find((e: any) => e.name === "pgcrypto");
    expect(pgcrypto.datastore_type_ids).toContain(pg.id);
    expect((await api("GET", `/available-extensions/${pgcrypto.id}`)).body["available-extension"]).toEqual(pgcrypto);
    const kafka = await typeId("kafka");
    expect((await api("GET", `/available-extensions?datastore_type_id=${kafka}`)).body["available-extensions"]).toEqual([]);

    // The quirk some deployments show: the type filter of configuration parameters is ignored.
    expect((await send("POST", `${sim.url}/_sim/services/selectel-dbaas/quirks`, { ignoreTypeFilter: true })).status).toBe(200);
    const unfiltered = (await api("GET", `/configuration-parameters?datastore_type_id=${kafka}`)).body["configuration-parameters"];
    expect(unfiltered.some((p: any) => p.datastore_type_id === pg.id && p.name === "work_mem")).toBe(true);
    expect((await send("POST", `${sim.url}/_sim/services/selectel-dbaas/quirks`, { ignoreTypeFilter: "yes" })).status).toBe(400);
    sim.reset();
    await withToken();
    const filtered = (await api("GET", `/configuration-parameters?datastore_type_id=${kafka}`)).body["configuration-parameters"];
    expect(filtered.every((p: any) => p.datastore_type_id === kafka)).toBe(true);

    const missing = "00000000-0000-4000-8000-000000000000";
    expectError(await api("GET", `/flavors/${missing}`), 404, `flavor ${missing} not found.`);
    expectError(await api("GET", `/datastore-types/${missing}`), 404, /datastore type/);
    expectError(await api("GET", "/no-such-thing"), 404);
  });
});

// ======================================================================================

describe("Selectel DBaaS datastores", () => {
  it("creates a datastore: 201 PENDING_CREATE, reads do not advance it, ACTIVE after two clock steps; API quirks", async () => {
    await withToken();
    const d = await createDatastore("postgresql", { floating_ips: { master: 0, replica: 0 } });
    expect(d).toMatchObject({
      status: "PENDING_CREATE",
      project_id: PROJECT,
      name: "postgresql-ds",
      node_count: 1,
      creation_finished_at: null,
      is_protected: false,
    });
    expect(d.id).toMatch(UUID_RE);
    expect(d.created_at).toMatch(TS_RE);
    expect(d.updated_at).toMatch(TS_RE);
    expect(d.instances).toHaveLength(1);
    expect(d.instances[0]).toMatchObject({ role: "MASTER", floating_ip: "None" });
    expect(d.security_groups).toHaveLength(1); // a default group when none is given
    expect(d.config).toEqual({});
    expect(d.firewall).toEqual([]);
    for (let i = 0; i < 5; i++) expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("PENDING_CREATE");
    sim.advance(1);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("PENDING_CREATE");
    sim.advance(1);
    const g = (await api("GET", `/datastores/${d.id}`)).body.datastore;
    expect(g.status).toBe("ACTIVE");
    expect(g.creation_finished_at).toMatch(TS_RE);
    expect(g.allow_restore).toBe(true);
    expect(g.connection.master).toContain(d.id);

    const list = await api("GET", "/datastores?status=ACTIVE");
    expect(list.body.datastores.map((x: any) => x.id)).toEqual([d.id]);
    expect((await api("GET", "/datastores?status=PENDING_CREATE")).body.datastores).toEqual([]);
    expect((await api("GET", `/datastores?name=postgresql-ds&is_protected=false`)).body.datastores).toHaveLength(1);
    expectError(
      await api("GET", "/datastores/3f7a0c52-5d33-4e4c-9a7e-1d2f4b5c6d7e"),
      404,
      "datastore 3f7a0c52-5d33-4e4c-9a7e-1d2f4b5c6d7e not found.",
    );
  });

  it("validates the create body like the real API (required fields, no firewall, one flavor source, engine rules, project)", async () => {
    await withToken();
    const type_id = await typeId("postgresql");
    const flavor = await flavorFor(type_id);
    const good = { type_id, subnet_id: "subnet-1", name: "pg", node_count: 1, flavor_id: flavor.id };
    const post = (ds: Record<string, unknown>) => api("POST", "/datastores", { datastore: ds });

    expectError(await post({ ...good, name: undefined }), 400, "Validation failure: {'datastore': \"'name' is a required property\"}");
    expectError(
      await post({ ...good, firewall: { ips: ["10.0.0.1"] } }),
      400,
      /Additional properties are not allowed \('firewall' was unexpected\)/,
    );
    expectError(await post({ ...good, flavor: { vcpus: 2, ram: 4096, disk: 32 } }), 400, /Only one of flavor_id and flavor/);
    expectError(await post({ ...good, flavor_id: undefined }), 400, /One of flavor_id and flavor is required/);
    expectError(
      await post({ ...good, node_count: 0 }),
      400,
      "Validation failure: {'datastore.node_count': '0 is less than the minimum of 1'}",
    );
    expectError(await post({ ...good, node_count: 7 }), 400, /node_count/);
    expectError(await post({ ...good, node_count: "1" }), 400, /is not of type 'integer'/);
    expectError(await post({ ...good, type_id: "00000000-0000-4000-8000-000000000000" }), 400, /datastore type/);
    expectError(await post({ ...good, type_id: "not-a-uuid" }), 400, /is not a 'uuid'/);
    expectError(
      await post({ ...good, pooler: { mode: "batch", size: 10 } }),
      400,
      /'batch' is not one of \['session', 'transaction', 'statement'\]/,
    );
    expectError(await post({ ...good, redis_password: "x" }), 400, /redis/);
    expectError(await post({ ...good, project_id: "f".repeat(32) }), 403);
    expectError(await post({ ...good, config: { work_mem: "lots" } }), 400, /config.work_mem/);
    expectError(await api("POST", "/datastores", good), 400, /'datastore' is a required property/);

    const redis = await typeId("redis");
    expectError(await post({ ...good, type_id: redis, flavor_id: (await flavorFor(redis)).id }), 400, /redis_password/);
    const kafka = await typeId("kafka");
    expectError(await post({ ...good, type_id: kafka, flavor_id: (await flavorFor(kafka)).id, node_count: 3 }), 400, /node_count/);
    expectError(await post({ ...good, type_id: kafka, flavor_id: flavor.id }), 400, /not available for datastore type kafka/);

    expect((await api("GET", "/datastores")).body.datastores).toEqual([]);
    const ok = await post({
      ...good,
      project_id: PROJECT,
      pooler: { mode: "session", size: 20 },
      config: { work_mem: 256 },
      backup_retention_days: 14,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.datastore).toMatchObject({
      pooler: { mode: "session", size: 20 },
      backup_retention_days: 14,
      config: { work_mem: 256 },
    });
    expect(ok.text).toContain('"work_mem":256.0');
  });

  it("renames with PENDING_UPDATE, stamps updated_at on every mutation, and refuses other mutations while busy (409)", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const before = (await api("GET", `/datastores/${d.id}`)).body.datastore.updated_at;
    const r = await api("PUT", `/datastores/${d.id}`, { datastore: { name: "renamed" } });
    expect(r.status).toBe(200);
    expect(r.body.datastore).toMatchObject({ name: "renamed", status: "PENDING_UPDATE" });
    expect(r.body.datastore.updated_at >= before).toBe(true);

    expectError(await api("PUT", `/datastores/${d.id}/config`, { config: { work_mem: 128 } }), 409, /PENDING_UPDATE/);
    expectError(await api("POST", `/datastores/${d.id}/resize`, { resize: { node_count: 2 } }), 409);
    expectError(await api("POST", "/users", { user: { datastore_id: d.id, name: "u1", password: "Secret-1" } }), 409, /PENDING_UPDATE/);
    expectError(await api("DELETE", `/datastores/${d.id}`), 409);
    expectError(await api("PUT", `/datastores/${d.id}`, { datastore: { name: "" } }), 400, /should be non-empty/);
    expectError(await api("PUT", `/datastores/${d.id}`, { datastore: { name: "x", node_count: 2 } }), 400, /Additional properties/);

    sim.advance(1);
    const after = (await api("GET", `/datastores/${d.id}`)).body.datastore;
    expect(after).toMatchObject({ status: "ACTIVE", name: "renamed" });
    expect(after.updated_at >= r.body.datastore.updated_at).toBe(true);
    expect((await api("PUT", `/datastores/${d.id}/config`, { config: { work_mem: 128 } })).status).toBe(200);
  });

  it("updated_at has whole seconds: a change that starts and ends within one second leaves it unchanged", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    // Start right after a second boundary so the whole change fits in one second.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const r = await api("PUT", `/datastores/${d.id}/config`, { config: { work_mem: 512 } });
    expect(r.body.datastore.status).toBe("PENDING_UPDATE");
    sim.advance(1);
    const after = (await api("GET", `/datastores/${d.id}`)).body.datastore;
    expect(after.status).toBe("ACTIVE");
    expect(after.config.work_mem).toBe(512);
    expect(after.updated_at).toBe(r.body.datastore.updated_at);
    expect(after.updated_at).toBe(new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().slice(0, 19));
  });

  it("resizes with POST (RESIZING, applied when done): flavor and node count, disk only grows, no disk_type", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const flavors = (await api("GET", `/flavors?datastore_type_id=${d.type_id}`)).body.flavors;
    const bigger = flavors.find((f: any) => f.vcpus === 4);
    expectError(await api("PUT", `/datastores/${d.id}/resize`, { resize: { node_count: 2 } }), 405);
    expectError(
      await api("POST", `/datastores/${d.id}/resize`, {
        resize: { flavor: { vcpus: 2, ram: 4096, disk: 32, disk_type: "local" }, node_count: 1 },
      }),
      400,
      "Validation failure: {'resize.flavor': \"Additional properties are not allowed ('disk_type' was unexpected)\"}",
    );
    expectError(
      await api("POST", `/datastores/${d.id}/resize`, { resize: { node_count: 0 } }),
      400,
      "Validation failure: {'resize.node_count': '0 is less than the minimum of 1'}",
    );
    expectError(
      await api("POST", `/datastores/${d.id}/resize`, { resize: { flavor_id: bigger.id, flavor: { vcpus: 2, ram: 4096, disk: 32 } } }),
      400,
      /Only one/,
    );

    const r = await api("POST", `/datastores/${d.id}/resize`, { resize: { flavor_id: bigger.id, node_count: 2 } });
    expect(r.status).toBe(200);
    expect(r.body.datastore).toMatchObject({ status: "RESIZING", node_count: 1, flavor_id: d.flavor_id });
    sim.advance(1);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("RESIZING");
    sim.advance(1);
    const g = (await api("GET", `/datastores/${d.id}`)).body.datastore;
    expect(g).toMatchObject({
      status: "ACTIVE",
      node_count: 2,
      flavor_id: bigger.id,
      flavor: { vcpus: 4, ram: bigger.ram, disk: bigger.disk },
    });
    expect(g.instances.map((i: any) => i.role)).toEqual(["MASTER", "REPLICA"]);
    expect(Object.keys(g.connection)).toContain("replica-1");

    // Local disks come with the flavor: going back to the small flavor would shrink the disk.
    expectError(await api("POST", `/datastores/${d.id}/resize`, { resize: { flavor_id: flavors[0].id, node_count: 2 } }), 400, /only grow/);

    // network-ultra: disk resized on its own, growing only.
    const nu = await activeDatastore("postgresql", {
      flavor_id: undefined,
      flavor: { vcpus: 2, ram: 4096, disk: 50, disk_type: "network-ultra" },
    });
    expectError(await api("POST", `/datastores/${nu.id}/resize`, { resize: { disk: { size: 40 }, node_count: 1 } }), 400, /only grow/);
    expect((await api("POST", `/datastores/${nu.id}/resize`, { resize: { disk: { size: 80 }, node_count: 1 } })).status).toBe(200);
    sim.advance(2);
    expect((await api("GET", `/datastores/${nu.id}`)).body.datastore.flavor).toMatchObject({ disk: 80, disk_type: "network-ultra" });
  });

  it("types config by configuration-parameters, merges, resets with null, echoes numbers as floats", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const put = (config: Record<string, unknown>) => api("PUT", `/datastores/${d.id}/config`, { config });

    expectError(await put({ work_mem: "128" }), 400, "Validation failure: {'config.work_mem': \"'128' is not of type 'integer'\"}");
    expectError(await put({ work_mem: 1.5 }), 400, /not of type 'integer'/);
    expectError(await put({ work_mem: 10 }), 400, "Validation failure: {'config.work_mem': '10 is less than the minimum of 64'}");
    expectError(await put({ xmloption: "html" }), 400, /'html' is not one of \['content', 'document'\]/);
    expectError(await put({ transform_null_equals: "true" }), 400, /not of type 'boolean'/);
    expectError(await put({ vacuum_cost_delay: 1000 }), 400, /greater than the maximum of 100/);
    expectError(await put({ no_such_param: 1 }), 400, /config.no_such_param/);
    expectError(await put({ shared_buffers: 32768 }), 400, /cannot be changed/);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("ACTIVE");

    const r = await put({ work_mem: 128, xmloption: "content", transform_null_equals: true, vacuum_cost_delay: 25 });
    expect(r.status).toBe(200);
    expect(r.body.datastore.status).toBe("PENDING_UPDATE");
    expect(r.body.datastore.config).toEqual({ work_mem: 128, xmloption: "content", transform_null_equals: true, vacuum_cost_delay: 25 });
    expect(r.text).toContain('"work_mem":128.0');
    expect(r.text).toContain('"vacuum_cost_delay":25.0');
    expect(r.text).toContain('"transform_null_equals":true');
    sim.advance(1);

    const r2 = await put({ work_mem: null, session_replication_role: "replica" });
    expect(r2.body.datastore.config).toEqual({
      xmloption: "content",
      transform_null_equals: true,
      vacuum_cost_delay: 25,
      session_replication_role: "replica",
    });
    sim.advance(1);
    const g = await api("GET", `/datastores/${d.id}`);
    expect(g.body.datastore.config).not.toHaveProperty("work_mem");
    expect(g.text).toContain('"vacuum_cost_delay":25.0');

    // MySQL: numeric-looking choices of a str parameter must be sent as strings.
    const my = await activeDatastore("mysql");
    expectError(await api("PUT", `/datastores/${my.id}/config`, { config: { concurrent_insert: 2 } }), 400, /not of type 'string'/);
    expectError(await api("PUT", `/datastores/${my.id}/config`, { config: { max_connections: 13 } }), 400, /not a valid value/);
    expectError(
      await api("PUT", `/datastores/${my.id}/config`, { config: { sql_mode: "STRICT_TRANS_TABLES,BOGUS" } }),
      400,
      /'BOGUS' is not one of/,
    );
    const ok = await api("PUT", `/datastores/${my.id}/config`, {
      config: { concurrent_insert: "2", sql_mode: "STRICT_TRANS_TABLES,NO_ZERO_DATE", long_query_time: 2.5 },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('"long_query_time":2.5');
  });

  it("sets firewall, pooler, backups, security groups, log export and protection; Redis password", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const step = async (r: Res, expectStatus = "PENDING_UPDATE") => {
      expect(r.status, r.text).toBe(200);
      expect(r.body.datastore.status).toBe(expectStatus);
      if (expectStatus !== "ACTIVE") sim.advance(1);
      return r.body.datastore;
    };

    expect(
      (await step(await api("PUT", `/datastores/${d.id}/firewall`, { firewall: { ips: ["10.1.2.3", "192.168.0.0/24"] } }))).firewall,
    ).toEqual([{ ip: "10.1.2.3" }, { ip: "192.168.0.0/24" }]);
    expectError(await api("PUT", `/datastores/${d.id}/firewall`, { firewall: { ips: ["300.1.1.1"] } }), 400, /firewall.ips.0/);
    expect((await step(await api("PUT", `/datastores/${d.id}/firewall`, { firewall: { ips: [] } }))).firewall).toEqual([]);

    expect((await step(await api("PUT", `/datastores/${d.id}/pooler`, { pooler: { mode: "statement", size: 50 } }))).pooler).toEqual({
      mode: "statement",
      size: 50,
    });
    expectError(await api("PUT", `/datastores/${d.id}/pooler`, { pooler: { mode: "bulk", size: 50 } }), 400);

    expect(
      (await step(await api("PUT", `/datastores/${d.id}/backups`, { backups: { backup_retention_days: 21 } }))).backup_retention_days,
    ).toBe(21);
    expectError(await api("PUT", `/datastores/${d.id}/backups`, { backups: { backup_retention_days: 0 } }), 400, /minimum of 1/);

    const sg = ["6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f", "7a2e3d4c-5b6a-4f9e-8d7c-2b3c4d5e6f70"];
    expect(
      (await step(await api("PUT", `/datastores/${d.id}/security-groups`, { security_groups: sg }), "ACTIVE")).security_groups,
    ).toEqual(sg);
    expectError(await api("PUT", `/datastores/${d.id}/security-groups`, { security_groups: [] }), 400, /should be non-empty/);

    expect(
      (await step(await api("PUT", `/datastores/${d.id}/log-platform`, { log_platform: { log_group: "s/dbaas/pg-logs" } }))).log_platform,
    ).toEqual({
      log_group: "s/dbaas/pg-logs",
    });
    const off = await api("DELETE", `/datastores/${d.id}/log-platform`);
    expect(off.status).toBe(204);
    sim.advance(1);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.log_platform).toBeNull();
    expectError(await api("DELETE", `/datastores/${d.id}/log-platform`), 400, /not enabled/);

    expectError(await api("PUT", `/datastores/${d.id}/password`, { password: { redis_password: "x" } }), 400, /redis/i);
    const redis = await activeDatastore("redis");
    expect(redis.pooler).toBeNull();
    await step(await api("PUT", `/datastores/${redis.id}/password`, { password: { redis_password: "Another-1" } }));
    expectError(await api("PUT", `/datastores/${redis.id}/pooler`, { pooler: { mode: "session", size: 5 } }), 400, /Pooler/);
  });

  it("protection mode blocks deletion until it is switched off", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const on = await api("PUT", `/datastores/${d.id}/protection`, { protection: true });
    expect(on.status).toBe(200);
    expect(on.body.datastore.is_protected).toBe(true);
    expectError(await api("DELETE", `/datastores/${d.id}`), 400, /protection/);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("ACTIVE");
    expect((await api("GET", "/datastores?is_protected=true")).body.datastores).toHaveLength(1);
    expectError(await api("PUT", `/datastores/${d.id}/protection`, { protection: "no" }), 400);
    expect((await api("PUT", `/datastores/${d.id}/protection`, { protection: false })).body.datastore.is_protected).toBe(false);
    expect((await api("DELETE", `/datastores/${d.id}`)).status).toBe(204);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("PENDING_DELETE");
    sim.advance(1);
    expectError(await api("GET", `/datastores/${d.id}`), 404);
  });

  it("adds and removes floating IPs per instance (DELETE with a JSON body)", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const inst = d.instances[0].id;
    expect((await api("POST", "/floating-ips", { floating_ip: { instance_id: inst } })).status).toBe(204);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("PENDING_UPDATE");
    sim.advance(1);
    const ip = (await api("GET", `/datastores/${d.id}`)).body.datastore.instances[0].floating_ip;
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expectError(await api("POST", "/floating-ips", { floating_ip: { instance_id: inst } }), 400, /already/);
    expect((await api("DELETE", "/floating-ips", { floating_ip: { instance_id: inst } })).status).toBe(204);
    sim.advance(1);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.instances[0].floating_ip).toBe("None");
    expectError(await api("DELETE", "/floating-ips"), 400);
    const missing = "00000000-0000-4000-8000-000000000001";
    expectError(await api("POST", "/floating-ips", { floating_ip: { instance_id: missing } }), 404, `instance ${missing} not found.`);
  });

  it("restores a new datastore from another at a point in time, with its users and databases", async () => {
    await withToken();
    const src = await activeDatastore("postgresql");
    const user = await activeChild("users", "user", { datastore_id: src.id, name: "app", password: "Secret-1" });
    await activeChild("databases", "database", { datastore_id: src.id, name: "appdb", owner_id: user.id });
    const now = new Date().toISOString().slice(0, 19);
    const tooOld = await api("POST", "/datastores", {
      datastore: {
        type_id: src.type_id,
        subnet_id: "s",
        name: "r",
        node_count: 1,
        flavor_id: src.flavor_id,
        restore: { datastore_id: src.id, target_time: "2001-01-01T00:00:00" },
      },
    });
    expectError(tooOld, 400, /target_time/);
    const future = await api("POST", "/datastores", {
      datastore: {
        type_id: src.type_id,
        subnet_id: "s",
        name: "r",
        node_count: 1,
        flavor_id: src.flavor_id,
        restore: { datastore_id: src.id, target_time: "2999-01-01T00:00:00" },
      },
    });
    expectError(future, 400, /target_time/);
    const otherEngine = await typeId("mysql");
    const wrong = await api("POST", "/datastores", {
      datastore: {
        type_id: otherEngine,
        subnet_id: "s",
        name: "r",
        node_count: 1,
        flavor_id: src.flavor_id,
        restore: { datastore_id: src.id },
      },
    });
    expectError(wrong, 400, /restore.datastore_id/);

    const r = await api("POST", "/datastores", {
      datastore: {
        type_id: src.type_id,
        subnet_id: "s",
        name: "restored",
        node_count: 1,
        flavor_id: src.flavor_id,
        restore: { datastore_id: src.id, target_time: now.slice(0, 19) },
      },
    });
    expect(r.status, r.text).toBe(201);
    const id = r.body.datastore.id;
    expect((await api("GET", `/users?datastore_id=${id}`)).body.users).toEqual([]);
    sim.advance(2);
    expect((await api("GET", `/datastores/${id}`)).body.datastore.status).toBe("ACTIVE");
    const users = (await api("GET", `/users?datastore_id=${id}`)).body.users;
    expect(users.map((u: any) => u.name)).toEqual(["app"]);
    const dbs = (await api("GET", `/databases?datastore_id=${id}`)).body.databases;
    expect(dbs).toHaveLength(1);
    expect(dbs[0]).toMatchObject({ name: "appdb", owner_id: users[0].id, status: "ACTIVE" });
  });

  it("fail-operation faults end the operation in ERROR; other statuses via set-status; ERROR datastores can be deleted", async () => {
    await withToken();
    sim.addFault({ service: "selectel-dbaas", method: "POST", path: "/v1/datastores$", kind: "fail-operation" });
    const d = await createDatastore("postgresql");
    expect(d.status).toBe("PENDING_CREATE");
    sim.advance(2);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("ERROR");
    expectError(await api("PUT", `/datastores/${d.id}`, { datastore: { name: "x" } }), 409, /ERROR/);

    const e = await activeDatastore("postgresql");
    sim.addFault({ service: "selectel-dbaas", path: "/config$", kind: "fail-operation" });
    expect((await api("PUT", `/datastores/${e.id}/config`, { config: { work_mem: 100 } })).body.datastore.status).toBe("PENDING_UPDATE");
    sim.advance(1);
    expect((await api("GET", `/datastores/${e.id}`)).body.datastore.status).toBe("ERROR");

    for (const status of ["DEGRADED", "DISK_FULL", "DOWN"]) {
      const c = await send("POST", `${sim.url}/_sim/services/selectel-dbaas/set-status`, { region: "ru-7", datastore_id: e.id, status });
      expect(c.status).toBe(200);
      expect((await api("GET", `/datastores/${e.id}`)).body.datastore.status).toBe(status);
      expectError(await api("POST", "/users", { user: { datastore_id: e.id, name: "u", password: "Secret-1" } }), 409, new RegExp(status));
    }
    expect(
      (await send("POST", `${sim.url}/_sim/services/selectel-dbaas/set-status`, { region: "ru-7", datastore_id: e.id, status: "BROKEN" }))
        .status,
    ).toBe(400);

    expect((await api("DELETE", `/datastores/${d.id}`)).status).toBe(204);
    sim.advance(1);
    expectError(await api("GET", `/datastores/${d.id}`), 404);
  });

  it("logs requests under selectel-dbaas with secrets redacted; gateway faults use the Selectel error shape", async () => {
    await withToken();
    const d = await activeDatastore("redis");
    await api("PUT", `/datastores/${d.id}/password`, { password: { redis_password: "Top-Secret-9" } });
    const log = sim.requests();
    const pw = log.find((e) => e.service === "selectel-dbaas" && e.path.endsWith("/password"));
    expect(pw).toMatchObject({ method: "PUT", path: `/ru-7/v1/datastores/${d.id}/password`, status: 200 });
    expect(JSON.stringify(pw!.body)).not.toContain("Top-Secret-9");
    expect(log.some((e) => e.service === "selectel-identity" && e.path === "/v3/auth/tokens" && e.status === 201)).toBe(true);
    expect(JSON.stringify(log)).not.toContain("sim-password");

    sim.addFault({ service: "selectel-dbaas", method: "GET", kind: "status", status: 503 });
    expectError(await api("GET", "/datastores"), 503);
    sim.addFault({ service: "selectel-dbaas", kind: "rate-limit", retryAfter: 3 });
    const rl = await api("GET", "/datastores");
    expectError(rl, 429);
    expect(rl.headers.get("retry-after")).toBe("3");
    expect((await api("GET", "/datastores")).status).toBe(200);
  });

  it("drop-after-apply: the datastore is created, but the client gets no answer", async () => {
    await withToken();
    sim.addFault({ service: "selectel-dbaas", method: "POST", path: "/v1/datastores$", kind: "drop-after-apply" });
    const type_id = await typeId("postgresql");
    const flavor = await flavorFor(type_id);
    const body = { datastore: { type_id, subnet_id: "subnet-1", name: "dropped", node_count: 1, flavor_id: flavor.id } };
    await expect(api("POST", "/datastores", body)).rejects.toThrow();
    const list = (await api("GET", "/datastores?name=dropped")).body.datastores;
    expect(list).toHaveLength(1);
    expect(list[0].status).toBe("PENDING_CREATE");
    const logged = sim.requests().filter((e) => e.method === "POST" && e.path.endsWith("/datastores"));
    expect(logged).toHaveLength(1);
    // The rule is used up: the next request is answered.
    expect((await api("GET", `/datastores/${list[0].id}`)).status).toBe(200);
  });

  it("runs on the time clock too: PENDING_CREATE turns ACTIVE after stepMs per step", async () => {
    await withToken();
    sim.setClock({ mode: "time", stepMs: 40 });
    const d = await createDatastore("postgresql");
    expect(d.status).toBe("PENDING_CREATE");
    await new Promise((r) => setTimeout(r, 150));
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("ACTIVE");
  });
});

// ======================================================================================

describe("Selectel DBaaS children", () => {
  it("users, databases, grants, extensions and logical replication slots: lifecycle, filters, updates, rules", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const user = await activeChild("users", "user", { datastore_id: d.id, name: "app", password: "Secret-1" });
    expect(user).not.toHaveProperty("password");
    expect(user).toMatchObject({ datastore_id: d.id, project_id: PROJECT, name: "app" });
    expect(user.created_at).toMatch(TS_RE);
    const u2 = await activeChild("users", "user", { datastore_id: d.id, name: "reporter", password: "Secret-2" });
    expectError(await api("POST", "/users", { user: { datastore_id: d.id, name: "app", password: "x" } }), 400, /already exists/);
    expectError(
      await api("POST", "/users", { user: { datastore_id: "00000000-0000-4000-8000-000000000002", name: "z", password: "x" } }),
      400,
      /user.datastore_id/,
    );

    const pu = await api("PUT", `/users/${user.id}`, { user: { password: "Rotated-1" } });
    expect(pu.body.user.status).toBe("PENDING_UPDATE");
    expectError(await api("PUT", `/users/${user.id}`, { user: { password: "Again-1" } }), 409, /PENDING_UPDATE/);
    expectError(await api("POST", "/databases", { database: { datastore_id: d.id, name: "db", owner_id: user.id } }), 409, /user/);
    sim.advance(1);

    const db = await activeChild("databases", "database", {
      datastore_id: d.id,
      name: "appdb",
      owner_id: user.id,
      lc_collate: "ru_RU.UTF-8",
      lc_ctype: "ru_RU.UTF-8",
    });
    expect(db).toMatchObject({ owner_id: user.id, lc_collate: "ru_RU.UTF-8", lc_ctype: "ru_RU.UTF-8" });
    const db2 = await activeChild("databases", "database", { datastore_id: d.id, name: "other" });
    expect(db2).toMatchObject({ owner_id: null, lc_collate: "C", lc_ctype: "C" });
    expectError(await api("POST", "/databases", { database: { datastore_id: d.id, name: "x", lc_collate: "klingon" } }), 400, /lc_collate/);
    expectError(
      await api("POST", "/databases", { database: { datastore_id: d.id, name: "y", owner_id: "00000000-0000-4000-8000-000000000003" } }),
      400,
      /owner_id/,
    );
    const pd = await api("PUT", `/databases/${db.id}`, { database: { owner_id: u2.id } });
    expect(pd.body.database).toMatchObject({ owner_id: u2.id, status: "PENDING_UPDATE" });
    sim.advance(1);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.databases_count).toBe(2);

    const grant = await activeChild("grants", "grant", { datastore_id: d.id, database_id: db.id, user_id: user.id });
    expectError(await api("POST", "/grants", { grant: { datastore_id: d.id, database_id: db.id, user_id: user.id } }), 400, /already/);
    expect((await api("GET", `/grants?user_id=${user.id}`)).body.grants.map((g: any) => g.id)).toEqual([grant.id]);
    expectError(await api("PUT", `/grants/${grant.id}`, { grant: {} }), 405);

    const pgcrypto = (await api("GET", "/available-extensions?name=pgcrypto")).body["available-extensions"][0];
    const ext = await activeChild("extensions", "extension", {
      available_extension_id: pgcrypto.id,
      datastore_id: d.id,
      database_id: db.id,
    });
    expect(ext.available_extension_id).toBe(pgcrypto.id);
    expectError(
      await api("POST", "/extensions", { extension: { available_extension_id: pgcrypto.id, datastore_id: d.id, database_id: db.id } }),
      400,
      /already installed/,
    );
    expect((await api("GET", `/extensions?database_id=${db.id}&status=ACTIVE`)).body.extensions).toHaveLength(1);

    const slot = await activeChild("logical-replication-slots", "logical-replication-slot", {
      name: "cdc_slot",
      datastore_id: d.id,
      database_id: db.id,
    });
    expect(slot).toMatchObject({ in_use: false, size: 0 });
    expect((await api("GET", "/logical-replication-slots?in_use=false")).body["logical-replication-slots"]).toHaveLength(1);
    expectError(
      await api("POST", "/logical-replication-slots", {
        "logical-replication-slot": { name: "Bad-Name", datastore_id: d.id, database_id: db.id },
      }),
      400,
    );

    // A user owning a database cannot go; deleting the database takes its grants, extensions, slots.
    expectError(await api("DELETE", `/users/${u2.id}`), 400, /owns database/);
    expect((await api("DELETE", `/databases/${db.id}`)).status).toBe(204);
    expect((await api("GET", `/databases/${db.id}`)).body.database.status).toBe("PENDING_DELETE");
    expectError(await api("DELETE", `/databases/${db.id}`), 409);
    sim.advance(1);
    expectError(await api("GET", `/databases/${db.id}`), 404, `database ${db.id} not found.`);
    expectError(await api("GET", `/grants/${grant.id}`), 404);
    expectError(await api("GET", `/extensions/${ext.id}`), 404);
    expectError(await api("GET", `/logical-replication-slots/${slot.id}`), 404);
    expect((await api("DELETE", `/users/${u2.id}`)).status).toBe(204);
    sim.advance(1);
    expect((await api("GET", "/users")).body.users.map((u: any) => u.name)).toEqual(["app"]);

    // Engine rules.
    const kafka = await activeDatastore("kafka");
    expectError(await api("POST", "/databases", { database: { datastore_id: kafka.id, name: "nope" } }), 400, /kafka/);
    expectError(
      await api("POST", "/extensions", { extension: { available_extension_id: pgcrypto.id, datastore_id: kafka.id, database_id: db2.id } }),
      400,
      /kafka/,
    );
    const my = await activeDatastore("mysql");
    expectError(await api("POST", "/databases", { database: { datastore_id: my.id, name: "m", lc_ctype: "C" } }), 400, /postgresql/);
  });

  it("Kafka topics: partitions 1..4000 and may only grow", async () => {
    await withToken();
    const k = await activeDatastore("kafka");
    expectError(
      await api("POST", "/topics", { topic: { datastore_id: k.id, name: "events", partitions: 4001 } }),
      400,
      "Validation failure: {'topic.partitions': '4001 is greater than the maximum of 4000'}",
    );
    const t = await activeChild("topics", "topic", { datastore_id: k.id, name: "events", partitions: 3 });
    expect(t.partitions).toBe(3);
    expect((await api("GET", `/datastores/${k.id}`)).body.datastore.topics_count).toBe(1);
    expectError(await api("PUT", `/topics/${t.id}`, { topic: { partitions: 2 } }), 400, /only be increased/);
    const up = await api("PUT", `/topics/${t.id}`, { topic: { partitions: 6 } });
    expect(up.body.topic).toMatchObject({ partitions: 6, status: "PENDING_UPDATE" });
    sim.advance(1);
    expect((await api("GET", `/topics/${t.id}`)).body.topic).toMatchObject({ partitions: 6, status: "ACTIVE" });
    expect((await api("GET", `/topics?name=events&datastore_id=${k.id}`)).body.topics).toHaveLength(1);
    expectError(await api("PUT", `/topics/${t.id}`, { topic: { partitions: 6, name: "renamed" } }), 400, /Additional properties/);
    expect((await api("DELETE", `/topics/${t.id}`)).status).toBe(204);
    sim.advance(1);
    expectError(await api("GET", `/topics/${t.id}`), 404, `topic ${t.id} not found.`);
    const pg = await activeDatastore("postgresql");
    expectError(await api("POST", "/topics", { topic: { datastore_id: pg.id, name: "t", partitions: 1 } }), 400, /postgresql/);
  });

  it("Kafka ACLs: pattern_type literal|prefixed|all, at least one of allow_read/allow_write", async () => {
    await withToken();
    const k = await activeDatastore("kafka");
    const user = await activeChild("users", "user", { datastore_id: k.id, name: "producer", password: "Secret-1" });
    const body = (o: Record<string, unknown>) => ({
      acl: { datastore_id: k.id, user_id: user.id, pattern: "orders", pattern_type: "literal", allow_read: true, allow_write: false, ...o },
    });
    expectError(
      await api("POST", "/acls", body({ allow_read: false, allow_write: false })),
      400,
      "Validation failure: {'acl': 'At least one of these fields (allow_read, allow_write) must be true'}",
    );
    expectError(await api("POST", "/acls", body({ pattern_type: "regex" })), 400, /is not one of \['literal', 'prefixed', 'all'\]/);
    expectError(await api("POST", "/acls", body({ pattern_type: "all" })), 400, /pattern/);
    expectError(await api("POST", "/acls", body({ pattern: undefined })), 400, /'pattern' is a required property/);
    expectError(await api("POST", "/acls", body({ user_id: "00000000-0000-4000-8000-000000000004" })), 400, /acl.user_id/);

    const lit = await activeChild("acls", "acl", body({}).acl);
    expect(lit).toMatchObject({ pattern: "orders", pattern_type: "literal", allow_read: true, allow_write: false, user_id: user.id });
    const all = await activeChild("acls", "acl", body({ pattern: undefined, pattern_type: "all", allow_write: true }).acl);
    expect(all.pattern).toBeNull();
    await activeChild("acls", "acl", body({ pattern: "logs.", pattern_type: "prefixed" }).acl);
    expect((await api("GET", "/acls?pattern_type=prefixed")).body.acls).toHaveLength(1);

    expectError(await api("PUT", `/acls/${lit.id}`, { acl: { allow_read: false, allow_write: false } }), 400, /At least one/);
    const up = await api("PUT", `/acls/${lit.id}`, { acl: { allow_read: false, allow_write: true } });
    expect(up.body.acl).toMatchObject({ allow_read: false, allow_write: true, status: "PENDING_UPDATE" });
    sim.advance(1);
    expect((await api("GET", `/acls/${lit.id}`)).body.acl.status).toBe("ACTIVE");

    // Deleting the user takes its ACLs.
    expect((await api("DELETE", `/users/${user.id}`)).status).toBe(204);
    sim.advance(1);
    expect((await api("GET", "/acls")).body.acls).toEqual([]);
  });

  it("deleting a datastore cascades to all its children", async () => {
    await withToken();
    const d = await activeDatastore("postgresql");
    const keep = await activeDatastore("postgresql");
    const user = await activeChild("users", "user", { datastore_id: d.id, name: "app", password: "Secret-1" });
    const db = await activeChild("databases", "database", { datastore_id: d.id, name: "appdb", owner_id: user.id });
    await activeChild("grants", "grant", { datastore_id: d.id, database_id: db.id, user_id: user.id });
    const other = await activeChild("users", "user", { datastore_id: keep.id, name: "stays", password: "Secret-1" });

    expect((await api("DELETE", `/datastores/${d.id}`)).status).toBe(204);
    expect((await api("GET", `/datastores/${d.id}`)).body.datastore.status).toBe("PENDING_DELETE");
    expectError(await api("POST", "/users", { user: { datastore_id: d.id, name: "late", password: "x" } }), 409, /PENDING_DELETE/);
    expectError(await api("DELETE", `/users/${user.id}`), 409);
    sim.advance(1);
    expectError(await api("GET", `/datastores/${d.id}`), 404);
    expectError(await api("GET", `/users/${user.id}`), 404);
    expectError(await api("GET", `/databases/${db.id}`), 404);
    expect((await api("GET", `/grants?datastore_id=${d.id}`)).body.grants).toEqual([]);
    expect((await api("GET", "/users")).body.users.map((u: any) => u.id)).toEqual([other.id]);
    expect((await api("GET", "/datastores")).body.datastores.map((x: any) => x.id)).toEqual([keep.id]);
  });

  it("prometheus metrics tokens: issue, get, rename, list, revoke (synchronous)", async () => {
    await withToken();
    const c = await api("POST", "/prometheus-metrics-tokens", { "prometheus-metrics-token": { name: "grafana" } });
    expect(c.status).toBe(201);
    const t = c.body["prometheus-metrics-token"];
    expect(t).toMatchObject({ name: "grafana", project_id: PROJECT, value: expect.stringMatching(/^[0-9a-f]{48}$/) });
    expect((await api("GET", `/prometheus-metrics-tokens/${t.id}`)).body["prometheus-metrics-token"]).toEqual(t);
    const r = await api("PUT", `/prometheus-metrics-tokens/${t.id}`, { "prometheus-metrics-token": { name: "grafana-2" } });
    expect(r.body["prometheus-metrics-token"].name).toBe("grafana-2");
    expect((await api("GET", "/prometheus-metrics-tokens?name=grafana-2")).body["prometheus-metrics-tokens"]).toHaveLength(1);
    expectError(
      await api("POST", "/prometheus-metrics-tokens", { prometheus_metrics_token: { name: "x" } }),
      400,
      /'prometheus-metrics-token' is a required property/,
    );
    expect((await api("DELETE", `/prometheus-metrics-tokens/${t.id}`)).status).toBe(204);
    expectError(await api("GET", `/prometheus-metrics-tokens/${t.id}`), 404, `prometheus metrics token ${t.id} not found.`);
  });
});
