// scp.Cluster engine "eventstreams": input rules (check) and the field table (diff), without the API.
import { describe, expect, it } from "vitest";
import { assertFieldTable, checkInputs, diffResource } from "../../src/core/resource";
import { UNKNOWN } from "../../src/core/diff";
import { renderFieldTables } from "../../src/core/docs";
import { clusterDefinition as definition } from "../../src/scp/cluster";
import { createBody, fromApi } from "../../src/scp/eventstreams/engine";
import { eventStreamsEndpoints } from "../../src/scp/eventstreams/endpoints";
import { combinedQuorumError, type EventStreamsInputs } from "../../src/scp/eventstreams/inputs";
import { EventStreamsCluster } from "../../src/scp/schemas";

const valid = {
  engine: "eventstreams",
  name: "events",
  engineVersion: "3.8.0",
  subnetId: "subnet-a",
  serverType: "es1v2m4",
  instanceNamePrefix: "events",
  blockStorages: [{ sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  brokerSaslId: "kafka",
  brokerSaslPassword: "Br0ker-pass!",
  zookeeperSaslId: "zoo",
  zookeeperSaslPassword: "Z00keeper-pass!",
};

const checked = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => checkInputs(definition, olds, news);
const base = checked(valid).inputs;

describe("scp.Cluster eventstreams check", () => {
  it("fills the documented defaults", () => {
    const { inputs, failures } = checked(valid);
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      brokerPort: 9091,
      zookeeperPort: 2180,
      isCombined: false,
      akhqEnabled: false,
      brokerCount: 3,
      running: true,
      blockStorages: [{ roleType: "DATA", sizeGb: 104, volumeType: "SSD" }],
    });
  });

  it.each([
    ["engine", { engine: "kafka" }, '"eventstreams"'],
    ["name", { name: "events-1" }, "3–20 letters"],
    ["brokerSaslId", { brokerSaslId: "Kafka1" }, "2–20 lower-case letters"],
    ["brokerSaslPassword", { brokerSaslPassword: "short" }, "8–30"],
    ["zookeeperSaslPassword", { zookeeperSaslPassword: "nosymbols123" }, "a letter, a digit and a symbol"],
    ["zookeeperSaslPassword", { zookeeperSaslPassword: "Quote'd-pass1" }, "quotes"],
    ["brokerPort", { brokerPort: 80 }, "1024 and 65535"],
    ["zookeeperPort", { zookeeperPort: 9091 }, "must differ from brokerPort (9091)"],
    ["brokerCount", { brokerCount: 0 }, "at least 1"],
    ["brokerCount", { brokerCount: 2.5 }, "whole number"],
    ["blockStorages.0.roleType", { blockStorages: [{ roleType: "ARCHIVE", sizeGb: 104 }] }, '"DATA"'],
    ["blockStorages.0.sizeGb", { blockStorages: [{ sizeGb: 100 }] }, "multiple of 8"],
    ["blockStorages.0.volumeType", { blockStorages: [{ sizeGb: 104, volumeType: "NVME" }] }, "SSD"],
    ["blockStorages", { blockStorages: [] }, "at least one DATA"],
    ["akhqId", { akhqEnabled: true }, "required when akhqEnabled"],
    ["akhqPassword", { akhqEnabled: true, akhqId: "admin" }, "required when akhqEnabled"],
    ["maintenance.durationHours", { maintenance: { dayOfWeek: "MON", startTime: "03:00", durationHours: 7.5 } }, "0.5, 1.5–5.5"],
    ["haEnabled", { haEnabled: true }, "is not a known property; accepted: engine, name, "],
  ])("rejects bad %s naming it and what is allowed", (property, patch, allowed) => {
    const { failures } = checked({ ...valid, ...patch });
    const failure = failures.find((f) => f.property === property);
    expect(failure, JSON.stringify(failures)).toBeDefined();
    expect(failure!.reason).toContain(allowed);
  });

  it("refuses fewer brokers, naming the endpoint that can only add", () => {
    const { failures } = checked({ ...valid, brokerCount: 2 }, base);
    expect(failures).toEqual([{ property: "brokerCount", reason: expect.stringContaining("3 → 2") }]);
    expect(failures[0].reason).toContain("add-instances");
    expect(checked({ ...valid, brokerCount: 5 }, base).failures).toEqual([]);
  });

  it("fewer brokers in a change that replaces the cluster anyway is no shrink: the new cluster is created with them", () => {
    const five = checked({ ...valid, brokerCount: 5 }).inputs;
    const news = checked({ ...valid, brokerCount: 3, isCombined: true }, five);
    expect(news.failures).toEqual([]);
    expect(diffResource(definition, five, news.inputs).replaces).toEqual(["isCombined"]);
    // The way out the refusal names works: brokerCount together with a property that replaces.
    const refused = checked({ ...valid, brokerCount: 3 }, five).failures[0].reason;
    expect(refused).toMatch(/together with a property that replaces it/);
    expect(checked({ ...valid, brokerCount: 3, instanceNamePrefix: "eventsb" }, five).failures).toEqual([]);
  });

  it("refuses a shrinking disk, a password change and a minor downgrade", () => {
    expect(checked({ ...valid, blockStorages: [{ sizeGb: 96 }] }, base).failures.map((f) => f.property)).toEqual([
      "blockStorages[0].sizeGb",
    ]);
    expect(checked({ ...valid, brokerSaslPassword: "An0ther-pass!" }, base).failures.map((f) => f.property)).toEqual([
      "brokerSaslPassword",
    ]);
    expect(checked({ ...valid, engineVersion: "3.7.1" }, base).failures.map((f) => f.property)).toEqual(["engineVersion"]);
  });

  it("lets AKHQ be switched on with its credentials (a replacement)", () => {
    expect(checked({ ...valid, akhqEnabled: true, akhqId: "admin", akhqPassword: "Akhq-pass1!" }, base).failures).toEqual([]);
  });

  it("leaves unknown preview values unchecked", () => {
    const { inputs, failures } = checked({ ...valid, brokerSaslPassword: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs.brokerSaslPassword).toBe(UNKNOWN);
  });
});

describe("scp.Cluster eventstreams diff table", () => {
  const diff = (patch: Record<string, unknown>) => {
    const next = checked({ ...valid, ...patch });
    expect(next.failures).toEqual([]);
    return diffResource(definition, base, next.inputs);
  };

  it("no change → no diff, in both directions", () => {
    expect(diff({}).changes).toBe(false);
    expect(diffResource(definition, checked(valid).inputs, base).changes).toBe(false);
  });

  it.each([
    ["serverType", { serverType: "es1v4m8" }],
    ["brokerCount", { brokerCount: 4 }],
    ["blockStorages", { blockStorages: [{ sizeGb: 128 }] }],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "192.168.0.0/16"] }],
    ["maintenance", { maintenance: { dayOfWeek: "SUN", startTime: "02:00", durationHours: 1 } }],
    ["running", { running: false }],
    ["engineVersion", { engineVersion: "3.9.1" }],
  ])("%s changes in place", (_key, patch) => {
    const d = diff(patch);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
  });

  it.each([
    ["isCombined", { isCombined: true }],
    ["akhqEnabled", { akhqEnabled: true, akhqId: "admin", akhqPassword: "Akhq-pass1!" }],
    ["subnetId", { subnetId: "subnet-b" }],
    ["brokerPort", { brokerPort: 9093 }],
    ["brokerSaslId", { brokerSaslId: "producer" }],
    ["serviceWatchLogCollection", { serviceWatchLogCollection: true }],
    ["natEnabled", { natEnabled: true }],
    ["engineVersion", { engineVersion: "4.0.0" }],
    ["blockStorages", { blockStorages: [{ sizeGb: 104 }, { sizeGb: 104 }] }],
    ["blockStorages", { blockStorages: [{ sizeGb: 104, volumeType: "HDD" }] }],
  ])("%s replaces", (key, patch) => {
    const d = diff(patch);
    expect(d.replaces).toContain(key);
    expect(d.deleteBeforeReplace).toBe(true); // the name stays and names are unique: delete first
  });

  it("a change of engine replaces", () => {
    expect(diffResource(definition, base, { ...base, engine: "postgresql" }).replaces).toEqual(["engine"]);
  });

  it("an unknown replace-only value plans a replace", () => {
    expect(diffResource(definition, base, { ...base, subnetId: UNKNOWN }).replaces).toEqual(["subnetId"]);
  });

  it("passwords are never diffed (they are secrets the API never returns)", () => {
    const d = diffResource(definition, base, { ...base, zookeeperSaslPassword: "Other-pass1!" });
    expect(d.changes).toBe(false);
  });
});

