// The simulated SCP EventStreams API 1.1, tested against seed 000 and reference scp.md (the SDK's
// 1.1 models): every endpoint, strict bodies, the version header (1.0 refused since 2026-05-31),
// async states, busy refusals, routes and faults.
import { describe, expect, it } from "vitest";
import type { Simulator } from "../src";
import { SimClock } from "../src/clock";
import { createScpEventstreamsService } from "../src/scp/eventstreams";
import { ACCESS_KEY, SECRET_KEY, ScpClient, sign, useManualSim } from "./helpers";

let sim: Simulator;
let api: ScpClient;

useManualSim((s) => {
  sim = s.sim;
  api = new ScpClient(s.sim, `${s.sim.url}/scp/eventstreams`, "eventstreams 1.1");
});

const DOCUMENTED = [
  "GET /v1/engine-versions",
  "GET /v1/engine-versions/{dbaas_engine_version_id}/properties",
  "GET /v1/server-types",
  "GET /v1/parameter-groups",
  "GET /v1/parameters",
  "GET /v1/requests/{request_id}",
  "GET /v1/clusters",
  "POST /v1/clusters",
  "GET /v1/clusters/{cluster_id}",
  "DELETE /v1/clusters/{cluster_id}",
  "POST /v1/clusters/{cluster_id}/start",
  "POST /v1/clusters/{cluster_id}/stop",
  "POST /v1/clusters/{cluster_id}/add-instances",
  "POST /v1/instance-groups/{instance_group_id}/resize",
  "POST /v1/block-storage-groups/{block_storage_group_id}/resize",
  "POST /v1/clusters/{cluster_id}/security-group-rules",
  "POST /v1/clusters/{cluster_id}/maintenance",
  "DELETE /v1/clusters/{cluster_id}/maintenance",
  "GET /v1/clusters/{cluster_id}/parameters",
  "PUT /v1/clusters/{cluster_id}/parameters",
  "PUT /v1/clusters/{cluster_id}/patch",
];

const group = (role: string, n: number, size = 128) => ({
  block_storage_groups: [{ role_type: "DATA", size_gb: size, volume_type: "SSD" }],
  instances: Array.from({ length: n }, () => ({ role_type: role })),
  role_type: role,
  server_type_name: "kafka1v2m4",
});

async function body(overrides: Record<string, unknown> = {}, software = "3.7.1"): Promise<any> {
  return {
    akhq_enabled: false,
    allowable_ip_addresses: ["192.168.10.0/24"],
    dbaas_engine_version_id: await api.engineVersionId(software),
    init_config_option: {
      broker_sasl_id: "broker",
      broker_sasl_password: "Br0ker-pass!",
      zookeeper_sasl_id: "zoo",
      zookeeper_sasl_password: "Z00keeper-pass!",
    },
    instance_groups: [group("ZOOKEEPER", 3, 64), group("BROKER", 3)],
    instance_name_prefix: "events",
    is_combined: false,
    maintenance_option: null,
    name: "events",
    nat_enabled: false,
    service_watch_log_collection: null,
    subnet_id: "3f1a9c0e5b7d4e2f8a6c1b0d9e8f7a6b",
    tags: [],
    timezone: "Asia/Seoul",
    ...overrides,
  };
}

async function createRunning(b?: any): Promise<any> {
  const r = await api.post("/v1/clusters", b ?? (await body()));
  if (r.status !== 202) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
  sim.advance(1);
  return (await api.get(`/v1/clusters/${r.body.resource.id}`)).body;
}

const show = async (id: string) => (await api.get(`/v1/clusters/${id}`)).body;
const locs = (r: any) => r.body.errors.map((e: any) => e.loc);

