// The simulated SCP CacheStore API: strict create bodies (seed 002 and the SDK's CacheStore 1.0
// constraints), each refused with a 400 in the API's shape naming the field and nothing created;
// the version header and the signature.
import { describe, expect, it } from "vitest";
import type { Simulator } from "../src";
import { createRunningCluster, body, haBody } from "./cachestore-fixtures";
import { ScpClient, useManualSim } from "./helpers";

let sim: Simulator;
let api: ScpClient;
let ev724: string;

useManualSim((s) => {
  sim = s.sim;
  api = new ScpClient(s.sim, `${s.sim.url}/scp/cachestore`, "cachestore 1.0");
});

const versionId = (software: string) => api.engineVersionId(software);
const createRunning = (b?: any) => createRunningCluster(sim, api, b);

describe("CacheStore: strict bodies (400 in the API's shape naming the field)", () => {
  const init = (o: Record<string, unknown>) => (b: any) => void Object.assign(b.init_config_option, o);
  const group = (o: Record<string, unknown>) => (b: any) => void Object.assign(b.instance_groups[0], o);
  const storage = (o: Record<string, unknown>) => (b: any) => void Object.assign(b.instance_groups[0].block_storage_groups[0], o);
  const cases: Array<[string, (b: any) => void, string[]]> = [
    [
      "block storage 48 GB (minimum 56)",
      storage({ size_gb: 48 }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "size_gb"],
    ],
    [
      "block storage 60 GB (not a multiple of 8)",
      storage({ size_gb: 60 }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "size_gb"],
    ],
    [
      "block storage 5128 GB (maximum 5120)",
      storage({ size_gb: 5128 }),
      ["body", "instance_groups", "0", "block_storage_groups", "0", "size_gb"],
    ],
    ["block storage role OS", storage({ role_type: "OS" }), ["body", "instance_groups", "0", "block_storage_groups", "0", "role_type"]],
    ["volume type NVME", storage({ volume_type: "NVME" }), ["body", "instance_groups", "0", "block_storage_groups", "0", "volume_type"]],
    ["replica_count 3", (b) => void (b.replica_count = 3), ["body", "replica_count"]],
    ["replica_count -1", (b) => void (b.replica_count = -1), ["body", "replica_count"]],
    ["database_port 80", init({ database_port: 80 }), ["body", "init_config_option", "database_port"]],
    ["sentinel_port 70000", init({ sentinel_port: 70000 }), ["body", "init_config_option", "sentinel_port"]],
    ["database_port as a string", init({ database_port: "6378" }), ["body", "init_config_option", "database_port"]],
    ["password too short", init({ database_user_password: "short" }), ["body", "init_config_option", "database_user_password"]],
    [
      "password missing",
      (b) => void delete b.init_config_option.database_user_password,
      ["body", "init_config_option", "database_user_password"],
    ],
    [
      "retention 36 days",
      init({ backup_option: { retention_period_day: "36", starting_time_hour: "2" } }),
      ["body", "init_config_option", "backup_option", "retention_period_day"],
    ],
    [
      "PostgreSQL's archive frequency in the backup option",
      init({ backup_option: { archive_frequency_minute: "60", retention_period_day: "7", starting_time_hour: "2" } }),
      ["body", "init_config_option", "backup_option", "archive_frequency_minute"],
    ],
    ["PostgreSQL's database_name", init({ database_name: "orders" }), ["body", "init_config_option", "database_name"]],
    ["instance group role ACTIVE", group({ role_type: "ACTIVE" }), ["body", "instance_groups", "0", "role_type"]],
    [
      "instance role ACTIVE",
      group({ instances: [{ role_type: "ACTIVE" }] }),
      ["body", "instance_groups", "0", "instances", "0", "role_type"],
    ],
    [
      "instances missing (required, nullable)",
      (b) => void delete b.instance_groups[0].instances,
      ["body", "instance_groups", "0", "instances"],
    ],
    ["name with digits", (b) => void (b.name = "cache1"), ["body", "name"]],
    ["prefix too long", (b) => void (b.instance_name_prefix = "a".repeat(14)), ["body", "instance_name_prefix"]],
    ["an unknown field", (b) => void (b.vip_public_ip_id = "x"), ["body", "vip_public_ip_id"]],
    ["allowed address not a CIDR", (b) => void (b.allowable_ip_addresses = ["10.0.0.1"]), ["body", "allowable_ip_addresses", "0"]],
    ["unknown server type", group({ server_type_name: "db1v2m4" }), ["body", "instance_groups", "0", "server_type_name"]],
    ["replicas without the MASTER_REPLICA group", (b) => void (b.replica_count = 1), ["body", "instance_groups", "0", "role_type"]],
    ["HA without replicas", (b) => void (b.ha_enabled = true), ["body", "replica_count"]],
    ["unknown time zone", (b) => void (b.timezone = "Mars/Olympus"), ["body", "timezone"]],
  ];
  for (const [what, edit, loc] of cases) {
    it(what, async () => {
      ev724 = await versionId("7.2.4");
      const b = body(ev724);
      edit(b);
      const r = await api.post("/v1/clusters", b);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].code).toBe("INVALID_REQUEST");
      expect(r.body.errors.map((e: any) => e.loc)).toContainEqual(loc);
      expect((await api.get("/v1/clusters")).body.count).toBe(0);
    });
  }

  it("HA: a missing SENTINEL group, a SENTINEL group without HA, equal ports", async () => {
    ev724 = await versionId("7.2.4");
    const noSentinel = haBody(ev724);
    noSentinel.instance_groups.pop();
    expect((await api.post("/v1/clusters", noSentinel)).body.errors.map((e: any) => e.loc)).toContainEqual(["body", "instance_groups"]);
    const sentinelNoHa = haBody(ev724, 1, { ha_enabled: false });
    expect((await api.post("/v1/clusters", sentinelNoHa)).body.errors.map((e: any) => e.loc)).toContainEqual([
      "body",
      "instance_groups",
      "1",
      "role_type",
    ]);
    const samePorts = haBody(ev724);
    samePorts.init_config_option.sentinel_port = 6378;
    expect((await api.post("/v1/clusters", samePorts)).body.errors.map((e: any) => e.loc)).toContainEqual([
      "body",
      "init_config_option",
      "sentinel_port",
    ]);
    const wrongCount = haBody(ev724, 2);
    wrongCount.replica_count = 1;
    expect((await api.post("/v1/clusters", wrongCount)).body.errors.map((e: any) => e.loc)).toContainEqual([
      "body",
      "instance_groups",
      "0",
      "instances",
    ]);
  });

  it("refuses a duplicate name and a body that is not JSON", async () => {
    await createRunning();
    const dup = await api.post("/v1/clusters", body(ev724));
    expect([dup.status, dup.body.errors[0].code]).toEqual([400, "DUPLICATE_NAME"]);
    const bad = await api.call("POST", "/v1/clusters", { rawBody: "{" });
    expect([bad.status, bad.body.errors[0].code]).toEqual([400, "MALFORMED_BODY"]);
  });
});

