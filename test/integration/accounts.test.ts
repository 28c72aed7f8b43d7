// Explicit accounts (src/account.ts) through the runtime, in process, against one simulator with
// two SCP accounts and two Selectel projects. The stack names no credential at all (endpoints
// only): every call of a resource goes through its own account, create, refresh, update and
// delete alike, and its object lives in that account or project only.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { ScpClient } from "../../src/scp/client";
import {
  SCP_OTHER,
  SELECTEL,
  SELECTEL_OTHER_PROJECT,
  SIM_ACCESS_KEY,
  SIM_SCP_ACCOUNT_ID,
  SIM_SECRET_KEY,
  startSim,
  type Sim,
} from "../support/sim";
import { checked, refused } from "../support/lifecycle";
import { withEnv } from "../support/env";

const SCP_A = { accessKey: SIM_ACCESS_KEY, secretKey: SIM_SECRET_KEY, accountId: SIM_SCP_ACCOUNT_ID };
const SCP_B = { ...SCP_OTHER };
const SEL_A = { ...SELECTEL };
const SEL_B = { ...SELECTEL, projectId: SELECTEL_OTHER_PROJECT };
const PG = {
  engine: "postgresql",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "Acc-passw0rd",
};
const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";

let sim: Sim;
const scpAs = (account: typeof SCP_A) =>
  new ScpClient("postgresql", { ...account, region: "kr-west1", environment: "e", endpoint: sim.scpEndpoint });

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  // No credential in the "stack": only where the clouds are.
  for (const key of [
    "SCP_ACCESS_KEY",
    "SCP_SECRET_KEY",
    "SCP_ACCOUNT_ID",
    "SELECTEL_USERNAME",
    "SELECTEL_PASSWORD",
    "SELECTEL_ACCOUNT_ID",
    "SELECTEL_PROJECT_ID",
    "OS_USERNAME",
    "OS_PASSWORD",
    "OS_DOMAIN_NAME",
    "OS_PROJECT_ID",
  ])
    delete process.env[key];
  Object.assign(process.env, {
    SCP_ENDPOINT: sim.scpEndpoint,
    SELECTEL_REGION: "ru-7",
    SELECTEL_AUTH_URL: sim.selectelAuthUrl,
    SELECTEL_DBAAS_ENDPOINT: sim.selectelEndpoint,
    DBAAS_WAIT_MIN_INTERVAL_MS: "20",
    DBAAS_WAIT_MAX_INTERVAL_MS: "100",
    DBAAS_HTTP_MIN_RETRY_MS: "20",
    DBAAS_CACHE_DIR: mkdtempSync(join(tmpdir(), "accounts-")),
  });
});
afterAll(async () => {
  await sim?.close();
});