describe("EventStreams: endpoints", () => {
  it("serves the documented operations (none is the gateway's 404 page) and nothing PostgreSQL-only", async () => {
    const c = await createRunning();
    const ids: Record<string, string> = {
      cluster_id: c.id,
      dbaas_engine_version_id: await api.engineVersionId("3.7.1"),
      instance_group_id: c.instance_groups[0].id,
      block_storage_group_id: c.instance_groups[0].block_storage_groups[1].id,
      request_id: "req-0",
    };
    for (const op of DOCUMENTED) {
      const [method, path] = op.split(" ") as [string, string];
      const r = await api.call(
        method,
        path.replace(/\{([a-z_]+)\}/g, (_, k: string) => ids[k]),
        { body: method === "GET" || method === "DELETE" ? undefined : {} },
      );
      expect(r.headers.get("content-type"), op).toBe("application/json");
    }
    for (const path of [`/v1/clusters/${c.id}/backups`, `/v1/clusters/${c.id}/restart`, `/v1/clusters/${c.id}/commands`]) {
      const res = await fetch(`${sim.url}/scp/eventstreams${path}`, { method: "POST" });
      expect([res.status, res.headers.get("content-type")], path).toEqual([404, "text/html"]);
    }
  });

  it("create: CREATING → RUNNING, the request IN_PROGRESS → COMPLETED; Show Cluster has the 1.1 shape", async () => {
    const r = await api.post("/v1/clusters", await body({ service_watch_log_collection: true }));
    expect(r.status).toBe(202);
    const id = r.body.resource.id;
    expect((await show(id)).service_state).toBe("CREATING");
    expect((await api.get(`/v1/requests/${r.body.request_id}`)).body).toEqual({ request_id: r.body.request_id, state: "IN_PROGRESS" });
    sim.advance(1);
    expect((await api.get(`/v1/requests/${r.body.request_id}`)).body.state).toBe("COMPLETED");
    const c = await show(id);
    expect(c).toMatchObject({
      name: "events",
      dbaas_engine: "KAFKA",
      dbaas_engine_version_name: "Apache Kafka 3.7.1",
      product_image_type: "Kafka",
      product_type: "Event Streams",
      software_version: "3.7.1",
      service_state: "RUNNING",
      role_type: "ORIGIN",
      is_combined: false,
      service_watch_log_collection: true,
      instance_count: 6,
      init_config_option: { broker_port: 9091, zookeeper_port: 2180 },
      maintenance_option: { use_maintenance_option: false },
    });
    for (const k of ["ha_enabled", "akhq_enabled", "replicas", "is_kernel_patchable"]) expect(c).not.toHaveProperty(k);
    expect(JSON.stringify(c)).not.toMatch(/pass!|sasl/);
    expect(c.instance_groups.map((g: any) => `${g.role_type}:${g.instances.length}`)).toEqual(["BROKER:3", "ZOOKEEPER:3"]);
    expect(c.instance_groups[0].instances.map((i: any) => i.name)).toEqual(["events-06", "events-05", "events-04"]);
    const list = (await api.get("/v1/clusters")).body;
    expect(list).toMatchObject({ count: 1, page: 0, size: 20 });
    expect(list.contents[0]).toMatchObject({ id, name: "events", instance_count: 6, service_state: "RUNNING" });
  });

  it("combined nodes and AKHQ", async () => {
    const b = await body({ is_combined: true, akhq_enabled: true, instance_groups: [group("ZOOKEEPER_BROKER", 3), group("AKHQ", 1, 16)] });
    b.init_config_option.akhq_id = "admin";
    b.init_config_option.akhq_password = "Akhq-pass!";
    const c = await createRunning(b);
    expect(c.is_combined).toBe(true);
    expect(c.instance_groups.map((g: any) => g.role_type)).toEqual(["AKHQ", "ZOOKEEPER_BROKER"]);
    expect(c.instance_groups[0].instances[0]).toMatchObject({ name: "events-04", role_type: "AKHQ" });
  });

  it("serves the master data", async () => {
    const ev = (await api.get("/v1/engine-versions")).body.contents;
    expect(ev.map((e: any) => e.software_version)).toEqual(["3.6.2", "3.7.1", "3.7.2"]);
    expect((await api.get(`/v1/engine-versions/${ev[0].id}/properties`)).body.contents).toContainEqual({
      name: "broker_port",
      value: "9091",
    });
    expect((await api.get("/v1/server-types")).body.contents[0]).toMatchObject({
      name: "kafka1v2m4",
      cpu_core: "2",
      product_type: "Event Streams",
    });
    const g = (await api.get("/v1/parameter-groups?major_version=3")).body.contents[0];
    expect((await api.get(`/v1/parameters?dbaas_parameter_group_id=${g.id}`)).body.contents.map((p: any) => p.name)).toContain(
      "num.partitions",
    );
  });
});

