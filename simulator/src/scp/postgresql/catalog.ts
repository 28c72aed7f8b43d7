/**
 * Master data of the simulated SCP PostgreSQL service. The document gives only placeholder values;
 * these are invented but shaped like the real catalogue: several minor versions of one major (16)
 * so minor patches can be exercised, one end-of-service version (hidden unless eos_included=true),
 * and server types named like SCP's (`db1v2m4` = 2 vCPU, 4 GB).
 */
import { productRows, type EngineVersion, type KitCatalog, type ParameterDef, type ParameterGroup, type ServerType } from "../kit/catalog";

export { SIM_ACCOUNT_ID, SIM_REGION, SIM_USER_ID, compareVersions } from "../kit/catalog";
export type { EngineVersion, ParameterDef, ServerType } from "../kit/catalog";

export const PRODUCT_IMAGE_TYPE = "PostgreSQL Community";
export const PRODUCT_TYPE = "PostgreSQL Community";
export const DBAAS_ENGINE = "POSTGRESQL";
export const OTHER_REGIONS = ["kr-east1", "kr-south1", "kr-south2", "kr-south3"];

const {
  engineVersion: ev,
  serverType: st,
  parameterGroup,
} = productRows({
  versionName: "PostgreSQL Community",
  productImageType: PRODUCT_IMAGE_TYPE,
  productType: PRODUCT_TYPE,
  serverTypePrefix: "db",
});

export const ENGINE_VERSIONS: EngineVersion[] = [
  ev("5a0c3f6e1d2b4c8a9e7f6a5b4c3d2e10", "14.10", true),
  ev("5a0c3f6e1d2b4c8a9e7f6a5b4c3d2e11", "15.8"),
  ev("5a0c3f6e1d2b4c8a9e7f6a5b4c3d2e12", "16.3"),
  ev("5a0c3f6e1d2b4c8a9e7f6a5b4c3d2e13", "16.4"),
  ev("5a0c3f6e1d2b4c8a9e7f6a5b4c3d2e14", "16.6"),
  ev("5a0c3f6e1d2b4c8a9e7f6a5b4c3d2e15", "17.2"),
];

export const ENGINE_VERSION_PROPERTIES: Array<{ name: string; value: string }> = [
  { name: "database_encoding", value: "UTF-8" },
  { name: "database_locale", value: "C" },
  { name: "database_port", value: "2866" },
  { name: "ha_supported", value: "true" },
];

export const SERVER_TYPES: ServerType[] = [st(2, 4), st(2, 8), st(4, 8), st(4, 16), st(8, 16), st(8, 32), st(16, 64)];

export const PARAMETER_GROUPS: ParameterGroup[] = ["14", "15", "16", "17"].map((major) =>
  parameterGroup(`7b1d0e9c2a3f4b5c8d6e7f80a1b2c3${major}`, major, `postgresql${major}-default`),
);

export const PARAMETER_DEFS: ParameterDef[] = [
  {
    name: "max_connections",
    data_type: "integer",
    default_value: "100",
    allows_value: "25-5000",
    apply_type: "STATIC",
    is_modifiable: true,
    description: "Maximum number of concurrent connections.",
  },
  {
    name: "work_mem",
    data_type: "integer",
    default_value: "4096",
    allows_value: "64-2097151",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "Memory (kB) used by internal sort operations and hash tables.",
  },
  {
    name: "log_min_duration_statement",
    data_type: "integer",
    default_value: "-1",
    allows_value: "-1-2147483647",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "Log statements running at least this many milliseconds (-1 disables).",
  },
  {
    name: "log_statement",
    data_type: "enum",
    default_value: "none",
    allows_value: "none,ddl,mod,all",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "Type of statements logged.",
  },
  {
    name: "autovacuum",
    data_type: "boolean",
    default_value: "on",
    allows_value: "on,off",
    apply_type: "DYNAMIC",
    is_modifiable: true,
    description: "Starts the autovacuum subprocess.",
  },
  {
    name: "shared_buffers",
    data_type: "integer",
    default_value: "16384",
    allows_value: "16-1073741823",
    apply_type: "STATIC",
    is_modifiable: false,
    description: "Shared memory buffers (8kB pages); managed by the service.",
  },
];

export function parameterId(major: string, def: ParameterDef): string {
  return `pg${major}-${def.name.replace(/_/g, "-")}`;
}

export const LOG_TYPES = ["alert", "audit", "slow"] as const;
export type LogType = (typeof LOG_TYPES)[number];
export const LOG_LABELS: Record<LogType, string> = { alert: "DB Alert Log", audit: "DB Audit Log", slow: "DB Slow Log" };

/** The PostgreSQL master data as the kit reads it. */
export const POSTGRESQL_CATALOG: KitCatalog = {
  service: "scp-postgresql",
  dbaasEngine: DBAAS_ENGINE,
  productImageType: PRODUCT_IMAGE_TYPE,
  productType: PRODUCT_TYPE,
  softwareType: "PostgreSQL",
  engineVersions: ENGINE_VERSIONS,
  engineVersionProperties: ENGINE_VERSION_PROPERTIES,
  serverTypes: SERVER_TYPES,
  parameterGroups: PARAMETER_GROUPS,
  parameterDefs: PARAMETER_DEFS,
  parameterId,
  osDiskGb: 104,
};