describe("SCP: one cluster in each of two accounts", () => {
  const live: Record<string, { id: string; inputs: any; outs: any }> = {};

  it("creates each cluster in its own account", async () => {
    for (const [name, account] of [
      ["a", SCP_A],
      ["b", SCP_B],
    ] as const) {
      const inputs = await checked("scp:Cluster", { ...PG, name: `acc${name}`, instanceNamePrefix: `acc${name}`, account });
      expect(inputs.account).toEqual(account);
      const created = await runtime.create("scp:Cluster", inputs);
      expect(created.outs.account).toEqual(account);
      live[name] = { id: created.id, inputs, outs: created.outs };
    }
    const ids = async (account: typeof SCP_A) => {
      const page: { contents: { id: string }[] } = await scpAs(account).http.get("/v1/clusters", { query: { page: 0, size: 100 } });
      return page.contents.map((c) => c.id);
    };
    expect(await ids(SCP_A)).toEqual([live.a.id]);
    expect(await ids(SCP_B)).toEqual([live.b.id]);
  });

  it("refresh reads each through its recorded account, and the next diff is empty", async () => {
    for (const name of ["a", "b"]) {
      const { id, inputs, outs } = live[name];
      const r = await runtime.read("scp:Cluster", id, outs);
      expect(r.id).toBe(id);
      expect(r.props.account).toEqual(outs.account);
      expect(r.inputs!.account).toEqual(outs.account);
      expect(await runtime.diff("scp:Cluster", id, r.props, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    }
  });

  it("new keys for the same account: an update that sends nothing and records them; another account: replace", async () => {
    const { id, inputs, outs } = live.b;
    const rotated = { ...SCP_B, secretKey: "rotated-secret" };
    const news = await checked("scp:Cluster", { ...inputs, account: rotated }, inputs);
    expect(await runtime.diff("scp:Cluster", id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const moved = await checked("scp:Cluster", { ...inputs, account: SCP_A }, inputs);
    expect((await runtime.diff("scp:Cluster", id, outs, moved)).replaces).toEqual(["account"]);
    // The region spelled out is the same place as the default left out: not a move.
    const spelled = await checked("scp:Cluster", { ...inputs, account: { ...SCP_B, region: "kr-west1" } }, inputs);
    expect((await runtime.diff("scp:Cluster", id, outs, spelled)).replaces).toEqual([]);

    // An update with the same keys (a value the program changed elsewhere would go the same way).
    await sim.clearRequests();
    const same = await checked("scp:Cluster", { ...inputs, account: { ...SCP_B, endpoint: sim.scpEndpoint } }, inputs);
    const updated = await runtime.update("scp:Cluster", id, outs, same);
    expect(await sim.mutations()).toEqual([]);
    expect(updated.outs.account).toEqual({ ...SCP_B, endpoint: sim.scpEndpoint });
    live.b = { id, inputs: same, outs: updated.outs };
  });

  it("destroy deletes each through its own account", async () => {
    for (const name of ["a", "b"]) await runtime.remove("scp:Cluster", live[name].id, live[name].outs);
    const states = (await sim.requests()).filter((r) => r.method === "DELETE").map((r) => r.status);
    expect(states).toEqual([202, 202]);
  });

  it("with no account and no stack credentials, a resource is refused as before", async () => {
    const failures = await refused("scp:Cluster", { ...PG, name: "accnone", instanceNamePrefix: "accnone" });
    expect(failures.map((f) => f.reason).join("\n")).toMatch(/SCP credentials are missing \(scp:accessKey/);
  });
});

describe("Selectel: one datastore in each of two projects", () => {
  it("creates, refreshes and deletes each in its own project", async () => {
    const made: { id: string; outs: any; inputs: any }[] = [];
    for (const [name, account] of [
      ["a", SEL_A],
      ["b", SEL_B],
    ] as const) {
      const inputs = await checked("selectel:Cluster", {
        engine: "postgresql",
        version: "16",
        name: `acc-${name}`,
        subnetId: SUBNET,
        flavor: { vcpus: 2, ram: 4096, disk: 32 },
        account,
      });
      const created = await runtime.create("selectel:Cluster", inputs);
      expect(created.outs.account).toEqual(account);
      made.push({ id: created.id, outs: created.outs, inputs });
    }
    const state: any = await sim.state();
    const projects = JSON.stringify(state);
    expect(projects).toContain(SELECTEL_OTHER_PROJECT);
    const list = await sim.selectelApi("GET", "/datastores");
    expect(list.datastores.map((d: any) => d.id)).toEqual([made[0].id]); // the default project sees only its own
    for (const m of made) {
      const r = await runtime.read("selectel:Cluster", m.id, m.outs);
      expect(r.id).toBe(m.id);
      expect((await runtime.diff("selectel:Cluster", m.id, r.props, m.inputs)).changes).toBe(false);
    }
    for (const m of made) await runtime.remove("selectel:Cluster", m.id, m.outs);
  });
});

describe("a account is checked and never quoted", () => {
  it("names the property and what is allowed, never a credential", async () => {
    const failures = await refused("scp:Cluster", {
      ...PG,
      name: "accbad",
      instanceNamePrefix: "accbad",
      account: { accessKey: "AKSECRETVALUE", secretKey: "", accountId: 7, project: "x" },
    });
    const text = JSON.stringify(failures);
    expect(failures.map((f) => f.property).sort()).toEqual(["account.accountId", "account.project", "account.secretKey"]);
    expect(text).toMatch(/allowed: accessKey, secretKey, accountId, region, environment, endpoint/);
    expect(text).not.toContain("AKSECRETVALUE");
    const missing = await refused("selectel:Cluster", {
      engine: "postgresql",
      version: "16",
      name: "acc-missing",
      subnetId: SUBNET,
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
      account: { username: "u", password: "p4ssword-x" },
    });
    expect(missing.map((f) => f.property).sort()).toEqual(["account.accountId", "account.projectId"]);
    expect(JSON.stringify(missing)).not.toContain("p4ssword-x");
  });

  it("an error reaching the account does not print its keys", async () => {
    await withEnv({}, async () => {
      const wrong = { ...SCP_B, secretKey: "WRONG-secret-key-123" };
      const err = await runtime.read("scp:Cluster", "0123456789abcdef0123456789abcdef", { ...PG, account: wrong }).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(String(err.message)).not.toContain("WRONG-secret-key-123");
    });
  });
});