describe("EventStreams: strict bodies (400 in the API's shape naming the field)", () => {
  const init = (o: Record<string, unknown>) => (b: any) => void Object.assign(b.init_config_option, o);
  const cases: Array<[string, (b: any) => void, Array<string>]> = [
    [
      "service_watch_log_collection missing (required, nullable)",
      (b) => void delete b.service_watch_log_collection,
      ["body", "service_watch_log_collection"],
    ],
    ["broker_sasl_id with upper case", init({ broker_sasl_id: "Broker" }), ["body", "init_config_option", "broker_sasl_id"]],
    [
      "broker_sasl_password missing",
      (b) => void delete b.init_config_option.broker_sasl_password,
      ["body", "init_config_option", "broker_sasl_password"],
    ],
    [
      "zookeeper_sasl_password too short",
      init({ zookeeper_sasl_password: "short" }),
      ["body", "init_config_option", "zookeeper_sasl_password"],
    ],
    ["broker_port 80", init({ broker_port: 80 }), ["body", "init_config_option", "broker_port"]],
    ["zookeeper_port as a string", init({ zookeeper_port: "2180" }), ["body", "init_config_option", "zookeeper_port"]],
    ["equal ports", init({ broker_port: 2180 }), ["body", "init_config_option", "zookeeper_port"]],
    ["akhq_id without AKHQ", init({ akhq_id: "admin" }), ["body", "init_config_option", "akhq_id"]],
    ["PostgreSQL's ha_enabled", (b) => void (b.ha_enabled = true), ["body", "ha_enabled"]],
    ["is_combined as a string", (b) => void (b.is_combined = "false"), ["body", "is_combined"]],
    [
      "block storage 12 GB",
      (b) => void (b.instance_groups[1].block_storage_groups[0].size_gb = 12),
      ["body", "instance_groups", "1", "block_storage_groups", "0", "size_gb"],
    ],
    [
      "block storage 100 GB (not a multiple of 8)",
      (b) => void (b.instance_groups[1].block_storage_groups[0].size_gb = 100),
      ["body", "instance_groups", "1", "block_storage_groups", "0", "size_gb"],
    ],
    [
      "instance role MASTER",
      (b) => void (b.instance_groups[1].instances[0].role_type = "MASTER"),
      ["body", "instance_groups", "1", "instances", "0", "role_type"],
    ],
    [
      "a BROKER instance in the ZOOKEEPER group",
      (b) => void (b.instance_groups[0].instances[0].role_type = "BROKER"),
      ["body", "instance_groups", "0", "instances", "0", "role_type"],
    ],
    ["two ZooKeeper nodes", (b) => void b.instance_groups[0].instances.pop(), ["body", "instance_groups", "0", "instances"]],
    ["11 brokers", (b) => void (b.instance_groups[1] = group("BROKER", 11)), ["body", "instance_groups", "1", "instances"]],
    ["no BROKER group", (b) => void b.instance_groups.pop(), ["body", "instance_groups"]],
    ["combined with separate groups", (b) => void (b.is_combined = true), ["body", "instance_groups"]],
    [
      "AKHQ without its credentials",
      (b) => void Object.assign(b, { akhq_enabled: true, instance_groups: [...b.instance_groups, group("AKHQ", 1, 16)] }),
      ["body", "init_config_option", "akhq_id"],
    ],
    [
      "unknown server type",
      (b) => void (b.instance_groups[0].server_type_name = "redis1v2m4"),
      ["body", "instance_groups", "0", "server_type_name"],
    ],
    ["instances missing", (b) => void delete b.instance_groups[0].instances, ["body", "instance_groups", "0", "instances"]],
  ];
  for (const [what, edit, loc] of cases) {
    it(what, async () => {
      const b = await body();
      edit(b);
      const r = await api.post("/v1/clusters", b);
      expect([r.status, r.body.errors[0].code]).toEqual([400, "INVALID_REQUEST"]);
      expect(locs(r)).toContainEqual(loc);
      expect((await api.get("/v1/clusters")).body.count).toBe(0);
    });
  }
});

