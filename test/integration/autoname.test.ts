// Auto-naming against the simulator, in process: the names `check` makes up are accepted by the
// API's own rules, an update keeps them, and an adoption without a name takes the live one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { startSim, type Sim } from "../support/sim";
import { checked } from "../support/lifecycle";
import { pointRuntimeAtSelectel } from "../support/selectel";

let sim: Sim;
const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";

/** What the resource class adds to every resource's inputs (the identity hash and the logical name). */
const identity = (logical: string, stack = "dev") => ({ __owner: `${stack}-owner-of-${logical}`, __logicalName: logical });

beforeAll(async () => {
  sim = await startSim({ stepMs: 60 });
  pointRuntimeAtSelectel(sim, "autoname-journal");
});
afterAll(async () => {
  await sim?.close();
});

describe("auto-named Selectel resources", () => {
  let clusterId = "";

  it("a cluster, a user and a database with no name get names the API accepts, and keep them", async () => {
    const declared = {
      engine: "postgresql",
      version: "16",
      subnetId: SUBNET,
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
      ...identity("Main DB"),
    };
    const inputs = await checked("selectel:Cluster", declared);
    expect(inputs.name).toMatch(/^Main-DB-[a-z]{7}$/);
    const created = await runtime.create("selectel:Cluster", inputs);
    clusterId = created.id;
    const live = await sim.selectelApi("GET", `/datastores/${clusterId}`);
    expect(live.datastore.name).toBe(inputs.name);
    // The next run: check with the state's inputs gives the same name, diff is clean.
    const again = await checked("selectel:Cluster", declared, inputs);
    expect(again.name).toBe(inputs.name);
    expect((await runtime.diff("selectel:Cluster", clusterId, created.outs, again)).changes).toBe(false);

    for (const [kind, extra, pattern] of [
      ["selectel:User", { password: "passw0rd-long" }, /^app_user_[a-z]{7}$/],
      ["selectel:Database", {}, /^app_user_[a-z]{7}$/],
    ] as const) {
      const child = await checked(kind, { clusterId, ...extra, ...identity("App-User") });
      expect(child.name).toMatch(pattern);
      const r = await runtime.create(kind, child);
      expect(r.outs.name).toBe(child.name);
    }
  });

  it("the same logical name in another stack gets another name", async () => {
    const here = await checked("selectel:User", { clusterId, password: "passw0rd-long", ...identity("app") });
    const there = await checked("selectel:User", { clusterId, password: "passw0rd-long", ...identity("app", "prod") });
    expect(here.name).not.toBe(there.name);
    await runtime.create("selectel:User", here);
    await runtime.create("selectel:User", there);
    const users = (await sim.selectelApi("GET", `/users?datastore_id=${clusterId}`)).users.map((u: any) => u.name);
    expect(users).toEqual(expect.arrayContaining([here.name, there.name]));
  });

  it("adopt with no name takes the live name; refresh and later runs show no change; an update keeps it", async () => {
    const made = await sim.selectelApi("POST", "/users", {
      user: { datastore_id: clusterId, name: "legacy_user", password: "legacy-passw0rd" },
    });
    const id = made.user.id;
    const inputs = await checked("selectel:User", { clusterId, password: "legacy-passw0rd", adopt: id, ...identity("legacy") });
    expect(inputs.name).toBeUndefined();
    const adopted = await runtime.create("selectel:User", inputs);
    expect(adopted.id).toBe(id);
    expect(adopted.outs.name).toBe("legacy_user");
    const refreshed = await runtime.read("selectel:User", id, adopted.outs);
    expect((await runtime.diff("selectel:User", id, refreshed.props, inputs)).changes).toBe(false);
    // `adopt` removed later: still no name made up, nothing to change.
    const { adopt: _, ...rest } = inputs;
    const later = await checked("selectel:User", { ...rest, ...identity("legacy") }, inputs);
    expect(later.name).toBeUndefined();
    expect((await runtime.diff("selectel:User", id, refreshed.props, later)).changes).toBe(false);
    // A password change updates in place and leaves the name alone.
    const changed = await checked("selectel:User", { ...rest, password: "another-passw0rd", ...identity("legacy") }, later);
    const d = await runtime.diff("selectel:User", id, refreshed.props, changed);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    await sim.clearRequests();
    const updated = await runtime.update("selectel:User", id, refreshed.props, changed);
    expect(updated.outs.name).toBe("legacy_user");
    expect((await sim.mutations()).filter((c) => !c.includes("/auth/tokens"))).toEqual(["PUT /users/{id}"]);
  });
});
