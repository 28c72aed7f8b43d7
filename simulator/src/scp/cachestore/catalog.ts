/**
 * Master data of the simulated SCP CacheStore service. The document (seed 002) gives only
 * placeholder values; these are invented but shaped like the real catalogue: Redis OSS Sentinel
 * images (product image type from the document's enum), several minors of one major so patches
 * and restores have something to show, one end-of-service version, server types named like SCP's,
 * a handful of Redis parameters and the commands Redis operators usually rename.
 */
import { productRows, type EngineVersion, type KitCatalog, type ParameterDef, type ParameterGroup, type ServerType } from "../kit/catalog";

export const PRODUCT_IMAGE_TYPE = "Redis OSS Sentinel";
/** `ProductType` enum of the document. */
export const PRODUCT_TYPE = "Redis";
export const DBAAS_ENGINE = "REDIS";
/** Ports of the document's create example. */
export const DEFAULT_DATABASE_PORT = 6378;
export const DEFAULT_SENTINEL_PORT = 26378;

const {
  engineVersion: ev,
  serverType: st,
  parameterGroup,
} = productRows({
  versionName: "Redis OSS",
  productImageType: PRODUCT_IMAGE_TYPE,
  productType: PRODUCT_TYPE,
  serverTypePrefix: "redis",
});

export const ENGINE_VERSIONS: EngineVersion[] = [
  ev("6b1d4a7f2e3c4d9b8f7a6c5d4e3f2a10", "6.2.14", true),
  ev("6b1d4a7f2e3c4d9b8f7a6c5d4e3f2a11", "7.0.15"),
  ev("6b1d4a7f2e3c4d9b8f7a6c5d4e3f2a12", "7.2.4"),
  ev("6b1d4a7f2e3c4d9b8f7a6c5d4e3f2a13", "7.2.5"),
];

export const SERVER_TYPES: ServerType[] = [st(2, 4), st(2, 8), st(4, 16), st(8, 32), st(16, 64)];

const PARAMETER_GROUPS: ParameterGroup[] = ["6", "7"].map((major) =>
  parameterGroup(`8c2e1f0a3b4c5d6e7f8091a2b3c4d5${major.padStart(2, "0")}`, major, `redis${major}-default`),
);

const PARAMETER_DEFS: ParameterDef[] = [
  {
    name: "maxmemory-policy",
    data_type: "enum",
    default_value: "noeviction",
    allows_value: "noeviction,allkeys-lru,allkeys-lfu,volatile-lru,volatile-lfu,allkeys-random,volatile-random,volatile-ttl",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "How Redis evicts keys when maxmemory is reached.",
  },
  {
    name: "timeout",
    data_type: "integer",
    default_value: "0",
    allows_value: "0-2147483647",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "Close a client connection after this many idle seconds (0 disables).",
  },
  {
    name: "appendonly",
    data_type: "boolean",
    default_value: "no",
    allows_value: "yes,no",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "Enables the append-only file.",
  },
  {
    name: "notify-keyspace-events",
    data_type: "string",
    default_value: "",
    allows_value: "",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "Keyspace events to notify Pub/Sub clients of.",
  },
  {
    name: "databases",
    data_type: "integer",
    default_value: "16",
    allows_value: "1-16",
    apply_type: "STATIC",
    is_modifiable: false,
    description: "Number of databases; managed by the service.",
  },
];

function parameterId(major: string, def: ParameterDef): string {
  return `redis${major}-${def.name}`;
}

/** Commands a cluster can rename (`GET /v1/clusters/{id}/commands`); `modifiable: false` ones are listed but fixed. */
export interface CommandDef {
  id: string;
  name: string;
  description: string;
  modifiable: boolean;
}

const cmd = (name: string, description: string, modifiable = true): CommandDef => ({
  id: `cmd-${name.toLowerCase()}`,
  name,
  description,
  modifiable,
});

export const COMMAND_DEFS: CommandDef[] = [
  cmd("FLUSHALL", "Remove all keys from all databases."),
  cmd("FLUSHDB", "Remove all keys from the current database."),
  cmd("KEYS", "Find all keys matching a pattern."),
  cmd("CONFIG", "Get or set configuration parameters."),
  cmd("DEBUG", "Debugging commands."),
  cmd("MONITOR", "Stream every command the server processes."),
  cmd("SHUTDOWN", "Stop the server; managed by the service.", false),
];

export const CACHESTORE_CATALOG: KitCatalog = {
  service: "scp-cachestore",
  dbaasEngine: DBAAS_ENGINE,
  productImageType: PRODUCT_IMAGE_TYPE,
  productType: PRODUCT_TYPE,
  softwareType: "Redis",
  engineVersions: ENGINE_VERSIONS,
  engineVersionProperties: [
    { name: "database_port", value: String(DEFAULT_DATABASE_PORT) },
    { name: "sentinel_port", value: String(DEFAULT_SENTINEL_PORT) },
    { name: "ha_supported", value: "true" },
    { name: "max_replica_count", value: "2" },
  ],
  serverTypes: SERVER_TYPES,
  parameterGroups: PARAMETER_GROUPS,
  parameterDefs: PARAMETER_DEFS,
  parameterId,
  osDiskGb: 104,
};