describe("scp.Cluster eventstreams translation", () => {
  const inputs = checked({
    ...valid,
    akhqEnabled: true,
    akhqId: "admin",
    akhqPassword: "Akhq-pass1!",
    maintenance: { dayOfWeek: "MON", startTime: "03:30", durationHours: 1.5 },
  }).inputs as EventStreamsInputs;

  it("builds the 1.1 create body: separate ZooKeeper and broker groups, AKHQ, credentials", () => {
    const body = createBody(inputs, "ver-1");
    expect(body).toMatchObject({
      dbaas_engine_version_id: "ver-1",
      is_combined: false,
      akhq_enabled: true,
      service_watch_log_collection: false,
      init_config_option: { broker_port: 9091, zookeeper_port: 2180, broker_sasl_id: "kafka", akhq_id: "admin" },
      maintenance_option: { starting_day_of_week: "MON", starting_time: "0330", period_hour: "1.5" },
    });
    expect(body.instance_groups.map((g) => [g.role_type, g.instances.length, g.block_storage_groups.length])).toEqual([
      ["ZOOKEEPER", 3, 1],
      ["BROKER", 3, 1],
      ["AKHQ", 1, 1],
    ]);
    expect("ha_enabled" in body).toBe(false);
  });

  it("a combined cluster has one ZOOKEEPER_BROKER group", () => {
    const body = createBody({ ...inputs, isCombined: true, akhqEnabled: false }, "ver-1");
    expect(body.instance_groups.map((g) => g.role_type)).toEqual(["ZOOKEEPER_BROKER"]);
    expect(body.init_config_option).not.toHaveProperty("akhq_id");
  });

  it("reads the detail response back into the same inputs, with bootstrap servers and the AKHQ URL", () => {
    const group = (id: string, role: string, n: number, disks: unknown[]) => ({
      id,
      role_type: role,
      server_type_name: "es1v2m4",
      block_storage_groups: disks,
      instances: Array.from({ length: n }, (_, i) => ({
        name: `${role}-${i}`,
        role_type: role,
        service_state: "RUNNING",
        service_ip_address: `10.0.${id.length}.${i + 1}`,
        public_ip_address: null,
        public_ip_id: null,
      })),
    });
    const api = EventStreamsCluster.parse({
      id: "c".repeat(32),
      name: "events",
      service_state: "RUNNING",
      dbaas_engine: "Kafka",
      software_version: "3.8.0",
      subnet_id: "subnet-a",
      timezone: "Asia/Seoul",
      is_combined: false,
      nat_enabled: false,
      service_watch_log_collection: false,
      allowable_ip_addresses: ["10.0.0.0/24"],
      init_config_option: { broker_port: "9091", zookeeper_port: 2180 },
      maintenance_option: { starting_day_of_week: "MON", starting_time: "0330", period_hour: "1.5", use_maintenance_option: true },
      instance_groups: [
        group("z", "ZOOKEEPER", 3, [{ id: "os", role_type: "OS", size_gb: 104, volume_type: "SSD" }]),
        group("bb", "BROKER", 3, [
          { id: "os2", role_type: "OS", size_gb: 104, volume_type: "SSD" },
          { id: "d1", name: "d", role_type: "DATA", size_gb: "104", volume_type: "SSD" },
        ]),
        group("aaa", "AKHQ", 1, []),
      ],
    });
    const { inputs: read, outs } = fromApi(api, { ...inputs, blockStorageIds: [] });
    expect(read).toEqual(inputs);
    expect(outs.blockStorageIds).toEqual(["d1"]);
    expect(outs.bootstrapServers).toBe("10.0.2.1:9091,10.0.2.2:9091,10.0.2.3:9091");
    expect(outs.akhqUrl).toBe("http://10.0.3.1:8080");
    expect(Object.fromEntries(Object.entries(outs.instances).map(([role, nodes]) => [role, nodes.map((n) => n.ipAddress)]))).toEqual({
      ZOOKEEPER_BROKER: [],
      ZOOKEEPER: ["10.0.1.1", "10.0.1.2", "10.0.1.3"],
      BROKER: ["10.0.2.1", "10.0.2.2", "10.0.2.3"],
      AKHQ: ["10.0.3.1"],
    });
  });
});