describe("EventStreams: version header", () => {
  it("accepts eventstreams 1.1 and no header; refuses 1.0 (unsupported since 2026-05-31) and other products' headers", async () => {
    expect((await api.get("/v1/clusters")).status).toBe(200);
    expect((await api.get("/v1/clusters", { version: null })).status).toBe(200);
    const old = await api.get("/v1/clusters", { version: "eventstreams 1.0" });
    expect([old.status, old.body.errors[0].code]).toEqual([400, "UNSUPPORTED_API_VERSION"]);
    expect(old.body.errors[0].detail).toContain("2026-05-31");
    for (const v of ["eventstreams 1.2", "cachestore 1.0", "postgresql 1.1"]) {
      const r = await api.get("/v1/clusters", { version: v });
      expect([r.status, r.body.errors[0].code], v).toEqual([400, "UNSUPPORTED_API_VERSION"]);
    }
    // A refused version changes nothing, even on a mutation.
    const create = await api.post("/v1/clusters", await body(), { version: "eventstreams 1.0" });
    expect(create.status).toBe(400);
    expect((await api.get("/v1/clusters")).body.count).toBe(0);
    const disc = (await (await fetch(`${sim.url}/scp/eventstreams`)).json()) as any;
    expect(disc.versions.map((v: any) => `${v.id}:${v.status}:${v.not_before}`)).toEqual([
      "v1.0:DEPRECATED:2026-05-31",
      "v1.1:CURRENT:2025-07-01",
    ]);
  });
});

describe("EventStreams: the route table", () => {
  it("is exactly the documented operations", () => {
    const { service } = createScpEventstreamsService(new SimClock({ mode: "manual" }), () => [
      { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, accountId: "acct" },
    ]);
    expect(service.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...DOCUMENTED].sort());
  });

  it("serves a 1.0 header until 2026-05-30 and refuses it from 2026-05-31 (UTC)", () => {
    const at = (iso: string) => {
      const now = Date.parse(iso);
      const { service } = createScpEventstreamsService(new SimClock({ mode: "manual" }, () => now), () => [
        { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, accountId: "acct" },
      ]);
      const url = "http://sim/scp/eventstreams/v1/clusters";
      const ts = String(now);
      const headers = {
        "scp-accesskey": ACCESS_KEY,
        "scp-timestamp": ts,
        "scp-clienttype": "Openapi",
        "scp-signature": sign("GET", url, ts, ACCESS_KEY, SECRET_KEY),
        "scp-api-version": "eventstreams 1.0",
      };
      const r = service.handle({
        method: "GET",
        path: "/v1/clusters",
        query: new URLSearchParams(),
        fullUrl: url,
        headers,
        bodyText: "",
        body: undefined,
        bodyInvalid: false,
        takeOperationFault: () => false,
      });
      return [r.status, (r.body as any).errors?.[0]?.code];
    };
    expect(at("2026-05-30T23:59:59Z")).toEqual([200, undefined]);
    expect(at("2026-05-31T00:00:00Z")).toEqual([400, "UNSUPPORTED_API_VERSION"]);
  });
});

