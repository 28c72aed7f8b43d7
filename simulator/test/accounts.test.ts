/**
 * Several accounts in one simulator: an SCP access key belongs to one account and sees only that
 * account's clusters (another account's is not found and absent from lists); a Selectel token is
 * scoped to one project and another project's datastore is not its own. Raw HTTP, written from the
 * API documents, independent of the provider's client code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src";
import { ACCESS_KEY, SECRET_KEY, ScpClient, createBody } from "./helpers";

const OTHER = { accessKey: "other-ak", secretKey: "other-sk", accountId: "a1b2c3d4e5f60718293a4b5c6d7e8f90" };
const PROJECT_A = "0123456789abcdef0123456789abcdef";
const PROJECT_B = "fedcba9876543210fedcba9876543210";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    mode: "manual",
    scp: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, accounts: [OTHER] },
    selectel: { projects: [PROJECT_B] },
  });
});
afterAll(() => sim.close());

describe("SCP: each access key sees its own account", () => {
  it("a cluster created with one account's key is not found, nor listed, with another's", async () => {
    const api = new ScpClient(sim);
    const asOther = { accessKey: OTHER.accessKey, secretKey: OTHER.secretKey };
    const ev = await api.engineVersionId("16.4");
    const created = await api.post("/v1/clusters", createBody(ev, { name: "otherdb" }), asOther);
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    sim.advance(1);
    const id = created.body.resource.id;
    const own = await api.get(`/v1/clusters/${id}`, asOther);
    expect(own.status).toBe(200);
    expect(own.body.account_id).toBe(OTHER.accountId);
    expect((await api.get("/v1/clusters?page=0&size=100", asOther)).body.contents.map((c: any) => c.id)).toEqual([id]);

    const foreign = await api.get(`/v1/clusters/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors).toHaveLength(1);
    expect((await api.get("/v1/clusters?page=0&size=100")).body.contents).toEqual([]);
    expect((await api.delete(`/v1/clusters/${id}`)).status).toBe(404);
    // Names are unique within an account, not across accounts.
    expect((await api.post("/v1/clusters", createBody(ev, { name: "otherdb" }))).status).toBe(202);
  });
});

describe("Selectel: a token is scoped to one of the user's projects", () => {
  const token = async (project: string) => {
    const r = await fetch(`${sim.url}/selectel/identity/v3/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ["password"],
            password: { user: { name: "sim-user", domain: { name: "sim-account" }, password: "sim-password" } },
          },
          scope: { project: { id: project } },
        },
      }),
    });
    return { status: r.status, token: r.headers.get("x-subject-token") ?? "" };
  };
  const api = async (tok: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${sim.url}/selectel/dbaas/ru-7/v1${path}`, {
      method,
      headers: { "X-Auth-Token": tok, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };

  it("a datastore of project B is not project A's, and a project the user has no role in gets no token", async () => {
    const a = await token(PROJECT_A);
    const b = await token(PROJECT_B);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await token("00000000000000000000000000000000")).status).toBe(401);
    const type = (await api(b.token, "GET", "/datastore-types?engine=postgresql")).body["datastore-types"][0].id;
    const flavor = (await api(b.token, "GET", `/flavors?datastore_type_id=${type}`)).body.flavors[0].id;
    const created = await api(b.token, "POST", "/datastores", {
      datastore: { type_id: type, subnet_id: "subnet-1", name: "b-ds", node_count: 1, flavor_id: flavor },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.datastore.id;
    expect(created.body.datastore.project_id).toBe(PROJECT_B);
    expect((await api(b.token, "GET", "/datastores")).body.datastores.map((d: any) => d.id)).toEqual([id]);
    expect((await api(a.token, "GET", "/datastores")).body.datastores).toEqual([]);
    expect((await api(a.token, "GET", `/datastores/${id}`)).status).not.toBe(200);
  });
});
