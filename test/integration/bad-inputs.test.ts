// The bad-input sweep (issue 15): a table of bad inputs across the SCP engines, Selectel and the
// provider settings, each replayed the way `pulumi up` drives a provider (check; when it accepts,
// diff, then create, update, or a delete-first replacement) against the simulator. Every one must
// be refused by `check` (so `pulumi preview` shows it), naming the property or setting, before the
// first mutating request: zero POST/PUT/PATCH/DELETE in the request log, token requests excepted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetCatalogs } from "../../src/core/catalog-cache";
import * as runtime from "../../src/runtime";
import { checked, type Props } from "../support/lifecycle";
import { pointRuntimeAtSim } from "../support/scp";
import { pointRuntimeAtSelectel } from "../support/selectel";
import { startSim, type Sim } from "../support/sim";

let sim: Sim;

const PG = {
  engine: "postgresql",
  name: "sweep",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "sweep",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "app",
  databaseUserName: "app",
  databasePassword: "Sweep-passw0rd",
};
const CACHE = {
  engine: "cachestore",
  name: "sweepcache",
  engineVersion: "7.2.4",
  subnetId: "subnet-a",
  serverType: "redis1v2m4",
  instanceNamePrefix: "sweepcache",
  blockStorages: [{ roleType: "DATA", sizeGb: 64 }],
  allowedIps: ["10.0.0.0/24"],
  databasePassword: "Sweep-passw0rd",
};
const KAFKA = {
  engine: "eventstreams",
  name: "sweepevents",
  engineVersion: "3.7.1",
  subnetId: "subnet-a",
  serverType: "kafka1v2m4",
  instanceNamePrefix: "sweepevents",
  brokerCount: 3,
  blockStorages: [{ sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  brokerSaslId: "kafka",
  brokerSaslPassword: "Sw-br0ker!",
  zookeeperSaslId: "zoo",
  zookeeperSaslPassword: "Sw-z00keeper!",
};
const REPLICA = {
  sourceClusterId: "0123456789abcdef0123456789abcdef",
  name: "sweepro",
  serverType: "db1v2m4",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
};
const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";
const SEL = { engine: "postgresql", version: "16", name: "sweep-sel", subnetId: SUBNET, flavor: { vcpus: 2, ram: 4096, disk: 32 } };
const AVISI = { environmentSlug: "production", clusterSlug: "prod-k8s", version: "v1.35.6-u-ame.4", when: "now" };

const HUGE = "s".repeat(100_000);

/** Resources that already exist, for changes (created once, never changed by the sweep). */
const existing: Record<string, { id: string; outs: Props; inputs: Props }> = {};

type Row = {
  kind: string;
  /** The program's inputs (a function when they name a resource made in beforeAll). */
  declared: Props | (() => Props);
  /** What the failure must name: the property (or setting) and a fragment of the reason. */
  names: string;
  reason: RegExp;
  /** A change of this existing resource (its recorded inputs are the olds). */
  of?: "pg" | "cache" | "sel";
  env?: Record<string, string>;
};

const cases: [string, Row][] = [
  // Catalogue facts (item 2): what `up` refused only in its preflight or after the POST.
  [
    "SCP server type not in the catalogue (create)",
    { kind: "scp:Cluster", declared: { ...PG, serverType: "db9v9m9" }, names: "serverType", reason: /db9v9m9 is not an SCP server type/ },
  ],
  [
    "SCP server type not in the catalogue (update)",
    { kind: "scp:Cluster", of: "pg", declared: { serverType: "db9v9m9" }, names: "serverType", reason: /not an SCP server type/ },
  ],
  [
    "PostgreSQL version not offered",
    { kind: "scp:Cluster", declared: { ...PG, engineVersion: "16.5" }, names: "engineVersion", reason: /16\.5 is not offered/ },
  ],
  [
    "PostgreSQL minor version not offered (update)",
    { kind: "scp:Cluster", of: "pg", declared: { engineVersion: "16.9" }, names: "engineVersion", reason: /16\.9 is not offered/ },
  ],
  [
    "PostgreSQL unknown parameter",
    {
      kind: "scp:Cluster",
      declared: { ...PG, parameters: { max_connection: "200" } },
      names: "parameters.max_connection",
      reason: /is not a parameter/,
    },
  ],
  [
    "PostgreSQL parameter of the wrong kind (update)",
    {
      kind: "scp:Cluster",
      of: "pg",
      declared: { parameters: { max_connections: "lots" } },
      names: "parameters.max_connections",
      reason: /not a whole number/,
    },
  ],
  [
    "CacheStore command that Redis does not have",
    { kind: "scp:Cluster", declared: { ...CACHE, commands: { NOPE: "nopex" } }, names: "commands.NOPE", reason: /not a Redis command/ },
  ],
  [
    "CacheStore version not offered",
    { kind: "scp:Cluster", declared: { ...CACHE, engineVersion: "7.9.9" }, names: "engineVersion", reason: /7\.9\.9 is not offered/ },
  ],
  [
    "EventStreams server type not in the catalogue",
    { kind: "scp:Cluster", declared: { ...KAFKA, serverType: "kafka9v9m9" }, names: "serverType", reason: /not an SCP server type/ },
  ],
  [
    "EventStreams version not offered",
    { kind: "scp:Cluster", declared: { ...KAFKA, engineVersion: "3.8.0" }, names: "engineVersion", reason: /3\.8\.0 is not offered/ },
  ],
  [
    "Replica server type not in the catalogue",
    { kind: "scp:Replica", declared: { ...REPLICA, serverType: "db9v9m9" }, names: "serverType", reason: /not an SCP server type/ },
  ],
  [
    "Selectel version not offered",
    { kind: "selectel:Cluster", declared: { ...SEL, version: "99" }, names: "version", reason: /99 is not offered/ },
  ],
  [
    "Selectel flavor that does not exist",
    {
      kind: "selectel:Cluster",
      declared: { ...SEL, flavor: undefined, flavorId: "00000000-0000-4000-8000-000000000000" },
      names: "flavorId",
      reason: /does not exist/,
    },
  ],
  [
    "Selectel unknown config parameter",
    {
      kind: "selectel:Cluster",
      declared: { ...SEL, config: { nope_param: "1" } },
      names: "config.nope_param",
      reason: /not a configuration parameter/,
    },
  ],
  [
    "Selectel extension the cluster's type does not offer",
    {
      kind: "selectel:Extension",
      declared: () => ({ clusterId: existing.sel.id, databaseId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", name: "no_such_ext" }),
      names: "name",
      reason: /extension no_such_ext is not available for this cluster; available: /,
    },
  ],
  [
    "Selectel unknown config parameter (update)",
    {
      kind: "selectel:Cluster",
      of: "sel",
      declared: { config: { nope_param: "1" } },
      names: "config.nope_param",
      reason: /not a configuration parameter/,
    },
  ],

  // Tuning variables and endpoint settings (item 3).
  ...(
    [
      ["DBAAS_WAIT_TIMEOUT_S", "abc"],
      ["DBAAS_WAIT_TIMEOUT_S", "-5"],
      ["DBAAS_WAIT_TIMEOUT_S", "0"],
      ["DBAAS_WAIT_MIN_INTERVAL_MS", "-1"],
      ["DBAAS_WAIT_MAX_INTERVAL_MS", "abc"],
      ["DBAAS_WAIT_PROGRESS_MS", "1e999"],
      ["DBAAS_WAIT_LEARN", "yes"],
      ["DBAAS_COALESCE", "maybe"],
      ["DBAAS_LIST_BUDGET_PER_S", "0"],
      ["DBAAS_HTTP_RETRIES", "2.5"],
      ["DBAAS_CATALOG_TTL_S", "forever"],
    ] as const
  ).flatMap(([name, value]): [string, Row][] => [
    [
      `${name}=${value} (SCP)`,
      { kind: "scp:Cluster", declared: PG, names: name, reason: new RegExp(`${name}=.* is not usable: expected`), env: { [name]: value } },
    ],
    [
      `${name}=${value} (Selectel)`,
      { kind: "selectel:Cluster", declared: SEL, names: name, reason: /is not usable: expected/, env: { [name]: value } },
    ],
  ]),
  [
    "SCP_ENDPOINT not an http(s) URL",
    {
      kind: "scp:Cluster",
      declared: PG,
      names: "scp:endpoint",
      reason: /is not an http\(s\) base URL/,
      env: { SCP_ENDPOINT: "ftp://example.com/{service}" },
    },
  ],
  [
    "SCP_REGION not a region name",
    {
      kind: "scp:BackupPolicy",
      declared: { clusterId: "0123456789abcdef0123456789abcdef", retentionDays: 7, startHour: 1 },
      names: "scp:region",
      reason: /is not a region name/,
      env: { SCP_REGION: "x/../y" },
    },
  ],
  [
    "SELECTEL_DBAAS_ENDPOINT with a query",
    {
      kind: "selectel:Cluster",
      declared: SEL,
      names: "selectel:endpoint",
      reason: /is not an http\(s\) base URL without user info, query or fragment/,
      env: { SELECTEL_DBAAS_ENDPOINT: "http://127.0.0.1:1/x?y=1" },
    },
  ],
  [
    "SCP_ENDPOINT pasted with a trailing space",
    {
      kind: "scp:Cluster",
      declared: PG,
      names: "scp:endpoint",
      reason: /has white space around it: set it without/,
      env: { SCP_ENDPOINT: "http://127.0.0.1:1/scp/{service} " },
    },
  ],
  [
    "SELECTEL_AUTH_URL pasted with a newline",
    {
      kind: "selectel:Cluster",
      declared: SEL,
      names: "selectel:authUrl",
      reason: /has white space around it: set it without/,
      env: { SELECTEL_AUTH_URL: "http://127.0.0.1:1/identity/v3\n" },
    },
  ],
  [
    "ACLOUD_API_ENDPOINT pasted with a leading space",
    {
      kind: "acloud:ClusterUpgrade",
      declared: AVISI,
      names: "acloud:endpoint",
      reason: /has white space around it: set it without/,
      env: { ACLOUD_API_ENDPOINT: " http://127.0.0.1:1/acloud" },
    },
  ],
  [
    "ACLOUD_API_ENDPOINT not a URL",
    {
      kind: "acloud:ClusterUpgrade",
      declared: AVISI,
      names: "acloud:endpoint",
      reason: /is not an http\(s\) base URL/,
      env: { ACLOUD_API_ENDPOINT: "not a url" },
    },
  ],

  // Lengths and character sets (item 4), in every kind that has the input.
  ...(
    [
      ["PostgreSQL", PG],
      ["CacheStore", CACHE],
      ["EventStreams", KAFKA],
    ] as const
  ).flatMap(([engine, base]): [string, Row][] => [
    [
      `${engine} subnetId of 100,000 characters`,
      {
        kind: "scp:Cluster",
        declared: { ...base, subnetId: HUGE },
        names: "subnetId",
        reason: /"s{40}"… \(100000 characters\) is not a subnet id/,
      },
    ],
    [
      `${engine} subnetId with a NUL`,
      { kind: "scp:Cluster", declared: { ...base, subnetId: "subnet-a\u0000x" }, names: "subnetId", reason: /is not a subnet id/ },
    ],
    [
      `${engine} tag value of 100,000 characters`,
      {
        kind: "scp:Cluster",
        declared: { ...base, tags: { team: HUGE } },
        names: "tags.team",
        reason: /tag value .*\(100000 characters\) is not allowed: up to 256/,
      },
    ],
    [
      `${engine} tag key with a newline`,
      {
        kind: "scp:Cluster",
        declared: { ...base, tags: { "te\nam": "x" } },
        names: "tags.te\nam",
        reason: /tag key "te\\nam" is not allowed/,
      },
    ],
    [
      `${engine} timezone Mars/Olympus`,
      {
        kind: "scp:Cluster",
        declared: { ...base, timezone: "Mars/Olympus" },
        names: "timezone",
        reason: /"Mars\/Olympus" is not an IANA time zone/,
      },
    ],
    [
      `${engine} allowedIps with host bits set`,
      {
        kind: "scp:Cluster",
        declared: { ...base, allowedIps: ["10.0.0.1/24"] },
        names: "allowedIps.0",
        reason: /"10\.0\.0\.1\/24" has host bits set: .* use 10\.0\.0\.0\/24/,
      },
    ],
  ]),
  [
    "Replica allowedIps with host bits set",
    { kind: "scp:Replica", declared: { ...REPLICA, allowedIps: ["10.0.0.1/24"] }, names: "allowedIps.0", reason: /use 10\.0\.0\.0\/24/ },
  ],
  [
    "Replica tag key with a newline",
    { kind: "scp:Replica", declared: { ...REPLICA, tags: { "a\nb": "x" } }, names: "tags.a\nb", reason: /tag key/ },
  ],
  [
    "Selectel subnetId ../x",
    { kind: "selectel:Cluster", declared: { ...SEL, subnetId: "../x" }, names: "subnetId", reason: /"\.\.\/x" is not a subnet id: a UUID/ },
  ],
  [
    "Selectel firewall with host bits set",
    { kind: "selectel:Cluster", declared: { ...SEL, firewall: ["10.0.0.1/24"] }, names: "firewall.0", reason: /use 10\.0\.0\.0\/24/ },
  ],

  // What a hurried user types (attack pass): each was accepted by check, then refused by the API at
  // `up` (or, for the zero, refused without showing the value).
  [
    "PostgreSQL with two ARCHIVE block storages",
    {
      kind: "scp:Cluster",
      declared: {
        ...PG,
        blockStorages: [
          { roleType: "DATA", sizeGb: 104 },
          { roleType: "ARCHIVE", sizeGb: 104 },
          { roleType: "ARCHIVE", sizeGb: 104 },
        ],
      },
      names: "blockStorages.2.roleType",
      reason: /a second ARCHIVE block storage \(entries 1 and 2\): a cluster has at most one ARCHIVE, TEMP and BACKUP disk/,
    },
  ],
  [
    "EventStreams with 11 brokers",
    { kind: "scp:Cluster", declared: { ...KAFKA, brokerCount: 11 }, names: "brokerCount", reason: /must be at most 10 \(got 11\)/ },
  ],
  [
    "EventStreams created combined with 2 brokers",
    {
      kind: "scp:Cluster",
      declared: { ...KAFKA, isCombined: true, brokerCount: 2 },
      names: "brokerCount",
      reason: /must be 1 or 3 when a cluster is created with isCombined .*got 2; brokers can be added once it exists/,
    },
  ],
  [
    "Selectel extension with an empty name",
    {
      kind: "selectel:Extension",
      declared: () => ({ clusterId: existing.sel.id, databaseId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", name: "" }),
      names: "name",
      reason: /must be an extension name such as pgcrypto .* \(got ""\)/,
    },
  ],
  [
    "Avisi cluster slug typed in another case (no such cluster)",
    {
      kind: "acloud:ClusterUpgrade",
      declared: { ...AVISI, clusterSlug: "Prod-K8s" },
      names: "clusterSlug",
      reason: /no cluster environmentSlug\/clusterSlug production\/Prod-K8s in organisation sim-org/,
    },
  ],
  [
    "Avisi version that is no cluster version",
    {
      kind: "acloud:ClusterUpgrade",
      declared: { ...AVISI, version: "v9.9.9-u-ame.1" },
      names: "version",
      reason: /v9\.9\.9-u-ame\.1 is not an available cluster version \(the closest is v1\.35\.6-u-ame\.4\)/,
    },
  ],
  [
    "SCP block storage of 0 GB (the value is shown)",
    {
      kind: "scp:Cluster",
      declared: { ...PG, blockStorages: [{ roleType: "DATA", sizeGb: 0 }] },
      names: "blockStorages.0.sizeGb",
      reason: /\(got 0\)/,
    },
  ],
  [
    "Kafka topic of 0 partitions (the value is shown)",
    {
      kind: "selectel:Topic",
      declared: { clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", name: "orders", partitions: 0 },
      names: "partitions",
      reason: /must be between 1 and 4000 \(got 0\)/,
    },
  ],

  // Downgrades (item 5): refused with the way out, never planned as a delete-first replacement.
  [
    "PostgreSQL 16.4 → 15.8",
    {
      kind: "scp:Cluster",
      of: "pg",
      declared: { engineVersion: "15.8" },
      names: "engineVersion",
      reason: /16\.4 → 15\.8 is a major-version downgrade.*declare a new scp\.Cluster/,
    },
  ],
  [
    "CacheStore 7.2.4 → 7.0.15",
    {
      kind: "scp:Cluster",
      of: "cache",
      declared: { engineVersion: "7.0.15" },
      names: "engineVersion",
      reason: /7\.2\.4 → 7\.0\.15 is a downgrade.*restore a backup/,
    },
  ],
  [
    "PostgreSQL tags change (only a delete-first replacement could apply it)",
    {
      kind: "scp:Cluster",
      of: "pg",
      declared: { tags: { team: "b" } },
      names: "tags",
      reason: /cannot change after creation: this API has no tag endpoint/,
    },
  ],
  [
    "CacheStore tags change (only a delete-first replacement could apply it)",
    { kind: "scp:Cluster", of: "cache", declared: { tags: { team: "b" } }, names: "tags", reason: /cannot change after creation/ },
  ],
  [
    "Selectel 16 → 15",
    {
      kind: "selectel:Cluster",
      of: "sel",
      declared: { version: "15" },
      names: "version",
      reason: /16 → 15 is a major-version downgrade.*selectel\.Cluster/,
    },
  ],
];

beforeAll(async () => {
  sim = await startSim({ stepMs: 40 });
  pointRuntimeAtSim(sim, "bad-inputs");
  pointRuntimeAtSelectel(sim, "bad-inputs-selectel");
  process.env.ACLOUD_PERSONAL_ACCESS_TOKEN = "acpat_sim-token";
  process.env.ACLOUD_ORGANISATION = "sim-org";
  process.env.ACLOUD_API_ENDPOINT = sim.acloudEndpoint;
  for (const [key, kind, declared] of [
    ["pg", "scp:Cluster", PG],
    ["cache", "scp:Cluster", CACHE],
    ["sel", "selectel:Cluster", SEL],
  ] as const) {
    const inputs = await checked(kind, declared);
    const r = await runtime.create(kind, inputs);
    existing[key] = { id: r.id, outs: r.outs, inputs };
  }
}, 300_000);
afterAll(async () => {
  await sim?.close();
});

/**
 * One resource step as `pulumi up` runs it: check (stop on failures, as the engine does), then
 * create, or diff and update; a delete-first replacement is recorded as the DELETE it would send
 * first (the sweep's resources are shared, so it is not sent). Answers check's failures and the
 * mutating requests made (token requests excepted).
 */
async function replay(row: Row) {
  const base = row.of ? existing[row.of] : undefined;
  const declared = typeof row.declared === "function" ? row.declared() : row.declared;
  const news = base ? { ...base.inputs, ...declared } : declared;
  const saved = Object.fromEntries(Object.keys(row.env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, row.env ?? {});
  forgetCatalogs();
  await sim.clearRequests();
  const planned: string[] = [];
  let failures: { property: string; reason: string }[];
  try {
    const r = await runtime.check(row.kind, base?.inputs ?? {}, news);
    failures = r.failures;
    if (failures.length === 0) {
      if (!base) {
        await runtime.create(row.kind, r.inputs).catch(() => undefined);
      } else {
        const d = await runtime.diff(row.kind, base.id, base.outs, r.inputs);
        if (d.replaces.length > 0)
          planned.push(`${d.deleteBeforeReplace ? "DELETE (first)" : "POST (replacement)"} for ${d.replaces.join(", ")}`);
        else if (d.changes) await runtime.update(row.kind, base.id, base.outs, r.inputs).catch(() => undefined);
      }
    }
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const mutating = (await sim.mutations()).filter((c) => !c.includes("/auth/tokens"));
  return { failures, mutating: [...mutating, ...planned] };
}

describe("bad-input sweep: every row refused by check before the first mutating request", () => {
  it.each(cases)("%s", async (_label, row) => {
    const { failures, mutating } = await replay(row);
    expect(mutating).toEqual([]);
    // Named: as the failure's property, or (settings, which belong to no property) in its words.
    const named = failures.filter((f) => f.property === row.names || f.reason.includes(row.names));
    expect(named.map((f) => f.reason).join("\n"), JSON.stringify(failures)).toMatch(row.reason);
    // No stack trace in any refusal.
    for (const f of failures) expect(f.reason).not.toMatch(/\n\s+at /);
  });

  it("the sweep covers every item's examples", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
});
