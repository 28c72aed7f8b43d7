// The simulated PostgreSQL API in several regions: `/scp/<region>/postgresql` is each region's
// endpoint (`/scp/postgresql` is kr-west1's), all one cloud. An other-region replica is created
// through its source's endpoint and from then on exists only behind its own region's endpoint.
import type { Simulator } from "../src";
import { describe, expect, it } from "vitest";
import { ScpClient, useManualSim } from "./helpers";

let sim: Simulator;
let api: ScpClient;
useManualSim((s) => ({ sim, api } = s));

const spec = (name: string) => ({
  name,
  instance_groups: [
    {
      block_storage_groups: [{ role_type: "DATA", size_gb: 104, volume_type: "SSD" }],
      instances: [{ role_type: "ACTIVE" }],
      role_type: "ACTIVE",
      server_type_name: "db1v2m4",
    },
  ],
});
const region = (r: string) => new ScpClient(sim, `${sim.url}/scp/${r}/postgresql`);

/** An origin in kr-west1 with one replica in kr-east1; returns both ids. */
async function originWithEastReplica() {
  const c = await api.createRunning();
  const r = await api.post(`/v1/clusters/${c.id}/replicas/other-region`, {
    replica_count: 1,
    replicas: [spec("orders-dr")],
    region: "kr-east1",
    subnet_id: "subnet-east",
    nat_enabled: false,
  });
  expect(r.status).toBe(202);
  const found = (await region("kr-east1").get("/v1/clusters?name=orders-dr")).body.contents;
  expect(found).toHaveLength(1);
  return { originId: c.id as string, replicaId: found[0].id as string };
}

describe("PostgreSQL regions", () => {
  it("kr-west1's regional endpoint is the home endpoint: same clusters", async () => {
    const c = await api.createRunning();
    expect((await region("kr-west1").get(`/v1/clusters/${c.id}`)).body.id).toBe(c.id);
    expect((await region("kr-east1").get(`/v1/clusters/${c.id}`)).status).toBe(404);
  });

  it("an other-region replica is CREATING in its region while the source is EDITING, then RUNNING", async () => {
    const { originId, replicaId } = await originWithEastReplica();
    const east = region("kr-east1");
    expect((await east.get(`/v1/clusters/${replicaId}`)).body.service_state).toBe("CREATING");
    expect((await api.get(`/v1/clusters/${originId}`)).body.service_state).toBe("EDITING");
    sim.advance(1);
    expect((await east.get(`/v1/clusters/${replicaId}`)).body).toMatchObject({
      service_state: "RUNNING",
      role_type: "SECONDARY",
      origin_cluster_id: originId,
      subnet_id: "subnet-east",
    });
    // The source's region answers with the API's own not-found for it, and does not list it.
    const home = await api.get(`/v1/clusters/${replicaId}`);
    expect(home.status).toBe(404);
    expect(home.body.errors[0].code).toBe("NOT_FOUND");
    expect((await api.get("/v1/clusters?name=orders-dr")).body.contents).toEqual([]);
    // The source lists it, with its region.
    expect((await api.get(`/v1/clusters/${originId}/replicas`)).body.contents).toEqual([
      expect.objectContaining({ name: "orders-dr", region: "kr-east1", replica_state: "RUNNING" }),
    ]);
  });

  it("changes, promote and delete of an other-region replica work only through its region", async () => {
    const { originId, replicaId } = await originWithEastReplica();
    sim.advance(1);
    const east = region("kr-east1");
    const rules = { add_ip_addresses: ["10.9.0.0/24"], del_ip_addresses: [] };
    expect((await api.post(`/v1/clusters/${replicaId}/security-group-rules`, rules)).status).toBe(404);
    expect((await east.post(`/v1/clusters/${replicaId}/security-group-rules`, rules)).status).toBe(202);
    sim.advance(1);
    const group = (await east.get(`/v1/clusters/${replicaId}`)).body.instance_groups[0];
    expect((await api.post(`/v1/instance-groups/${group.id}/resize`, { server_type_name: "db1v4m8" })).status).toBe(404);
    expect((await east.post(`/v1/instance-groups/${group.id}/resize`, { server_type_name: "db1v4m8" })).status).toBe(202);
    sim.advance(1);
    expect((await api.post(`/v1/clusters/${replicaId}/promote`)).status).toBe(404);
    expect((await east.post(`/v1/clusters/${replicaId}/promote`)).status).toBe(202);
    sim.advance(1);
    expect((await east.get(`/v1/clusters/${replicaId}`)).body).toMatchObject({ role_type: "ORIGIN", origin_cluster_id: null });
    expect((await api.get(`/v1/clusters/${originId}/replicas`)).body.contents).toEqual([]);
    expect((await api.delete(`/v1/clusters/${replicaId}`)).status).toBe(404);
    expect((await east.delete(`/v1/clusters/${replicaId}`)).status).toBe(202);
    sim.advance(1);
    expect((await east.get(`/v1/clusters/${replicaId}`)).status).toBe(404);
  });

  it("a source with an other-region replica is not deleted until the replica is gone", async () => {
    const { originId, replicaId } = await originWithEastReplica();
    sim.advance(1);
    expect((await api.delete(`/v1/clusters/${originId}`)).body.errors[0].code).toBe("INVALID_STATE");
    expect((await region("kr-east1").delete(`/v1/clusters/${replicaId}`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${originId}/replicas`)).body.contents).toEqual([]);
    expect((await api.delete(`/v1/clusters/${originId}`)).status).toBe(202);
  });

  it("a region the simulator does not serve is the gateway's 404 page, not the API's", async () => {
    const res = await fetch(`${sim.url}/scp/xx-nowhere1/postgresql/v1/clusters`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).not.toMatch(/json/);
  });
});
