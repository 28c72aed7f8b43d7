import { describe, expect, it } from "vitest";
import type { Simulator } from "../src";
import { ACCESS_KEY, createBody, haBody, SECRET_KEY, ScpClient, sign, useManualSim } from "./helpers";

let sim: Simulator;
let api: ScpClient;
let ev164: string;

useManualSim((s) => ({ sim, api, ev164 } = s));

const reqState = async (id: string) => (await api.get(`/v1/requests/${id}`)).body.state;

describe("create cluster", () => {
  it("goes CREATING → RUNNING on the clock; the request goes IN_PROGRESS → COMPLETED", async () => {
    const r = await api.post("/v1/clusters", createBody(ev164));
    expect(r.status).toBe(202);
    expect(r.body.request_id).toMatch(/^req-[0-9a-f-]{36}$/);
    const id = r.body.resource.id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    const creating = await api.get(`/v1/clusters/${id}`);
    expect(creating.body.service_state).toBe("CREATING");
    expect(creating.body.instance_groups[0].instances[0].service_state).toBe("CREATING");
    expect(await reqState(r.body.request_id)).toBe("IN_PROGRESS");
    // Reads do not advance anything.
    for (let i = 0; i < 3; i++) expect((await api.get(`/v1/clusters/${id}`)).body.service_state).toBe("CREATING");

    expect(sim.advance(1)).toBe(1);
    const running = await api.get(`/v1/clusters/${id}`);
    expect(running.body.service_state).toBe("RUNNING");
    expect(running.body.instance_groups[0].instances[0].service_state).toBe("RUNNING");
    expect(await reqState(r.body.request_id)).toBe("COMPLETED");
  });

  it("returns the documented Show Cluster shape with the real API's quirks", async () => {
    const c = await api.createRunning();
    expect(c).toMatchObject({
      name: "orders",
      dbaas_engine: "POSTGRESQL",
      dbaas_engine_version_name: "PostgreSQL Community 16.4",
      software_version: "16.4",
      role_type: "ORIGIN",
      ha_enabled: false,
      nat_enabled: false,
      allowable_ip_addresses: ["192.168.10.0/24"],
      timezone: "Asia/Seoul",
      replicas: [],
      instance_count: 1,
      is_kernel_patchable: false,
      product_image_type: "PostgreSQL Community",
      virtual_ip_address: null,
      maintenance_option: { period_hour: "2", starting_day_of_week: "SUN", starting_time: "0300", use_maintenance_option: true },
      init_config_option: {
        audit_enabled: false,
        backup_option: { archive_frequency_minute: "60", retention_period_day: "7", starting_time_hour: "2" },
        database_encoding: "UTF-8",
        database_locale: "C",
        database_name: "orders",
        database_port: 2866,
        database_user_name: "dbadmin",
        origin_region: null,
      },
    });
    expect(c.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(JSON.stringify(c)).not.toMatch(/S3cret-pass!|password/);
    const g = c.instance_groups[0];
    expect(g.id).toMatch(/^[0-9a-f]{32}$/);
    expect(g.server_type_name).toBe("db1v2m4");
    expect(g.block_storage_groups.map((b: any) => [b.role_type, b.size_gb])).toEqual([
      ["OS", "104"],
      ["DATA", "104"],
    ]);
    expect(g.instances[0].name).toBe("orders-01");
    expect(g.instances[0].role_type).toBe("ACTIVE");
    expect(g.instances[0].service_ip_address).toMatch(/^10\.\d+\.\d+\.\d+$/);
    // 1.0 has no is_kernel_patchable.
    const v10 = await api.get(`/v1/clusters/${c.id}`, { version: "postgresql 1.0" });
    expect(v10.body).not.toHaveProperty("is_kernel_patchable");
    expect(v10.body.id).toBe(c.id);
  });

  it("HA: ACTIVE_STANDBY group, a VIP, instances and storages in a different order than requested", async () => {
    const body = haBody(ev164);
    body.instance_groups[0].block_storage_groups = [
      { role_type: "DATA", size_gb: 64, volume_type: "SSD" },
      { role_type: "ARCHIVE", size_gb: 32, volume_type: "HDD" },
    ];
    const r = await api.post("/v1/clusters", body);
    expect(r.status).toBe(202);
    sim.advance(1);
    const c = (await api.get(`/v1/clusters/${r.body.resource.id}`)).body;
    expect(c.virtual_ip_address).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(c.instance_count).toBe(2);
    const g = c.instance_groups[0];
    expect(g.role_type).toBe("ACTIVE_STANDBY");
    expect(g.instances.map((i: any) => i.role_type)).toEqual(["STANDBY", "ACTIVE"]);
    expect(g.block_storage_groups.map((b: any) => `${b.role_type}:${b.size_gb}:${b.volume_type}`)).toEqual([
      "OS:104:SSD",
      "ARCHIVE:32:HDD",
      "DATA:64:SSD",
    ]);
    const ips = g.instances.map((i: any) => i.service_ip_address);
    expect(new Set([...ips, c.virtual_ip_address]).size).toBe(3);
  });

  it("lists the new cluster with the documented summary fields", async () => {
    const c = await api.createRunning();
    const l = await api.get("/v1/clusters");
    expect(l.body).toMatchObject({ count: 1, page: 0, size: 20, sort: ["name:asc"] });
    expect(l.body.contents[0]).toMatchObject({
      id: c.id,
      name: "orders",
      database_name: "orders",
      service_state: "RUNNING",
      role_type: "ORIGIN",
      instance_count: 1,
      ha_enabled: false,
    });
  });

  it("rejects a duplicate name", async () => {
    await api.createRunning();
    const r = await api.post("/v1/clusters", createBody(ev164));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe("DUPLICATE_NAME");
  });

  it("rejects malformed JSON", async () => {
    const r = await api.call("POST", "/v1/clusters", { rawBody: "{not json" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe("MALFORMED_BODY");
  });
});

describe("create validation: each rule names its field in loc", () => {
  const init = (o: Record<string, unknown>) => ({ init_config_option: { ...createBody("x").init_config_option, ...o } });
  const ig = (o: Record<string, unknown>) => ({ instance_groups: [{ ...createBody("x").instance_groups[0], ...o }] });
  const cases: Array<[string, () => Record<string, unknown>, string[]]> = [
    ["name too short", () => ({ name: "ab" }), ["body", "name"]],
    ["name with digits", () => ({ name: "orders1" }), ["body", "name"]],
    ["name too long", () => ({ name: "a".repeat(21) }), ["body", "name"]],
    ["prefix upper-case first", () => ({ instance_name_prefix: "Orders" }), ["body", "instance_name_prefix"]],
    ["prefix too long", () => ({ instance_name_prefix: "a".repeat(14) }), ["body", "instance_name_prefix"]],
    ["database_name starting with a digit", () => init({ database_name: "1db" }), ["body", "init_config_option", "database_name"]],
    ["database_name too long", () => init({ database_name: "a".repeat(21) }), ["body", "init_config_option", "database_name"]],
    [
      "database_user_name with upper case",
      () => init({ database_user_name: "Admin" }),
      ["body", "init_config_option", "database_user_name"],
    ],
    ["database_user_name too short", () => init({ database_user_name: "a" }), ["body", "init_config_option", "database_user_name"]],
    ["password too short", () => init({ database_user_password: "short" }), ["body", "init_config_option", "database_user_password"]],
    ["password too long", () => init({ database_user_password: "x".repeat(31) }), ["body", "init_config_option", "database_user_password"]],
    ["port below 1024", () => init({ database_port: 80 }), ["body", "init_config_option", "database_port"]],
    ["port above 65535", () => init({ database_port: 70000 }), ["body", "init_config_option", "database_port"]],
    ["port as a string", () => init({ database_port: "2866" }), ["body", "init_config_option", "database_port"]],
    [
      "archive frequency 15",
      () => init({ backup_option: { archive_frequency_minute: "15", retention_period_day: "7", starting_time_hour: "2" } }),
      ["body", "init_config_option", "backup_option", "archive_frequency_minute"],
    ],
    [
      "retention 6",
      () => init({ backup_option: { archive_frequency_minute: "5", retention_period_day: "6", starting_time_hour: "2" } }),
      ["body", "init_config_option", "backup_option", "retention_period_day"],
    ],
    [
      "retention 36",
      () => init({ backup_option: { archive_frequency_minute: "5", retention_period_day: "36", starting_time_hour: "2" } }),
      ["body", "init_config_option", "backup_option", "retention_period_day"],
    ],
    [
      "backup hour 24",
      () => init({ backup_option: { archive_frequency_minute: "5", retention_period_day: "7", starting_time_hour: "24" } }),
      ["body", "init_config_option", "backup_option", "starting_time_hour"],
    ],
    [
      "backup value as a number",
      () => init({ backup_option: { archive_frequency_minute: 60, retention_period_day: "7", starting_time_hour: "2" } }),
      ["body", "init_config_option", "backup_option", "archive_frequency_minute"],
    ],
    [
      "storage below 16",
      () => ig({ block_storage_groups: [{ role_type: "DATA", size_gb: 8, volume_type: "SSD" }] }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "size_gb"],
    ],
    [
      "storage not a multiple of 8",
      () => ig({ block_storage_groups: [{ role_type: "DATA", size_gb: 100, volume_type: "SSD" }] }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "size_gb"],
    ],
    [
      "storage above 5120",
      () => ig({ block_storage_groups: [{ role_type: "DATA", size_gb: 5128, volume_type: "SSD" }] }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "size_gb"],
    ],
    [
      "volume type NVME",
      () => ig({ block_storage_groups: [{ role_type: "DATA", size_gb: 104, volume_type: "NVME" }] }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "volume_type"],
    ],
    [
      "OS storage requested",
      () => ig({ block_storage_groups: [{ role_type: "OS", size_gb: 104, volume_type: "SSD" }] }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "role_type"],
    ],
    [
      "no DATA storage",
      () => ig({ block_storage_groups: [{ role_type: "TEMP", size_gb: 104, volume_type: "SSD" }] }),
      ["body", "instance_groups", "0", "block_storage_groups"],
    ],
    ["unknown server type", () => ig({ server_type_name: "db9v99m999" }), ["body", "instance_groups", "0", "server_type_name"]],
    ["HA role without ha_enabled", () => ig({ role_type: "ACTIVE_STANDBY" }), ["body", "instance_groups", "0", "role_type"]],
    [
      "maintenance period 7.5",
      () => ({ maintenance_option: { period_hour: "7.5", starting_day_of_week: "MON", starting_time: "0300" } }),
      ["body", "maintenance_option", "period_hour"],
    ],
    [
      "maintenance day MONDAY",
      () => ({ maintenance_option: { period_hour: "1", starting_day_of_week: "MONDAY", starting_time: "0300" } }),
      ["body", "maintenance_option", "starting_day_of_week"],
    ],
    ["allowed IP without prefix length", () => ({ allowable_ip_addresses: ["10.0.0.1"] }), ["body", "allowable_ip_addresses", "0"]],
    ["allowed IP out of range", () => ({ allowable_ip_addresses: ["10.0.0.256/32"] }), ["body", "allowable_ip_addresses", "0"]],
    ["unknown engine version", () => ({ dbaas_engine_version_id: "0".repeat(32) }), ["body", "dbaas_engine_version_id"]],
    ["unknown time zone", () => ({ timezone: "Mars/Olympus" }), ["body", "timezone"]],
    ["VIP without HA", () => ({ virtual_ip_address: "10.1.1.1" }), ["body", "virtual_ip_address"]],
    ["misspelt field", () => ({ maintenance_options: null }), ["body", "maintenance_options"]],
    ["missing subnet", () => ({ subnet_id: undefined }), ["body", "subnet_id"]],
  ];
  it.each(cases)("%s", async (_name, override, loc) => {
    const body = { ...createBody(ev164), ...override() };
    const r = await api.post("/v1/clusters", JSON.parse(JSON.stringify(body)));
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: any) => e.loc)).toContainEqual(loc);
    expect(r.body.errors.every((e: any) => e.code === "INVALID_REQUEST" && typeof e.detail === "string")).toBe(true);
    expect((await api.get("/v1/clusters")).body.count).toBe(0);
  });

  it("hides end-of-service versions unless asked and refuses them", async () => {
    const visible = (await api.get("/v1/engine-versions")).body.contents.map((e: any) => e.software_version);
    expect(visible).not.toContain("14.10");
    const all = (await api.get("/v1/engine-versions?eos_included=true")).body.contents;
    const eos = all.find((e: any) => e.software_version === "14.10");
    expect(eos.end_of_service).toBe(true);
    const r = await api.post("/v1/clusters", createBody(eos.id));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].loc).toEqual(["body", "dbaas_engine_version_id"]);
  });
});

