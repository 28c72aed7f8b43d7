/**
 * Static catalogue of the simulated Selectel DBaaS: regions, datastore types, flavors,
 * configuration parameters and available extensions. Ids are stable UUIDs derived from names so
 * tests and demos can hard-code them; every region serves the same catalogue.
 */
import { createHash } from "node:crypto";

/** Regions of the identity catalogue (reference §1.1: GO README's list). */
export const SELECTEL_REGIONS = ["ru-1", "ru-2", "ru-3", "ru-7", "ru-8", "ru-9", "uz-1", "kz-1"] as const;

/** Keystone service type of DBaaS in the catalog (reference §1.1, TF `service_types.go`). */
export const DBAAS_SERVICE_TYPE = "managed-database";

/** A UUID derived from a name (version-5 layout over SHA-1). */
export function stableUuid(name: string): string {
  const h = createHash("sha1").update(`selectel-sim:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export type Engine = "postgresql" | "mysql" | "mysql_native" | "redis" | "kafka";

export interface DatastoreType {
  id: string;
  engine: Engine;
  version: string;
}

const dsType = (engine: Engine, version: string): DatastoreType => ({ id: stableUuid(`type:${engine}:${version}`), engine, version });

export const DATASTORE_TYPES: readonly DatastoreType[] = [
  dsType("postgresql", "14"),
  dsType("postgresql", "15"),
  dsType("postgresql", "16"),
  dsType("mysql", "8"),
  dsType("mysql_native", "8"),
  dsType("redis", "7"),
  dsType("kafka", "3.5"),
];

export const typesOf = (...engines: Engine[]): string[] => DATASTORE_TYPES.filter((t) => engines.includes(t.engine)).map((t) => t.id);

/** Node-count bounds per engine (reference §3.1–3.2, from the product docs). */
export const NODE_COUNT: Record<Engine, readonly number[]> = {
  postgresql: [1, 2, 3, 4, 5, 6],
  mysql: [1, 2, 3],
  mysql_native: [1, 3],
  redis: [1, 2, 3],
  kafka: [1],
};

export interface Flavor {
  id: string;
  name: string;
  description: string;
  vcpus: number;
  /** MB */
  ram: number;
  /** GB */
  disk: number;
  fl_size: string;
  subtype: string;
  datastore_type_ids: string[];
  host?: { line: string; processor: string; available_count: number };
}

const flavor = (prefix: string, vcpus: number, ram: number, disk: number, types: string[], host = false): Flavor => ({
  id: stableUuid(`flavor:${prefix}:${vcpus}-${ram}-${disk}`),
  name: `${prefix}-${vcpus}-${ram}-${disk}`,
  description: `${vcpus} vCPU, ${ram / 1024} GB RAM, ${disk} GB local disk`,
  vcpus,
  ram,
  disk,
  fl_size: "standard",
  subtype: "STANDARD",
  datastore_type_ids: types,
  ...(host ? { host: { line: "Large", processor: "Intel Gold 6240", available_count: 10 } } : {}),
});

const SQL = typesOf("postgresql", "mysql", "mysql_native");
export const FLAVORS: readonly Flavor[] = [
  flavor("SQL", 2, 4096, 32, SQL),
  flavor("SQL", 2, 8192, 64, SQL),
  flavor("SQL", 4, 16384, 128, SQL, true),
  flavor("SQL", 8, 32768, 256, SQL, true),
  flavor("REDIS", 2, 4096, 16, typesOf("redis")),
  flavor("REDIS", 4, 8192, 32, typesOf("redis")),
  flavor("KAFKA", 2, 4096, 64, typesOf("kafka")),
  flavor("KAFKA", 4, 8192, 128, typesOf("kafka"), true),
];

export type ParamType = "int" | "float" | "str" | "bool";

export interface ConfigParameterDef {
  name: string;
  type: ParamType;
  unit: string | null;
  min: number | null;
  max: number | null;
  default_value: unknown;
  choices: unknown[] | null;
  invalid_values: unknown[] | null;
  is_restart_required: boolean;
  is_changeable: boolean;
  can_be_empty: boolean;
  is_multiple_choice_available: boolean;
}

export interface ConfigParameter extends ConfigParameterDef {
  id: string;
  datastore_type_id: string;
  factor: number;
}

const p = (name: string, type: ParamType, o: Partial<ConfigParameterDef> = {}): ConfigParameterDef => ({
  name,
  type,
  unit: null,
  min: null,
  max: null,
  default_value: null,
  choices: null,
  invalid_values: null,
  is_restart_required: false,
  is_changeable: true,
  can_be_empty: false,
  is_multiple_choice_available: false,
  ...o,
});

const PARAMS_BY_ENGINE: Record<Engine, ConfigParameterDef[]> = {
  postgresql: [
    p("work_mem", "int", { unit: "kB", min: 64, max: 2147483647, default_value: 4096 }),
    p("max_connections", "int", { min: 25, max: 5000, default_value: 100, is_restart_required: true }),
    p("statement_timeout", "int", { unit: "ms", min: 0, max: 2147483647, default_value: 0 }),
    p("vacuum_cost_delay", "float", { unit: "ms", min: 0, max: 100, default_value: 0 }),
    p("random_page_cost", "float", { min: 0, max: 1000, default_value: 4 }),
    p("transform_null_equals", "bool", { default_value: false }),
    p("xmloption", "str", { choices: ["content", "document"], default_value: "content" }),
    p("session_replication_role", "str", { choices: ["origin", "replica", "local"], default_value: "origin" }),
    p("search_path", "str", { default_value: '"$user", public', can_be_empty: true }),
    p("shared_buffers", "int", {
      unit: "8kB",
      min: 16,
      max: 1073741823,
      default_value: 16384,
      is_changeable: false,
      is_restart_required: true,
    }),
  ],
  mysql: [],
  mysql_native: [],
  redis: [
    p("maxmemory-policy", "str", {
      choices: [
        "noeviction",
        "allkeys-lru",
        "volatile-lru",
        "allkeys-random",
        "volatile-random",
        "volatile-ttl",
        "allkeys-lfu",
        "volatile-lfu",
      ],
      default_value: "noeviction",
    }),
    p("timeout", "int", { unit: "s", min: 0, max: 2147483647, default_value: 0 }),
  ],
  kafka: [
    p("log.retention.hours", "int", { min: 1, max: 8760, default_value: 168 }),
    p("auto.create.topics.enable", "bool", { default_value: false }),
  ],
};
const MYSQL_PARAMS: ConfigParameterDef[] = [
  p("concurrent_insert", "str", { choices: ["0", "1", "2"], default_value: "1" }),
  p("thread_pool_size", "int", { min: 1, max: 64, default_value: null }),
  p("max_connections", "int", { min: 10, max: 10000, default_value: 151, invalid_values: [13] }),
  p("long_query_time", "float", { unit: "s", min: 0, max: 3600, default_value: 10 }),
  p("innodb_print_all_deadlocks", "bool", { default_value: false }),
  p("sql_mode", "str", {
    choices: [
      "ANSI_QUOTES",
      "ERROR_FOR_DIVISION_BY_ZERO",
      "NO_ENGINE_SUBSTITUTION",
      "NO_ZERO_DATE",
      "ONLY_FULL_GROUP_BY",
      "STRICT_TRANS_TABLES",
    ],
    default_value: "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
    is_multiple_choice_available: true,
    can_be_empty: true,
  }),
];
PARAMS_BY_ENGINE.mysql = MYSQL_PARAMS;
PARAMS_BY_ENGINE.mysql_native = MYSQL_PARAMS;

export const CONFIG_PARAMETERS: readonly ConfigParameter[] = DATASTORE_TYPES.flatMap((t) =>
  PARAMS_BY_ENGINE[t.engine].map((d) => ({ ...d, id: stableUuid(`param:${t.id}:${d.name}`), datastore_type_id: t.id, factor: 1 })),
);

export function configParameter(typeId: string, name: string): ConfigParameter | undefined {
  return CONFIG_PARAMETERS.find((c) => c.datastore_type_id === typeId && c.name === name);
}

export interface AvailableExtension {
  id: string;
  name: string;
  datastore_type_ids: string[];
  dependency_ids: string[];
}

const ext = (name: string, deps: string[] = []): AvailableExtension => ({
  id: stableUuid(`ext:${name}`),
  name,
  datastore_type_ids: typesOf("postgresql"),
  dependency_ids: deps.map((d) => stableUuid(`ext:${d}`)),
});

export const AVAILABLE_EXTENSIONS: readonly AvailableExtension[] = [
  ext("pgcrypto"),
  ext("hstore"),
  ext("uuid-ossp"),
  ext("pg_stat_statements"),
  ext("xml2"),
  ext("prefix"),
  ext("postgis"),
  ext("postgis_topology", ["postgis"]),
];