describe("EventStreams: mutations", () => {
  it("add-instances adds brokers with service-chosen or given addresses; checks count, addresses and the broker limit", async () => {
    const c = await createRunning();
    const add = (b: unknown) => api.post(`/v1/clusters/${c.id}/add-instances`, b);
    expect(locs(await add({ instance_count: 2 }))).toContainEqual(["body", "service_ip_addresses"]);
    expect(locs(await add({ instance_count: 0, service_ip_addresses: [] }))).toContainEqual(["body", "instance_count"]);
    expect(locs(await add({ instance_count: 2, service_ip_addresses: ["10.9.9.9"] }))).toContainEqual(["body", "service_ip_addresses"]);
    expect(locs(await add({ instance_count: 1, service_ip_addresses: ["10.9.9"] }))).toContainEqual(["body", "service_ip_addresses", "0"]);
    const taken = c.instance_groups[1].instances[0].service_ip_address;
    expect(locs(await add({ instance_count: 1, service_ip_addresses: [taken] }))).toContainEqual(["body", "service_ip_addresses", "0"]);
    expect(locs(await add({ instance_count: 2, service_ip_addresses: ["10.200.0.5", "10.200.0.5"] }))).toContainEqual([
      "body",
      "service_ip_addresses",
      "1",
    ]);
    expect(locs(await add({ instance_count: 1, service_ip_addresses: [], public_ip_ids: ["pip"] }))).toContainEqual([
      "body",
      "public_ip_ids",
    ]);
    expect(locs(await add({ instance_count: 8, service_ip_addresses: [] }))).toContainEqual(["body", "instance_count"]);
    const r = await add({ instance_count: 2, service_ip_addresses: ["10.200.0.5", "10.200.0.6"] });
    expect([r.status, r.body.resource.id]).toEqual([202, c.id]);
    expect((await show(c.id)).service_state).toBe("EDITING");
    expect((await add({ instance_count: 1, service_ip_addresses: [] })).body.errors[0].code).toBe("CLUSTER_BUSY");
    sim.advance(1);
    const after = await show(c.id);
    expect(after.instance_count).toBe(8);
    const brokers = after.instance_groups[0].instances;
    expect(brokers.slice(0, 2).map((i: any) => `${i.name}:${i.role_type}:${i.service_ip_address}`)).toEqual([
      "events-08:BROKER:10.200.0.6",
      "events-07:BROKER:10.200.0.5",
    ]);
  });

  it("minor patch (seed 000): UPGRADING, same major and newer only, dbaas_engine must be KAFKA", async () => {
    const c = await createRunning();
    const patch = (b: unknown) => api.put(`/v1/clusters/${c.id}/patch`, b);
    expect(locs(await patch({ dbaas_engine: "KAFKA" }))).toContainEqual(["body", "software_version"]);
    expect(locs(await patch({ dbaas_engine: "REDIS", software_version: "3.7.2" }))).toContainEqual(["body", "dbaas_engine"]);
    expect(locs(await patch({ dbaas_engine: "KAFKA", software_version: "3.6.2" }))).toContainEqual(["body", "software_version"]);
    expect(locs(await patch({ dbaas_engine: "KAFKA", software_version: "3.7.2", backup_before_upgrade: true }))).toContainEqual([
      "body",
      "backup_before_upgrade",
    ]);
    const r = await patch({ dbaas_engine: "KAFKA", software_version: "3.7.2" });
    expect(r.status).toBe(202);
    expect((await show(c.id)).service_state).toBe("UPGRADING");
    sim.advance(1);
    expect(await show(c.id)).toMatchObject({
      service_state: "RUNNING",
      software_version: "3.7.2",
      dbaas_engine_version_name: "Apache Kafka 3.7.2",
    });
    expect((await api.put(`/v1/clusters/${"0".repeat(32)}/patch`, { dbaas_engine: "KAFKA", software_version: "3.7.2" })).status).toBe(404);
  });

  it("server type, block storage, security group rules, maintenance, parameters, start/stop", async () => {
    const c = await createRunning();
    const broker = c.instance_groups[0];
    expect((await api.post(`/v1/instance-groups/${broker.id}/resize`, { server_type_name: "kafka1v4m16" })).status).toBe(202);
    sim.advance(1);
    expect((await show(c.id)).instance_groups[0].server_type_name).toBe("kafka1v4m16");
    const disk = broker.block_storage_groups[1];
    expect(locs(await api.post(`/v1/block-storage-groups/${disk.id}/resize`, { size_gb: 120 }))).toContainEqual(["body", "size_gb"]);
    expect((await api.post(`/v1/block-storage-groups/${disk.id}/resize`, { size_gb: 256 })).status).toBe(202);
    sim.advance(1);
    expect((await show(c.id)).instance_groups[0].block_storage_groups[1].size_gb).toBe("256");
    expect((await api.post(`/v1/clusters/${c.id}/security-group-rules`, { add_ip_addresses: ["10.0.0.0/8"] })).status).toBe(202);
    sim.advance(1);
    expect((await show(c.id)).allowable_ip_addresses).toEqual(["192.168.10.0/24", "10.0.0.0/8"]);
    expect(
      (await api.post(`/v1/clusters/${c.id}/maintenance`, { start_day_of_week: "TUE", start_time: "2", start_minute: "0", term_hour: "3" }))
        .status,
    ).toBe(202);
    sim.advance(1);
    expect((await show(c.id)).maintenance_option).toEqual({
      period_hour: "3",
      starting_day_of_week: "TUE",
      starting_time: "0200",
      use_maintenance_option: true,
    });
    const p = (await api.get(`/v1/clusters/${c.id}/parameters`)).body.contents.find((x: any) => x.name === "num.partitions");
    expect(p.id).toBe("kafka3-num-partitions");
    expect((await api.put(`/v1/clusters/${c.id}/parameters`, { parameters: [{ id: p.id, old_value: "1", new_value: "6" }] })).status).toBe(
      202,
    );
    sim.advance(1);
    expect((await api.post(`/v1/clusters/${c.id}/stop`)).status).toBe(202);
    sim.advance(1);
    expect((await show(c.id)).service_state).toBe("STOPPED");
    expect(
      (await api.post(`/v1/clusters/${c.id}/add-instances`, { instance_count: 1, service_ip_addresses: [] })).body.errors[0].code,
    ).toBe("INVALID_STATE");
    expect((await api.post(`/v1/clusters/${c.id}/start`)).status).toBe(202);
    sim.advance(1);
    expect((await show(c.id)).service_state).toBe("RUNNING");
  });

  it("delete: TERMINATING, then the API's 404", async () => {
    const c = await createRunning();
    expect((await api.delete(`/v1/clusters/${c.id}`)).status).toBe(202);
    expect((await show(c.id)).service_state).toBe("TERMINATING");
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.errors[0].code).toBe("NOT_FOUND");
  });
});