describe("mutations", () => {
  it("refuses a second mutation while one is in flight (CLUSTER_BUSY), then accepts it", async () => {
    const c = await api.createRunning();
    const first = await api.post(`/v1/clusters/${c.id}/stop`);
    expect(first.status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("STOPPING");
    const busy = await api.post(`/v1/clusters/${c.id}/security-group-rules`, { add_ip_addresses: ["10.0.0.0/8"] });
    expect(busy.status).toBe(400);
    expect(busy.body.errors[0].code).toBe("CLUSTER_BUSY");
    const busyDelete = await api.delete(`/v1/clusters/${c.id}`);
    expect(busyDelete.body.errors[0].code).toBe("CLUSTER_BUSY");
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("STOPPED");
  });

  it("start/stop follow the transition table; start when RUNNING and stop when STOPPED are 400", async () => {
    const c = await api.createRunning();
    const bad = await api.post(`/v1/clusters/${c.id}/start`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe("INVALID_STATE");
    await api.post(`/v1/clusters/${c.id}/stop`);
    sim.advance(1);
    expect((await api.post(`/v1/clusters/${c.id}/stop`)).status).toBe(400);
    // Edits need RUNNING.
    expect((await api.put(`/v1/clusters/${c.id}/audit-log`, { use_audit_log: true })).body.errors[0].code).toBe("INVALID_STATE");
    const start = await api.post(`/v1/clusters/${c.id}/start`);
    expect(start.status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("STARTING");
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${c.id}`)).body;
    expect(after.service_state).toBe("RUNNING");
    expect(after.instance_groups[0].instances[0].service_state).toBe("RUNNING");
  });

  it("instance group resize: EDITING, then the new server type; unknown or same type is 400; unknown group 404", async () => {
    const c = await api.createRunning();
    const ig = c.instance_groups[0].id;
    const unknown = await api.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: "db1v3m5" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].loc).toEqual(["body", "server_type_name"]);
    const same = await api.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: "db1v2m4" });
    expect(same.status).toBe(400);
    const r = await api.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: "db1v4m16" });
    expect(r.status).toBe(202);
    expect(r.body.resource.id).toBe(ig);
    let now = (await api.get(`/v1/clusters/${c.id}`)).body;
    expect(now.service_state).toBe("EDITING");
    expect(now.instance_groups[0].server_type_name).toBe("db1v2m4");
    sim.advance(1);
    now = (await api.get(`/v1/clusters/${c.id}`)).body;
    expect(now.service_state).toBe("RUNNING");
    expect(now.instance_groups[0].server_type_name).toBe("db1v4m16");
    expect((await api.post(`/v1/instance-groups/${"f".repeat(32)}/resize`, { server_type_name: "db1v4m8" })).status).toBe(404);
  });

  it("block storage resize grows only; the OS disk cannot be resized; unknown id 404", async () => {
    const c = await api.createRunning();
    const data = c.instance_groups[0].block_storage_groups.find((b: any) => b.role_type === "DATA");
    const os = c.instance_groups[0].block_storage_groups.find((b: any) => b.role_type === "OS");
    const shrink = await api.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 96 });
    expect(shrink.status).toBe(400);
    expect(shrink.body.errors[0].loc).toEqual(["body", "size_gb"]);
    expect((await api.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 104 })).status).toBe(400);
    expect((await api.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 130 })).body.errors[0].loc).toEqual([
      "body",
      "size_gb",
    ]);
    expect((await api.post(`/v1/block-storage-groups/${os.id}/resize`, { size_gb: 200 })).status).toBe(400);
    expect((await api.post(`/v1/block-storage-groups/${"a".repeat(32)}/resize`, { size_gb: 200 })).status).toBe(404);
    const grow = await api.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 208 });
    expect(grow.status).toBe(202);
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${c.id}`)).body.instance_groups[0].block_storage_groups.find((b: any) => b.id === data.id);
    expect(after.size_gb).toBe("208");
  });

  it("adds a block storage to an instance group", async () => {
    const c = await api.createRunning();
    const ig = c.instance_groups[0].id;
    const r = await api.post(`/v1/instance-groups/${ig}/block-storage-groups`, { role_type: "DATA", size_gb: 64, volume_type: "SSD" });
    expect(r.status).toBe(202);
    sim.advance(1);
    const bs = (await api.get(`/v1/clusters/${c.id}`)).body.instance_groups[0].block_storage_groups;
    expect(bs.map((b: any) => `${b.role_type}:${b.size_gb}`)).toEqual(["OS:104", "DATA:64", "DATA:104"]);
    const bad = await api.post(`/v1/instance-groups/${ig}/block-storage-groups`, { role_type: "DATA", size_gb: 60 });
    expect(bad.body.errors[0].loc).toEqual(["body", "size_gb"]);
  });

  it("security group rules: add and delete CIDRs, applied on completion", async () => {
    const c = await api.createRunning();
    const r = await api.post(`/v1/clusters/${c.id}/security-group-rules`, {
      add_ip_addresses: ["10.0.0.0/16", "172.16.1.5/32"],
      del_ip_addresses: ["192.168.10.0/24"],
    });
    expect(r.status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.allowable_ip_addresses).toEqual(["192.168.10.0/24"]);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.allowable_ip_addresses).toEqual(["10.0.0.0/16", "172.16.1.5/32"]);
    const notCidr = await api.post(`/v1/clusters/${c.id}/security-group-rules`, { add_ip_addresses: ["10.0.0.0/33"] });
    expect(notCidr.body.errors[0].loc).toEqual(["body", "add_ip_addresses", "0"]);
    const dup = await api.post(`/v1/clusters/${c.id}/security-group-rules`, { add_ip_addresses: ["10.0.0.0/16"] });
    expect(dup.body.errors[0].loc).toEqual(["body", "add_ip_addresses", "0"]);
    const missing = await api.post(`/v1/clusters/${c.id}/security-group-rules`, { del_ip_addresses: ["1.2.3.4/32"] });
    expect(missing.body.errors[0].loc).toEqual(["body", "del_ip_addresses", "0"]);
    expect((await api.post(`/v1/clusters/${c.id}/security-group-rules`, {})).status).toBe(400);
  });

  it("maintenance set and unset", async () => {
    const c = await api.createRunning({ maintenance_option: null });
    expect(c.maintenance_option.use_maintenance_option).toBe(false);
    expect((await api.delete(`/v1/clusters/${c.id}/maintenance`)).status).toBe(400);
    const bad = await api.post(`/v1/clusters/${c.id}/maintenance`, {
      start_day_of_week: "TUE",
      start_minute: "30",
      start_time: "4",
      term_hour: "25",
    });
    expect(bad.body.errors[0].loc).toEqual(["body", "term_hour"]);
    expect(
      (
        await api.post(`/v1/clusters/${c.id}/maintenance`, {
          start_day_of_week: "TUE",
          start_minute: "30",
          start_time: "4",
          term_hour: "1.5",
        })
      ).status,
    ).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.maintenance_option).toEqual({
      period_hour: "1.5",
      starting_day_of_week: "TUE",
      starting_time: "0430",
      use_maintenance_option: true,
    });
    expect((await api.delete(`/v1/clusters/${c.id}/maintenance`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.maintenance_option.use_maintenance_option).toBe(false);
  });

  it("parameters: PUT checks the old value, the allowed values and modifiability", async () => {
    const c = await api.createRunning();
    const params = (await api.get(`/v1/clusters/${c.id}/parameters`)).body;
    expect(params.count).toBe(String(params.contents.length));
    const maxConn = params.contents.find((p: any) => p.name === "max_connections");
    expect(maxConn).toMatchObject({ applied_value: "100", default_value: "100", data_type: "integer", is_modifiable: true });
    const stale = await api.put(`/v1/clusters/${c.id}/parameters`, { parameters: [{ id: maxConn.id, old_value: "99", new_value: "200" }] });
    expect(stale.status).toBe(400);
    expect(stale.body.errors[0].loc).toEqual(["body", "parameters", "0", "old_value"]);
    const outOfRange = await api.put(`/v1/clusters/${c.id}/parameters`, {
      parameters: [{ id: maxConn.id, old_value: "100", new_value: "9" }],
    });
    expect(outOfRange.body.errors[0].loc).toEqual(["body", "parameters", "0", "new_value"]);
    const locked = params.contents.find((p: any) => !p.is_modifiable);
    const lockedR = await api.put(`/v1/clusters/${c.id}/parameters`, {
      parameters: [{ id: locked.id, old_value: locked.applied_value, new_value: "32768" }],
    });
    expect(lockedR.body.errors[0].loc).toEqual(["body", "parameters", "0", "id"]);
    const unknown = await api.put(`/v1/clusters/${c.id}/parameters`, { parameters: [{ id: "nope", old_value: "1", new_value: "2" }] });
    expect(unknown.body.errors[0].loc).toEqual(["body", "parameters", "0", "id"]);
    const r = await api.put(`/v1/clusters/${c.id}/parameters`, { parameters: [{ id: maxConn.id, old_value: "100", new_value: "250" }] });
    expect(r.status).toBe(202);
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${c.id}/parameters`)).body.contents.find((p: any) => p.id === maxConn.id);
    expect(after.applied_value).toBe("250");
    // The old value is now 250.
    expect(
      (await api.put(`/v1/clusters/${c.id}/parameters`, { parameters: [{ id: maxConn.id, old_value: "100", new_value: "300" }] })).status,
    ).toBe(400);
  });

  it("minor patch: same major, newer only", async () => {
    const c = await api.createRunning();
    const cases: Array<[string, number]> = [
      ["17.2", 400],
      ["16.3", 400],
      ["16.4", 400],
      ["16.5", 400],
      ["16.6", 202],
    ];
    for (const [v, status] of cases) {
      const r = await api.put(`/v1/clusters/${c.id}/patch`, { backup_before_upgrade: true, software_version: v });
      expect(r.status, v).toBe(status);
      if (status === 400) expect(r.body.errors[0].loc).toEqual(["body", "software_version"]);
    }
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("UPGRADING");
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${c.id}`)).body;
    expect(after.software_version).toBe("16.6");
    expect(after.dbaas_engine_version_name).toBe("PostgreSQL Community 16.6");
    // backup_before_upgrade took a backup (the create with backup_option took the first).
    expect((await api.get(`/v1/clusters/${c.id}/backup-histories`)).body.total_count).toBe("2");
    expect((await api.put(`/v1/clusters/${c.id}/patch`, { software_version: "16.6" })).body.errors[0].loc).toEqual([
      "body",
      "backup_before_upgrade",
    ]);
  });

  it("audit log and backups", async () => {
    const c = await api.createRunning({ init_config_option: { ...createBody("x").init_config_option, backup_option: null } });
    expect(c.init_config_option.backup_option).toBeNull();
    expect((await api.put(`/v1/clusters/${c.id}/audit-log`, { use_audit_log: false })).status).toBe(400);
    expect((await api.put(`/v1/clusters/${c.id}/audit-log`, { use_audit_log: "true" })).body.errors[0].loc).toEqual([
      "body",
      "use_audit_log",
    ]);
    expect((await api.put(`/v1/clusters/${c.id}/audit-log`, { use_audit_log: true })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.init_config_option.audit_enabled).toBe(true);

    expect((await api.delete(`/v1/clusters/${c.id}/backups`)).status).toBe(400);
    const bad = await api.post(`/v1/clusters/${c.id}/backups`, {
      archive_frequency_minute: "20",
      retention_period_day: "7",
      starting_time_hour: "1",
    });
    expect(bad.body.errors[0].loc).toEqual(["body", "archive_frequency_minute"]);
    expect(
      (
        await api.post(`/v1/clusters/${c.id}/backups`, {
          archive_frequency_minute: "30",
          retention_period_day: "14",
          starting_time_hour: "23",
        })
      ).status,
    ).toBe(202);
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${c.id}`)).body;
    expect(after.init_config_option.backup_option).toEqual({
      archive_frequency_minute: "30",
      retention_period_day: "14",
      starting_time_hour: "23",
    });
    const hist = (await api.get(`/v1/clusters/${c.id}/backup-histories`)).body;
    expect(hist.total_count).toBe("1");
    expect(hist.contents[0]).toMatchObject({ backup_state: "COMPLETED", software_version: "16.4" });
    expect((await api.delete(`/v1/clusters/${c.id}/backups`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.init_config_option.backup_option).toBeNull();
    // Remove a backup history.
    const num = hist.contents[0].backup_history_number;
    expect((await api.put(`/v1/clusters/${c.id}/backup-histories`, { backup_history_number: ["nope"] })).body.errors[0].loc).toEqual([
      "body",
      "backup_history_number",
      "0",
    ]);
    expect((await api.put(`/v1/clusters/${c.id}/backup-histories`, { backup_history_number: [num] })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}/backup-histories`)).body.total_count).toBe("0");
  });

  it("log export schedules: WEEK needs its day of week, MONTH its day of month; days may be null otherwise", async () => {
    const c = await api.createRunning();
    const reg = {
      access_key: "ak",
      secret_key: "sk",
      bucket_name: "examplebucket",
      delete_on_export: false,
      log_type: "slow",
      schedule_day_of_month: null,
      schedule_day_of_week: null,
      schedule_frequency_type: "WEEK",
      schedule_hour: "2",
    };
    expect((await api.post(`/v1/clusters/${c.id}/log-export-configs`, reg)).body.errors[0].loc).toEqual(["body", "schedule_day_of_week"]);
    expect(
      (await api.post(`/v1/clusters/${c.id}/log-export-configs`, { ...reg, schedule_frequency_type: "MONTH" })).body.errors[0].loc,
    ).toEqual(["body", "schedule_day_of_month"]);
    expect((await api.post(`/v1/clusters/${c.id}/log-export-configs`, { ...reg, schedule_frequency_type: "DAY" })).status).toBe(202);
    sim.advance(1);
    const { bucket_name: _b, log_type: _l, ...modify } = reg;
    expect((await api.put(`/v1/clusters/${c.id}/log-export-configs/slow`, modify)).body.errors[0].loc).toEqual([
      "body",
      "schedule_day_of_week",
    ]);
    expect((await api.put(`/v1/clusters/${c.id}/log-export-configs/slow`, { ...modify, schedule_day_of_week: "SUN" })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}/log-export-configs?type=slow`)).body.contents[0]).toMatchObject({
      schedule_frequency_type: "WEEK",
      schedule_day_of_week: "SUN",
      is_registered: true,
    });
  });

  it("archive config, log export configs", async () => {
    const c = await api.createRunning();
    expect((await api.get(`/v1/clusters/${c.id}/archive`)).body).toEqual({ archive_enabled: false, retention_period_day: null });
    expect((await api.put(`/v1/clusters/${c.id}/archive`, { archive_enabled: true })).body.errors[0].loc).toEqual([
      "body",
      "retention_period_day",
    ]);
    expect((await api.put(`/v1/clusters/${c.id}/archive`, { archive_enabled: true, retention_period_day: 36 })).status).toBe(400);
    expect((await api.put(`/v1/clusters/${c.id}/archive`, { archive_enabled: true, retention_period_day: 3 })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}/archive`)).body).toEqual({ archive_enabled: true, retention_period_day: 3 });

    const list = (await api.get(`/v1/clusters/${c.id}/log-export-configs`)).body;
    expect(list.count).toBe(3);
    expect(list.contents.map((x: any) => [x.log_type, x.is_registered])).toEqual([
      ["alert", false],
      ["audit", false],
      ["slow", false],
    ]);
    const reg = {
      access_key: "ak",
      bucket_name: "examplebucket",
      delete_on_export: true,
      log_type: "alert",
      schedule_day_of_month: "28",
      schedule_day_of_week: "MON",
      schedule_frequency_type: "DAY",
      schedule_hour: "12",
      secret_key: "sk",
    };
    expect((await api.post(`/v1/clusters/${c.id}/log-export-configs`, { ...reg, schedule_hour: "24" })).body.errors[0].loc).toEqual([
      "body",
      "schedule_hour",
    ]);
    expect((await api.post(`/v1/clusters/${c.id}/log-export-configs`, reg)).status).toBe(202);
    sim.advance(1);
    const alert = (await api.get(`/v1/clusters/${c.id}/log-export-configs?type=alert`)).body;
    expect(alert.contents).toEqual([
      {
        bucket_name: "examplebucket",
        delete_on_export: true,
        is_bucket_deleted: false,
        is_registered: true,
        log_label: "DB Alert Log",
        log_type: "alert",
        schedule_day_of_month: "28",
        schedule_day_of_week: "MON",
        schedule_frequency_type: "DAY",
        schedule_hour: "12",
      },
    ]);
    expect((await api.post(`/v1/clusters/${c.id}/log-export-configs`, reg)).status).toBe(400);
    expect((await api.post(`/v1/clusters/${c.id}/log-export-configs/slow/export`)).status).toBe(400);
    expect((await api.post(`/v1/clusters/${c.id}/log-export-configs/alert/export`)).status).toBe(202);
    sim.advance(1);
    const { bucket_name: _b, log_type: _l, ...modify } = reg;
    expect((await api.put(`/v1/clusters/${c.id}/log-export-configs/alert`, { ...modify, schedule_hour: "3" })).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}/log-export-configs?type=alert`)).body.contents[0].schedule_hour).toBe("3");
    expect((await api.delete(`/v1/clusters/${c.id}/log-export-configs/bogus`)).status).toBe(400);
    expect((await api.delete(`/v1/clusters/${c.id}/log-export-configs/alert`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}/log-export-configs?type=alert`)).body.contents[0].is_registered).toBe(false);
  });

  it("switchover swaps ACTIVE and STANDBY on an HA cluster and is refused otherwise", async () => {
    const single = await api.createRunning();
    expect((await api.post(`/v1/clusters/${single.id}/switchover`)).status).toBe(400);
    const r = await api.post("/v1/clusters", haBody(ev164, { name: "hapair", instance_name_prefix: "hapair" }));
    sim.advance(1);
    const before = (await api.get(`/v1/clusters/${r.body.resource.id}`)).body.instance_groups[0].instances;
    expect((await api.post(`/v1/clusters/${r.body.resource.id}/switchover`)).status).toBe(202);
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${r.body.resource.id}`)).body.instance_groups[0].instances;
    const roleOf = (list: any[], name: string) => list.find((i) => i.name === name).role_type;
    for (const i of before) expect(roleOf(after, i.name)).not.toBe(i.role_type);
  });

  it("replicas: create, list, promote; the origin cannot be deleted while it has replicas", async () => {
    const c = await api.createRunning();
    const spec = {
      name: "orders-ro",
      instance_groups: [
        {
          block_storage_groups: [{ role_type: "DATA", size_gb: 104, volume_type: "SSD" }],
          instances: [{ role_type: "ACTIVE" }],
          role_type: "ACTIVE",
          server_type_name: "db1v2m4",
        },
      ],
    };
    expect((await api.post(`/v1/clusters/${c.id}/replicas`, { replica_count: 2, replicas: [spec] })).body.errors[0].loc).toEqual([
      "body",
      "replica_count",
    ]);
    expect(
      (await api.post(`/v1/clusters/${c.id}/replicas`, { replica_count: 1, replicas: [{ ...spec, name: "Bad_Name" }] })).body.errors[0].loc,
    ).toEqual(["body", "replicas", "0", "name"]);
    const r = await api.post(`/v1/clusters/${c.id}/replicas`, { replica_count: 1, replicas: [spec] });
    expect(r.status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("EDITING");
    sim.advance(1);
    const origin = (await api.get(`/v1/clusters/${c.id}`)).body;
    expect(origin.replicas).toHaveLength(1);
    const replica = (await api.get(`/v1/clusters/${origin.replicas[0]}`)).body;
    expect(replica).toMatchObject({ name: "orders-ro", role_type: "REPLICA", origin_cluster_id: c.id, service_state: "RUNNING" });
    const listed = (await api.get(`/v1/clusters/${c.id}/replicas`)).body;
    expect(listed.count).toBe("1");
    expect(listed.contents[0]).toMatchObject({ name: "orders-ro", region: "kr-west1", replica_state: "RUNNING" });
    expect((await api.delete(`/v1/clusters/${c.id}`)).body.errors[0].code).toBe("INVALID_STATE");
    expect((await api.post(`/v1/clusters/${c.id}/promote`)).status).toBe(400);
    expect((await api.post(`/v1/clusters/${replica.id}/promote`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${replica.id}`)).body).toMatchObject({ role_type: "ORIGIN", origin_cluster_id: null });
    expect((await api.get(`/v1/clusters/${c.id}`)).body.replicas).toEqual([]);
    expect(
      (
        await api.post(`/v1/clusters/${c.id}/replicas/other-region`, {
          replica_count: 1,
          replicas: [{ ...spec, name: "orders-dr" }],
          region: "kr-west1",
          subnet_id: "s2",
        })
      ).body.errors[0].loc,
    ).toEqual(["body", "region"]);
    const extra = await api.post(`/v1/clusters/${c.id}/replicas/other-region`, {
      replica_count: 1,
      replicas: [{ ...spec, name: "orders-dr" }],
      region: "kr-east1",
      subnet_id: "s2",
      zone: "a",
    });
    expect(extra.body.errors[0].loc).toEqual(["body", "zone"]);
    const dr = await api.post(`/v1/clusters/${c.id}/replicas/other-region`, {
      replica_count: 1,
      replicas: [{ ...spec, name: "orders-dr" }],
      region: "kr-east1",
      subnet_id: "s2",
    });
    expect(dr.status).toBe(202);
    sim.advance(1);
    const drId = (await api.get(`/v1/clusters/${c.id}`)).body.replicas[0];
    // It lives behind kr-east1's endpoint (test/postgresql-regions.test.ts).
    const east = new ScpClient(sim, `${sim.url}/scp/kr-east1/postgresql`);
    expect((await east.get(`/v1/clusters/${drId}`)).body).toMatchObject({
      role_type: "SECONDARY",
      init_config_option: { origin_region: "kr-west1" },
    });
    expect((await east.post(`/v1/clusters/${drId}/reset-replica`)).status).toBe(202);
    sim.advance(1);
    expect((await api.post(`/v1/clusters/${c.id}/sync-replica-state`)).status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("SYNCHRONIZING");
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("RUNNING");
  });

  it("restore creates a RECOVERY cluster from a backup", async () => {
    const c = await api.createRunning();
    const num = (await api.get(`/v1/clusters/${c.id}/backup-histories`)).body.contents[0].backup_history_number;
    const base = { instance_name_prefix: "restored", name: "restored", server_type_name: "db1v2m4" };
    expect((await api.post(`/v1/clusters/${c.id}/restore`, { ...base, backup_history_number: "0" })).body.errors[0].loc).toEqual([
      "body",
      "backup_history_number",
    ]);
    const r = await api.post(`/v1/clusters/${c.id}/restore`, { ...base, backup_history_number: num });
    expect(r.status).toBe(202);
    expect(r.body.resource.id).not.toBe(c.id);
    expect((await api.get(`/v1/clusters/${r.body.resource.id}`)).body.service_state).toBe("CREATING");
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${r.body.resource.id}`)).body).toMatchObject({
      role_type: "RECOVERY",
      origin_cluster_id: c.id,
      service_state: "RUNNING",
      software_version: "16.4",
    });
  });

  it("sync endpoints pass through SYNCHRONIZING back to the previous state", async () => {
    const c = await api.createRunning();
    for (const path of ["sync-state", "parameters/sync", "archive/sync"]) {
      expect((await api.post(`/v1/clusters/${c.id}/${path}`)).status, path).toBe(202);
      expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("SYNCHRONIZING");
      sim.advance(1);
      expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("RUNNING");
    }
    expect((await api.post(`/v1/clusters/${c.id}/restart`)).status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("RESTARTING");
    sim.advance(1);
    expect((await api.delete(`/v1/clusters/${c.id}/archive?type=SOME`)).body.errors[0].loc).toEqual(["query", "type"]);
    expect((await api.delete(`/v1/clusters/${c.id}/archive?type=ALL`)).status).toBe(202);
  });
});

describe("delete, requests, listing", () => {
  it("delete: TERMINATING, then 404 and gone from the list; the request stays readable", async () => {
    const c = await api.createRunning();
    const d = await api.delete(`/v1/clusters/${c.id}`);
    expect(d.status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("TERMINATING");
    expect((await api.get("/v1/clusters")).body.contents[0].service_state).toBe("TERMINATING");
    sim.advance(1);
    const gone = await api.get(`/v1/clusters/${c.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0].code).toBe("NOT_FOUND");
    expect((await api.get("/v1/clusters")).body).toMatchObject({ contents: [], count: 0 });
    expect(await reqState(d.body.request_id)).toBe("COMPLETED");
    expect((await api.delete(`/v1/clusters/${c.id}`)).status).toBe(404);
    expect((sim.state() as any).services["scp-postgresql"].clusters).toEqual([]);
  });

  it("404 for unknown request ids", async () => {
    const r = await api.get("/v1/requests/req-00000000-0000-0000-0000-000000000000");
    expect(r.status).toBe(404);
  });

  it("pages, sorts and filters the list", async () => {
    const names = ["alpha", "bravo", "charlie", "delta", "echo"];
    for (const [i, name] of names.entries()) {
      const body = createBody(ev164, { name, instance_name_prefix: name });
      if (i === 4) body.init_config_option.database_name = "other";
      expect((await api.post("/v1/clusters", body)).status).toBe(202);
    }
    sim.advance(1);
    const p0 = (await api.get("/v1/clusters?size=2&page=0")).body;
    expect(p0).toMatchObject({ count: 5, page: 0, size: 2, sort: ["name:asc"] });
    expect(p0.contents.map((c: any) => c.name)).toEqual(["alpha", "bravo"]);
    expect((await api.get("/v1/clusters?size=2&page=2")).body.contents.map((c: any) => c.name)).toEqual(["echo"]);
    expect((await api.get("/v1/clusters?sort=name:desc&size=1")).body.contents[0].name).toBe("echo");
    expect((await api.get("/v1/clusters?name=char")).body.contents.map((c: any) => c.name)).toEqual(["charlie"]);
    expect((await api.get("/v1/clusters?database_name=other")).body.count).toBe(1);
    expect((await api.get("/v1/clusters?service_state=STOPPED")).body.count).toBe(0);
    expect((await api.get("/v1/clusters?service_state=RUNNING")).body.count).toBe(5);
    expect((await api.get("/v1/clusters?sort=size:asc")).body.errors[0].loc).toEqual(["query", "sort"]);
    expect((await api.get("/v1/clusters?size=abc")).body.errors[0].loc).toEqual(["query", "size"]);
    expect((await api.get("/v1/clusters?service_state=BOGUS")).status).toBe(400);
  });

  it("serves the master data", async () => {
    const st = (await api.get("/v1/server-types")).body.contents;
    expect(st.length).toBeGreaterThan(3);
    expect(st[0]).toMatchObject({ name: "db1v2m4", cpu_core: "2", memory_gb: "4", product_image_type: "PostgreSQL Community" });
    expect((await api.get("/v1/server-types?name=db1v4m8")).body.contents).toHaveLength(1);
    const groups = (await api.get("/v1/parameter-groups?major_version=16")).body;
    expect(groups.contents).toHaveLength(1);
    const params = (await api.get(`/v1/parameters?dbaas_parameter_group_id=${groups.contents[0].id}&size=2`)).body;
    expect(params).toMatchObject({ page: 0, size: 2 });
    expect(params.contents).toHaveLength(2);
    expect(params.count).toBeGreaterThan(2);
    expect((await api.get("/v1/parameters")).body.errors[0].loc).toEqual(["query", "dbaas_parameter_group_id"]);
    const props = await api.get(`/v1/engine-versions/${ev164}/properties`);
    expect(props.body.contents.length).toBeGreaterThan(0);
    expect((await api.get(`/v1/engine-versions/${"0".repeat(32)}/properties`)).status).toBe(404);
    const minors = (await api.get("/v1/engine-versions")).body.contents.filter((e: any) => e.major_version === "16");
    expect(minors.length).toBeGreaterThanOrEqual(3);
  });
});

