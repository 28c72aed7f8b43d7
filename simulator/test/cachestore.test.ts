// The simulated SCP CacheStore API, tested against the document (seed 002) and reference scp.md:
// every endpoint, strict bodies, the version header, async states, busy refusals, routes, faults.
import { describe, expect, it } from "vitest";
import type { Simulator } from "../src";
import { SimClock } from "../src/clock";
import { createScpCachestoreService } from "../src/scp/cachestore";
import { createRunningCluster, body, DOCUMENTED, haBody } from "./cachestore-fixtures";
import { ACCESS_KEY, SECRET_KEY, ScpClient, sign, useManualSim } from "./helpers";

let sim: Simulator;
let api: ScpClient;
let ev724: string;

useManualSim((s) => {
  sim = s.sim;
  api = new ScpClient(s.sim, `${s.sim.url}/scp/cachestore`, "cachestore 1.0");
});

const versionId = (software: string) => api.engineVersionId(software);
const createRunning = (b?: any) => createRunningCluster(sim, api, b);

const state = async (id: string) => (await api.get(`/v1/clusters/${id}`)).body.service_state;
const reqState = async (id: string) => (await api.get(`/v1/requests/${id}`)).body.state;

describe("CacheStore: endpoints", () => {
  it("the route table is exactly the 31 documented operations", () => {
    const { service } = createScpCachestoreService(new SimClock({ mode: "manual" }), () => [
      { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, accountId: "acct" },
    ]);
    expect(service.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...DOCUMENTED].sort());
    expect(DOCUMENTED).toHaveLength(31);
  });

  it("serves exactly the 31 documented operations (none is the gateway's 404 page)", async () => {
    ev724 = await versionId("7.2.4");
    const c = await createRunning();
    const ig = c.instance_groups[0];
    const ids: Record<string, string> = {
      cluster_id: c.id,
      dbaas_engine_version_id: ev724,
      block_storage_group_id: ig.block_storage_groups[1].id,
      instance_group_id: ig.id,
      request_id: "req-00000000-0000-0000-0000-000000000000",
    };
    for (const op of DOCUMENTED) {
      const [method, path] = op.split(" ") as [string, string];
      const r = await api.call(
        method,
        path.replace(/\{([a-z_]+)\}/g, (_, k: string) => ids[k]),
        { body: method === "GET" || method === "DELETE" ? undefined : {} },
      );
      // A JSON answer from the API (any status) proves the route exists; the gateway's page is HTML.
      expect(r.headers.get("content-type"), op).toBe("application/json");
    }
  });

  it("create: CREATING → RUNNING on the clock, the request IN_PROGRESS → COMPLETED; Show Cluster has the document's shape", async () => {
    ev724 = await versionId("7.2.4");
    const r = await api.post("/v1/clusters", body(ev724));
    expect(r.status).toBe(202);
    expect(r.body.request_id).toMatch(/^req-[0-9a-f-]{36}$/);
    const id = r.body.resource.id;
    expect(await state(id)).toBe("CREATING");
    expect(await reqState(r.body.request_id)).toBe("IN_PROGRESS");
    sim.advance(1);
    expect(await reqState(r.body.request_id)).toBe("COMPLETED");
    const c = (await api.get(`/v1/clusters/${id}`)).body;
    expect(c).toMatchObject({
      name: "cache",
      dbaas_engine: "REDIS",
      dbaas_engine_version_name: "Redis OSS 7.2.4",
      software_version: "7.2.4",
      product_image_type: "Redis OSS Sentinel",
      product_type: "Redis",
      role_type: "ORIGIN",
      service_state: "RUNNING",
      ha_enabled: false,
      instance_count: 1,
      init_config_option: {
        backup_option: { retention_period_day: "7", starting_time_hour: "2" },
        database_port: "6378",
        sentinel_port: "26378",
      },
      maintenance_option: { period_hour: "2", starting_day_of_week: "SUN", starting_time: "0300", use_maintenance_option: true },
    });
    for (const k of ["replicas", "is_kernel_patchable", "virtual_ip_address"]) expect(c).not.toHaveProperty(k);
    expect(JSON.stringify(c)).not.toContain("R3dis-pass!");
    const g = c.instance_groups[0];
    expect(g.role_type).toBe("MASTER");
    expect(g.block_storage_groups.map((b: any) => `${b.role_type}:${b.size_gb}`)).toEqual(["OS:104", "DATA:64"]);
    expect(g.instances[0]).toMatchObject({ name: "cache-01", role_type: "MASTER", floating_ip_id: null, service_state: "RUNNING" });
    const list = (await api.get("/v1/clusters")).body;
    expect(list).toMatchObject({ count: 1, page: 0, size: 20, sort: ["name:asc"] });
    expect(list.contents[0]).toMatchObject({ id, name: "cache", ha_enabled: false, instance_count: 1, role_type: "ORIGIN" });
    expect(list.contents[0]).not.toHaveProperty("database_name");
  });

  it("Sentinel HA: MASTER_REPLICA group with the replicas plus a SENTINEL group; instances in reverse order", async () => {
    ev724 = await versionId("7.2.4");
    const c = await createRunning(haBody(ev724, 2));
    expect(c.ha_enabled).toBe(true);
    expect(c.instance_count).toBe(4);
    expect(c.instance_groups.map((g: any) => g.role_type)).toEqual(["SENTINEL", "MASTER_REPLICA"]);
    const data = c.instance_groups[1];
    expect(data.instances.map((i: any) => `${i.name}:${i.role_type}`)).toEqual(["cache-03:REPLICA", "cache-02:REPLICA", "cache-01:MASTER"]);
    expect(c.instance_groups[0].instances.map((i: any) => `${i.name}:${i.role_type}`)).toEqual(["cache-04:SENTINEL"]);
    const ips = c.instance_groups.flatMap((g: any) => g.instances.map((i: any) => i.service_ip_address));
    expect(new Set(ips).size).toBe(4);
  });

  it("serves the master data", async () => {
    const ev = (await api.get("/v1/engine-versions")).body.contents;
    expect(ev.every((e: any) => e.product_image_type === "Redis OSS Sentinel" && !e.end_of_service)).toBe(true);
    expect((await api.get("/v1/engine-versions?eos_included=true")).body.contents.length).toBe(ev.length + 1);
    const props = await api.get(`/v1/engine-versions/${ev[0].id}/properties`);
    expect(props.body.contents).toContainEqual({ name: "sentinel_port", value: "26378" });
    expect((await api.get(`/v1/engine-versions/${"0".repeat(32)}/properties`)).status).toBe(404);
    const types = (await api.get("/v1/server-types")).body.contents;
    expect(types[0]).toMatchObject({ name: "redis1v2m4", cpu_core: "2", memory_gb: "4", product_type: "Redis" });
    const groups = (await api.get("/v1/parameter-groups?major_version=7")).body.contents;
    expect(groups).toHaveLength(1);
    const params = (await api.get(`/v1/parameters?dbaas_parameter_group_id=${groups[0].id}`)).body;
    expect(params.contents.map((p: any) => p.id)).toContain("redis7-maxmemory-policy");
    expect(params.contents[0].software_type).toBe("Redis");
    expect((await api.get("/v1/parameters")).status).toBe(400);
  });
});