describe("EventStreams: faults", () => {
  it("fail-operation leaves the brokers as they were; the request ends FAILED; the log names the service", async () => {
    const c = await createRunning();
    sim.clearRequests();
    sim.addFault({ kind: "fail-operation", service: "scp-eventstreams", path: "/add-instances$" });
    const r = await api.post(`/v1/clusters/${c.id}/add-instances`, { instance_count: 1, service_ip_addresses: [] });
    expect(r.status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/requests/${r.body.request_id}`)).body.state).toBe("FAILED");
    expect(await show(c.id)).toMatchObject({ service_state: "RUNNING", instance_count: 6 });
    expect(sim.requests().find((x) => x.method === "POST")).toMatchObject({
      service: "scp-eventstreams",
      path: `/v1/clusters/${c.id}/add-instances`,
      status: 202,
    });
  });

  it("gateway faults use the API's error shape; SASL passwords are redacted in the log", async () => {
    sim.addFault({ kind: "status", service: "scp-eventstreams", status: 502, count: 1 });
    const r = await api.get("/v1/clusters");
    expect([r.status, r.body.errors[0].code]).toEqual([502, "BAD_GATEWAY"]);
    await api.post("/v1/clusters", await body());
    const logged = sim.requests().find((x) => x.method === "POST" && x.service === "scp-eventstreams")!.body as any;
    expect(logged.init_config_option).toMatchObject({
      broker_sasl_password: "***",
      zookeeper_sasl_password: "***",
      broker_sasl_id: "broker",
    });
  });
});