describe("the gateway's own 404 and answers that never arrive", () => {
  /** A raw signed call: the answer may be HTML, so the body comes back as text. */
  const raw = async (method: string, path: string) => {
    const url = `${sim.url}/scp/postgresql${path}`;
    const ts = String(Date.now());
    const res = await fetch(url, {
      method,
      headers: {
        "Scp-AccessKey": ACCESS_KEY,
        "Scp-Timestamp": ts,
        "Scp-ClientType": "Openapi",
        "Scp-Signature": sign(method, url, ts, ACCESS_KEY, SECRET_KEY),
      },
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  };

  it("an unknown route is the gateway's HTML 404, not the API's not-found envelope", async () => {
    const r = await raw("GET", `/v2/clusters/${"a".repeat(32)}`);
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/text\/html/);
    expect(r.text).toContain("<title>404 Not Found</title>");
    expect(r.text).not.toContain('"errors"');
    // Routing comes before authentication, as at a real gateway: no signature, same page.
    const unsigned = await fetch(`${sim.url}/scp/postgresql/nowhere`);
    expect(unsigned.status).toBe(404);
    expect(await unsigned.text()).toContain("404 Not Found");
    // A prefix where nothing is mounted (a wrong endpoint) gets the same page.
    const unmounted = await fetch(`${sim.url}/scp/postgresq/v1/clusters`);
    expect([unmounted.status, unmounted.headers.get("content-type")]).toEqual([404, "text/html"]);
    // A known route still answers in the API's shape.
    const missing = await api.get(`/v1/clusters/${"a".repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe("NOT_FOUND");
  });

  it("gateway-404 makes a known route look missing, and leaves the cluster alone", async () => {
    const c = await api.createRunning();
    sim.addFault({ kind: "gateway-404", method: "DELETE", path: "^/v1/clusters/[0-9a-f]{32}$", count: 1 });
    const r = await raw("DELETE", `/v1/clusters/${c.id}`);
    expect([r.status, r.type]).toEqual([404, "text/html"]);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("RUNNING");
    expect(sim.faults()).toEqual([]);
    expect((await api.delete(`/v1/clusters/${c.id}`)).status).toBe(202);
  });

  it("drop-after-apply applies the request and drops the answer; the log says so", async () => {
    const c = await api.createRunning();
    sim.clearRequests();
    sim.addFault({ kind: "drop-after-apply", method: "PUT", path: "/audit-log$", count: 1 });
    await expect(api.put(`/v1/clusters/${c.id}/audit-log`, { use_audit_log: true })).rejects.toThrow();
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("EDITING");
    // The same request sent again meets the operation it started.
    const again = await api.put(`/v1/clusters/${c.id}/audit-log`, { use_audit_log: true });
    expect([again.status, again.body.errors[0].code]).toEqual([400, "CLUSTER_BUSY"]);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.init_config_option.audit_enabled).toBe(true);
    const logged = sim.requests().filter((x) => x.method === "PUT");
    expect(logged.map((x) => [x.status, x.answerDropped])).toEqual([
      [202, true],
      [400, undefined],
    ]);
  });
});
