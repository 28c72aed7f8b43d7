// A stack created by the release before the engine kit (8cd9f0f) must read, preview and update with
// no diff through today's runtime. The fixture holds the inputs and outputs that release recorded
// for a cluster against the simulator (ids as placeholders); here the same cluster is made again
// from the create body that release sent (a raw POST, so today's code does not shape it), the
// placeholders are filled from the live cluster, and the recorded state is replayed.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { DirectScpClient } from "../support/scp-client";
import { startSim, SIM_ACCESS_KEY, SIM_SECRET_KEY, type Sim } from "../support/sim";
import { pointRuntimeAtSim } from "../support/scp";

const KIND = "scp:Cluster";
const PASSWORD = "Compat-passw0rd";
const fixture = JSON.parse(readFileSync(resolve(__dirname, "../fixtures/scp-postgresql-state-8cd9f0f.json"), "utf8"));

let sim: Sim;
let api: DirectScpClient;
let id: string;
let recorded: { inputs: Record<string, any>; outs: Record<string, any> };

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  pointRuntimeAtSim(sim, "scp-compat");
  api = new DirectScpClient("postgresql", {
    accessKey: SIM_ACCESS_KEY,
    secretKey: SIM_SECRET_KEY,
    accountId: "",
    region: "kr-west1",
    environment: "e",
    endpoint: sim.scpEndpoint,
  });

  // The release's own create body (the request log redacted the password) and its settings calls.
  const versions: any = await api.http.get("/v1/engine-versions");
  const body = structuredClone(fixture.createBody);
  body.dbaas_engine_version_id = versions.contents.find((v: any) => v.software_version === fixture.inputs.engineVersion).id;
  body.init_config_option.database_user_password = PASSWORD;
  const accepted = await api.mutate("POST", "/v1/clusters", body);
  id = accepted.resource.id;
  await api.waitState(() => api.http.get(`/v1/clusters/${id}`) as any, "cluster", "create", ["RUNNING"]);
  const params: any = await api.http.get(`/v1/clusters/${id}/parameters`);
  const p = params.contents.find((x: any) => x.name === "max_connections");
  const put = await api.mutate("PUT", `/v1/clusters/${id}/parameters`, {
    parameters: [{ id: p.id, old_value: p.applied_value, new_value: "150" }],
  });
  await api.waitRequest(put.request_id, "cluster", "parameters");
  await api.waitState(() => api.http.get(`/v1/clusters/${id}`) as any, "cluster", "parameters", ["RUNNING"]);

  // Fill the placeholders with the live cluster's ids, in the order the release recorded them.
  const live: any = await api.http.get(`/v1/clusters/${id}`);
  const map: Record<string, string> = { "<cluster-id>": id };
  live.instance_groups.forEach((g: any, i: number) => {
    map[`<instance-group-${i}>`] = g.id;
    g.block_storage_groups.forEach((b: any, j: number) => {
      map[`<block-storage-${i}-${j}>`] = b.id;
    });
    g.instances.forEach((x: any, j: number) => {
      map[`<ip-${i}-${j}>`] = x.service_ip_address;
      map[`<instance-${i}-${j}>`] = x.name;
    });
  });
  let text = JSON.stringify({ inputs: fixture.inputs, outs: fixture.outs });
  for (const [k, v] of Object.entries(map)) text = text.split(k).join(v);
  recorded = JSON.parse(text);
});
afterAll(async () => {
  await sim?.close();
});

describe("a state written before the engine kit", () => {
  it("has no placeholder left once filled (the fixture matches the simulator's shape)", () => {
    expect(JSON.stringify(recorded)).not.toMatch(/<[a-z-]+-?\d*>/);
  });

  it("reads back exactly as recorded", async () => {
    const r = await runtime.read(KIND, id, recorded.outs);
    expect(r.id).toBe(id);
    expect(r.props).toEqual(recorded.outs);
    expect((await runtime.diff(KIND, id, r.props, r.inputs)).changes).toBe(false);
  });

  it("previews no change against the same program", async () => {
    const checked = await runtime.check(KIND, recorded.inputs, recorded.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual(recorded.inputs);
    expect(await runtime.diff(KIND, id, recorded.outs, checked.inputs)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates in place from the recorded state, then shows no diff", async () => {
    const news = (await runtime.check(KIND, recorded.inputs, { ...recorded.inputs, serverType: "db1v4m8" })).inputs;
    expect((await runtime.diff(KIND, id, recorded.outs, news)).replaces).toEqual([]);
    await sim.clearRequests();
    const { outs } = await runtime.update(KIND, id, recorded.outs, news);
    expect((await sim.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/instance-groups/${recorded.outs.instanceGroups[0].id}/resize`,
    ]);
    expect(outs.serverType).toBe("db1v4m8");
    const again = await runtime.read(KIND, id, outs);
    expect((await runtime.diff(KIND, id, again.props, news)).changes).toBe(false);
  });
});