describe("scp.Cluster eventstreams definition", () => {
  it("passes the load-time field-table check, and every mutation names a row of the EventStreams endpoint table", () => {
    expect(() => assertFieldTable(definition)).not.toThrow();
    const table = renderFieldTables(definition).find((t) => t.title.includes('"eventstreams"'))!.table;
    for (const endpoint of table.matchAll(/`((?:GET|POST|PUT|DELETE) \/v1[^`]*)`/g)) {
      expect(Object.keys(eventStreamsEndpoints)).toContain(endpoint[1].replace("{id}", "{cluster_id}").replace(/ \(.*\)$/, ""));
    }
    expect(table).toContain("| `brokerCount` | in place | `POST /v1/clusters/{cluster_id}/add-instances` |");
    expect(table).toContain("| `isCombined` | replace | — |");
  });

  it("the create body passes the endpoint table's strict request schema", () => {
    const inputs = checked({ ...valid, akhqEnabled: true, akhqId: "admin", akhqPassword: "Akhq-pass1!" }).inputs as EventStreamsInputs;
    expect(() => eventStreamsEndpoints["POST /v1/clusters"].request.parse(createBody(inputs, "ver-1"))).not.toThrow();
  });
});

describe("a combined cluster's ZooKeeper quorum", () => {
  it("binds the create (and a replacement into combined), never a growth of an existing combined cluster", () => {
    expect(combinedQuorumError({ isCombined: true, brokerCount: 2 }, {})?.property).toBe("brokerCount");
    expect(combinedQuorumError({ isCombined: true, brokerCount: 4 }, { isCombined: false, brokerCount: 4 })?.property).toBe("brokerCount");
    expect(combinedQuorumError({ isCombined: true, brokerCount: 3 }, {})).toBeUndefined();
    expect(combinedQuorumError({ isCombined: true, brokerCount: 4 }, { isCombined: true, brokerCount: 3 })).toBeUndefined();
    expect(combinedQuorumError({ isCombined: false, brokerCount: 2 }, {})).toBeUndefined();
  });
});