describe("CacheStore: version header and signature", () => {
  it("accepts cachestore 1.0 and no header; refuses anything else, another product's header included", async () => {
    expect((await api.get("/v1/clusters")).status).toBe(200);
    expect((await api.get("/v1/clusters", { version: null })).status).toBe(200);
    for (const v of ["cachestore 1.1", "cachestore 0.9", "postgresql 1.1", "eventstreams 1.1", "cachestore", "1.0"]) {
      const r = await api.get("/v1/clusters", { version: v });
      expect([r.status, r.body.errors[0].code], v).toEqual([400, "UNSUPPORTED_API_VERSION"]);
    }
    const disc = await fetch(`${sim.url}/scp/cachestore`);
    expect(((await disc.json()) as any).versions).toEqual([
      { id: "v1.0", links: [{ href: "/scp/cachestore/", rel: "self" }], not_before: "2025-07-01", status: "CURRENT" },
    ]);
  });

  it("checks the signature (401 in the API's shape)", async () => {
    const r = await api.get("/v1/clusters", { secretKey: "wrong" });
    expect([r.status, r.body.errors[0].code]).toEqual([401, "UNAUTHORIZED"]);
    const stale = await api.get("/v1/clusters", { timestamp: Date.now() - 6 * 60_000 });
    expect(stale.status).toBe(401);
  });
});