describe("CacheStore: mutations", () => {
  it("a second mutation while one runs is CLUSTER_BUSY; a stable state that forbids it is INVALID_STATE", async () => {
    const c = await createRunning();
    expect((await api.post(`/v1/clusters/${c.id}/stop`)).status).toBe(202);
    expect(await state(c.id)).toBe("STOPPING");
    const busy = await api.post(`/v1/clusters/${c.id}/restart`);
    expect([busy.status, busy.body.errors[0].code]).toEqual([400, "CLUSTER_BUSY"]);
    sim.advance(1);
    expect(await state(c.id)).toBe("STOPPED");
    const stopped = await api.post(`/v1/clusters/${c.id}/stop`);
    expect([stopped.status, stopped.body.errors[0].code]).toEqual([400, "INVALID_STATE"]);
    expect((await api.post(`/v1/clusters/${c.id}/start`)).status).toBe(202);
    expect(await state(c.id)).toBe("STARTING");
    sim.advance(1);
    expect((await api.post(`/v1/clusters/${c.id}/restart`)).status).toBe(202);
    expect(await state(c.id)).toBe("RESTARTING");
    sim.advance(1);
    expect((await api.post(`/v1/clusters/${c.id}/restart`, { now: true })).body.errors[0].loc).toEqual(["body"]);
  });

  it("server type and block storage resize; the storage only grows, within 16–5120 GB in steps of 8", async () => {
    const c = await createRunning();
    const g = c.instance_groups[0];
    const data = g.block_storage_groups[1];
    const r = await api.post(`/v1/instance-groups/${g.id}/resize`, { server_type_name: "redis1v4m16" });
    expect([r.status, r.body.resource.id]).toEqual([202, g.id]);
    expect(await state(c.id)).toBe("EDITING");
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.instance_groups[0].server_type_name).toBe("redis1v4m16");
    expect((await api.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 60 })).body.errors[0].loc).toEqual(["body", "size_gb"]);
    expect((await api.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 56 })).body.errors[0].loc).toEqual(["body", "size_gb"]);
    expect(
      (await api.post(`/v1/block-storage-groups/${g.block_storage_groups[0].id}/resize`, { size_gb: 128 })).body.errors[0].loc,
    ).toEqual(["path", "block_storage_group_id"]);
    expect((await api.post(`/v1/block-storage-groups/${"0".repeat(32)}/resize`, { size_gb: 128 })).status).toBe(404);
    expect((await api.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 128 })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.instance_groups[0].block_storage_groups[1].size_gb).toBe("128");
    // No add-block-storage endpoint in this document.
    const add = await fetch(`${sim.url}/scp/cachestore/v1/instance-groups/${g.id}/block-storage-groups`, { method: "POST" });
    expect([add.status, add.headers.get("content-type")]).toEqual([404, "text/html"]);
  });

  it("security group rules, maintenance set/unset", async () => {
    const c = await createRunning();
    expect(
      (
        await api.post(`/v1/clusters/${c.id}/security-group-rules`, {
          add_ip_addresses: ["10.1.0.0/16"],
          del_ip_addresses: ["192.168.10.0/24"],
        })
      ).status,
    ).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.allowable_ip_addresses).toEqual(["10.1.0.0/16"]);
    expect((await api.post(`/v1/clusters/${c.id}/security-group-rules`, { add_ip_addresses: ["10.1.0.0/16"] })).body.errors[0].loc).toEqual(
      ["body", "add_ip_addresses", "0"],
    );
    expect(
      (
        await api.post(`/v1/clusters/${c.id}/maintenance`, {
          start_day_of_week: "MON",
          start_time: "4",
          start_minute: "30",
          term_hour: "1",
        })
      ).status,
    ).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.maintenance_option).toEqual({
      period_hour: "1",
      starting_day_of_week: "MON",
      starting_time: "0430",
      use_maintenance_option: true,
    });
    expect(
      (
        await api.post(`/v1/clusters/${c.id}/maintenance`, {
          start_day_of_week: "MON",
          start_time: "4",
          start_minute: "30",
          term_hour: "25",
        })
      ).body.errors[0].loc,
    ).toEqual(["body", "term_hour"]);
    expect((await api.delete(`/v1/clusters/${c.id}/maintenance`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.maintenance_option.use_maintenance_option).toBe(false);
    expect((await api.delete(`/v1/clusters/${c.id}/maintenance`)).body.errors[0].code).toBe("INVALID_STATE");
  });

  it("parameters: list, set (old value checked), synchronize", async () => {
    const c = await createRunning();
    const list = (await api.get(`/v1/clusters/${c.id}/parameters`)).body;
    expect(list.count).toBe(String(list.contents.length));
    const policy = list.contents.find((p: any) => p.name === "maxmemory-policy");
    expect(policy).toMatchObject({ applied_value: "noeviction", software_type: "Redis", is_modifiable: true });
    const bad = await api.put(`/v1/clusters/${c.id}/parameters`, {
      parameters: [{ id: policy.id, old_value: "noeviction", new_value: "lru" }],
    });
    expect(bad.body.errors[0].loc).toEqual(["body", "parameters", "0", "new_value"]);
    const stale = await api.put(`/v1/clusters/${c.id}/parameters`, {
      parameters: [{ id: policy.id, old_value: "x", new_value: "allkeys-lru" }],
    });
    expect(stale.body.errors[0].loc).toEqual(["body", "parameters", "0", "old_value"]);
    expect(
      (
        await api.put(`/v1/clusters/${c.id}/parameters`, {
          parameters: [{ id: policy.id, old_value: "noeviction", new_value: "allkeys-lru" }],
        })
      ).status,
    ).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}/parameters`)).body.contents.find((p: any) => p.id === policy.id).applied_value).toBe(
      "allkeys-lru",
    );
    expect((await api.post(`/v1/clusters/${c.id}/parameters/sync`)).status).toBe(202);
    expect(await state(c.id)).toBe("SYNCHRONIZING");
    sim.advance(1);
    expect(await state(c.id)).toBe("RUNNING");
  });

  it("commands: list, rename (checked against id, name, modifiability and clashes), synchronize", async () => {
    const c = await createRunning();
    const list = (await api.get(`/v1/clusters/${c.id}/commands`)).body;
    expect(list.total_count).toBe(String(list.contents.length));
    expect(list.last_updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const flushall = list.contents.find((x: any) => x.name === "FLUSHALL");
    expect(flushall).toEqual({
      applied_value: "FLUSHALL",
      description: expect.any(String),
      id: "cmd-flushall",
      modifiable: true,
      name: "FLUSHALL",
    });
    const put = (commands: unknown[]) => api.put(`/v1/clusters/${c.id}/commands`, { commands });
    expect((await put([{ id: "cmd-flushall", name: "FLUSHALL", new_value: "FA" }])).body.errors[0].loc).toEqual([
      "body",
      "commands",
      "0",
      "new_value",
    ]);
    expect((await put([{ id: "cmd-flushall", name: "FLUSHDB", new_value: "NOFLUSH" }])).body.errors[0].loc).toEqual([
      "body",
      "commands",
      "0",
      "name",
    ]);
    expect((await put([{ id: "cmd-nope", name: "NOPE", new_value: "NOPE2" }])).body.errors[0].loc).toEqual(["body", "commands", "0", "id"]);
    expect((await put([{ id: "cmd-shutdown", name: "SHUTDOWN", new_value: "STOPIT" }])).body.errors[0].loc).toEqual([
      "body",
      "commands",
      "0",
      "id",
    ]);
    expect((await put([{ id: "cmd-flushall", name: "FLUSHALL", new_value: "flushdb" }])).body.errors[0].loc).toEqual([
      "body",
      "commands",
      "0",
      "new_value",
    ]);
    expect((await put([{ id: "cmd-flushall", name: "FLUSHALL" }])).body.errors[0].loc).toEqual(["body", "commands", "0", "new_value"]);
    expect((await put([])).body.errors[0].loc).toEqual(["body", "commands"]);
    const ok = await put([{ id: "cmd-flushall", name: "FLUSHALL", new_value: "NOFLUSHALL" }]);
    expect(ok.status).toBe(202);
    expect(await state(c.id)).toBe("EDITING");
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${c.id}/commands`)).body;
    expect(after.contents.find((x: any) => x.id === "cmd-flushall").applied_value).toBe("NOFLUSHALL");
    expect((await api.post(`/v1/clusters/${c.id}/commands/sync`)).status).toBe(202);
    expect(await state(c.id)).toBe("SYNCHRONIZING");
    sim.advance(1);
    expect(await state(c.id)).toBe("RUNNING");
  });

  it("switchover promotes the named REPLICA on a Sentinel cluster; refused otherwise", async () => {
    ev724 = await versionId("7.2.4");
    const plain = await createRunning(body(ev724, { name: "plain", instance_name_prefix: "plain" }));
    expect((await api.post(`/v1/clusters/${plain.id}/switchover`, { switch_host_name: "plain-01" })).body.errors[0].code).toBe(
      "INVALID_STATE",
    );
    const c = await createRunning(haBody(ev724));
    expect((await api.post(`/v1/clusters/${c.id}/switchover`, {})).body.errors[0].loc).toEqual(["body", "switch_host_name"]);
    expect((await api.post(`/v1/clusters/${c.id}/switchover`, { switch_host_name: "cache-01" })).body.errors[0].loc).toEqual([
      "body",
      "switch_host_name",
    ]);
    expect((await api.post(`/v1/clusters/${c.id}/switchover`, { switch_host_name: "cache-02" })).status).toBe(202);
    sim.advance(1);
    const data = (await api.get(`/v1/clusters/${c.id}`)).body.instance_groups[1];
    expect(data.instances.map((i: any) => `${i.name}:${i.role_type}`)).toEqual(["cache-02:MASTER", "cache-01:REPLICA"]);
  });

  it("backups: set/unset, histories listed and removed, restore to a new RECOVERY cluster", async () => {
    ev724 = await versionId("7.2.4");
    const c = await createRunning(body(ev724, { init_config_option: { database_user_password: "R3dis-pass!" } }));
    expect(c.init_config_option).toEqual({ backup_option: null, database_port: "6378", sentinel_port: "26378" });
    expect((await api.delete(`/v1/clusters/${c.id}/backups`)).body.errors[0].code).toBe("INVALID_STATE");
    expect(
      (
        await api.post(`/v1/clusters/${c.id}/backups`, {
          retention_period_day: "7",
          starting_time_hour: "2",
          archive_frequency_minute: "60",
        })
      ).body.errors[0].loc,
    ).toEqual(["body", "archive_frequency_minute"]);
    expect((await api.post(`/v1/clusters/${c.id}/backups`, { retention_period_day: "14", starting_time_hour: "3" })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.init_config_option.backup_option).toEqual({
      retention_period_day: "14",
      starting_time_hour: "3",
    });
    const hist = (await api.get(`/v1/clusters/${c.id}/backup-histories`)).body;
    expect(hist.total_count).toBe("1");
    const number = hist.contents[0].backup_history_number;
    expect(hist.contents[0]).toMatchObject({ backup_state: "COMPLETED", software_version: "7.2.4" });

    const restore = (o: Record<string, unknown>) =>
      api.post(`/v1/clusters/${c.id}/restore`, {
        backup_history_number: number,
        instance_name_prefix: "restored",
        name: "restored",
        server_type_name: "redis1v2m8",
        ...o,
      });
    expect((await restore({ backup_history_number: "nope" })).body.errors[0].loc).toEqual(["body", "backup_history_number"]);
    expect((await restore({ block_storage_groups: [{ role_type: "DATA", size_gb: 16 }] })).body.errors[0].loc).toEqual([
      "body",
      "block_storage_groups",
      "0",
      "size_gb",
    ]);
    const r = await restore({});
    expect(r.status).toBe(202);
    expect(await state(r.body.resource.id)).toBe("CREATING");
    sim.advance(1);
    const restored = (await api.get(`/v1/clusters/${r.body.resource.id}`)).body;
    expect(restored).toMatchObject({ name: "restored", role_type: "RECOVERY", service_state: "RUNNING", software_version: "7.2.4" });
    expect(restored.instance_groups[0].server_type_name).toBe("redis1v2m8");

    expect((await api.put(`/v1/clusters/${c.id}/backup-histories`, { backup_history_number: ["nope"] })).body.errors[0].loc).toEqual([
      "body",
      "backup_history_number",
      "0",
    ]);
    expect((await api.put(`/v1/clusters/${c.id}/backup-histories`, { backup_history_number: [number] })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}/backup-histories`)).body.total_count).toBe("0");
    expect((await api.delete(`/v1/clusters/${c.id}/backups`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.init_config_option.backup_option).toBeNull();
  });

  it("restore by point in time: within the backups' span only; exactly one of number and time; the source must exist", async () => {
    const c = await createRunning();
    const hist = (await api.get(`/v1/clusters/${c.id}/backup-histories`)).body.contents;
    expect(hist).toHaveLength(1);
    const base = { instance_name_prefix: "pitr", name: "pitr", server_type_name: "redis1v2m4" };
    const both = await api.post(`/v1/clusters/${c.id}/restore`, {
      ...base,
      backup_history_number: hist[0].backup_history_number,
      backup_recovery_time: new Date().toISOString(),
    });
    expect(both.body.errors[0].loc).toEqual(["body", "backup_history_number"]);
    const before = await api.post(`/v1/clusters/${c.id}/restore`, { ...base, backup_recovery_time: "2020-01-01T00:00:00" });
    expect(before.body.errors[0].loc).toEqual(["body", "backup_recovery_time"]);
    expect(
      (await api.post(`/v1/clusters/${"0".repeat(32)}/restore`, { ...base, backup_recovery_time: new Date().toISOString() })).status,
    ).toBe(404);
    const r = await api.post(`/v1/clusters/${c.id}/restore`, {
      ...base,
      backup_recovery_time: new Date(Date.now() + 1000).toISOString().slice(0, 19),
    });
    expect(r.body.errors?.[0]?.loc).toEqual(["body", "backup_recovery_time"]);
    const ok = await api.post(`/v1/clusters/${c.id}/restore`, { ...base, backup_recovery_time: `${hist[0].backup_start_at}Z` });
    expect(ok.status).toBe(202);
    sim.advance(1);
    const restored = (await api.get(`/v1/clusters/${ok.body.resource.id}`)).body;
    expect(restored).toMatchObject({ role_type: "RECOVERY", service_state: "RUNNING" });
    // RedisClusterDetailResponse has no origin_cluster_id (unlike PostgreSQL's).
    expect(restored).not.toHaveProperty("origin_cluster_id");
  });

  it("sync-state passes through SYNCHRONIZING back to the previous state", async () => {
    const c = await createRunning();
    await api.post(`/v1/clusters/${c.id}/stop`);
    sim.advance(1);
    expect((await api.post(`/v1/clusters/${c.id}/sync-state`)).status).toBe(202);
    expect(await state(c.id)).toBe("SYNCHRONIZING");
    sim.advance(1);
    expect(await state(c.id)).toBe("STOPPED");
  });

  it("delete: TERMINATING, then the API's 404; the request stays readable", async () => {
    const c = await createRunning();
    const r = await api.delete(`/v1/clusters/${c.id}`);
    expect(r.status).toBe(202);
    expect(await state(c.id)).toBe("TERMINATING");
    sim.advance(1);
    const gone = await api.get(`/v1/clusters/${c.id}`);
    expect([gone.status, gone.body.errors[0].code]).toEqual([404, "NOT_FOUND"]);
    expect(await reqState(r.body.request_id)).toBe("COMPLETED");
    expect((await api.get(`/v1/requests/req-${"0".repeat(8)}`)).status).toBe(404);
  });
});

describe("CacheStore: routes and faults", () => {
  it("an unknown route is the gateway's HTML 404 page, before authentication", async () => {
    for (const path of ["/v1/clusters/x/patch", "/v1/clusters/x/replicas", "/v1/nothing"]) {
      const res = await fetch(`${sim.url}/scp/cachestore${path}`, { method: path.endsWith("patch") ? "PUT" : "GET" });
      expect([res.status, res.headers.get("content-type")], path).toEqual([404, "text/html"]);
      expect(await res.text()).toContain("<title>404 Not Found</title>");
    }
  });

  it("fail-operation: the accepted change ends FAILED and is not applied; the log records the call", async () => {
    const c = await createRunning();
    sim.clearRequests();
    sim.addFault({ kind: "fail-operation", service: "scp-cachestore", method: "PUT", path: "/commands$" });
    const r = await api.put(`/v1/clusters/${c.id}/commands`, { commands: [{ id: "cmd-keys", name: "KEYS", new_value: "NOKEYS" }] });
    expect(r.status).toBe(202);
    sim.advance(1);
    expect(await reqState(r.body.request_id)).toBe("FAILED");
    expect(await state(c.id)).toBe("RUNNING");
    expect((await api.get(`/v1/clusters/${c.id}/commands`)).body.contents.find((x: any) => x.id === "cmd-keys").applied_value).toBe("KEYS");
    const logged = sim.requests().find((x) => x.method === "PUT");
    expect(logged).toMatchObject({ service: "scp-cachestore", path: `/v1/clusters/${c.id}/commands`, status: 202 });
  });

  it("gateway faults answer in the API's error shape; a password is redacted in the log", async () => {
    sim.addFault({ kind: "status", service: "scp-cachestore", status: 503, count: 1 });
    const r = await api.get("/v1/clusters");
    expect([r.status, r.body.errors[0].code]).toEqual([503, "SERVICE_UNAVAILABLE"]);
    sim.addFault({ kind: "rate-limit", service: "scp-cachestore", retryAfter: 3, count: 1 });
    const limited = await api.get("/v1/clusters");
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);
    // Faults for another service leave this one alone.
    sim.addFault({ kind: "status", service: "scp-postgresql", status: 500, count: 1 });
    expect((await api.get("/v1/clusters")).status).toBe(200);
    sim.clearFaults();
    ev724 = await versionId("7.2.4");
    await api.post("/v1/clusters", body(ev724));
    const create = sim.requests().find((x) => x.method === "POST" && x.service === "scp-cachestore");
    expect((create!.body as any).init_config_option.database_user_password).toBe("***");
  });

  it("drop-after-apply: the change is applied although the answer never arrives", async () => {
    const c = await createRunning();
    sim.addFault({ kind: "drop-after-apply", service: "scp-cachestore", method: "POST", path: "/stop$" });
    const url = `${sim.url}/scp/cachestore/v1/clusters/${c.id}/stop`;
    const ts = String(Date.now());
    await expect(
      fetch(url, {
        method: "POST",
        headers: {
          "Scp-AccessKey": ACCESS_KEY,
          "Scp-Timestamp": ts,
          "Scp-ClientType": "Openapi",
          "Scp-Signature": sign("POST", url, ts, ACCESS_KEY, SECRET_KEY),
        },
      }),
    ).rejects.toThrow();
    expect(await state(c.id)).toBe("STOPPING");
  });
});
