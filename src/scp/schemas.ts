// zod schemas of the SCP DBaaS bodies we read (seed 001, reference/scp.md §3): the only place a
// response shape is written. Lenient where the real API is loose: numbers may come as strings,
// optional fields may be null, unknown fields pass through.

import { z } from "zod";

export const num = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : Number(v);
  if (v === "" || !Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: `expected a number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
export const str = z
  .string()
  .nullish()
  .transform((v) => v ?? "");

export const AsyncResponse = z.object({
  request_id: z.string(),
  resource: z.object({ id: z.string() }),
});

export const RequestState = z.object({ request_id: z.string(), state: z.string() });

export const BlockStorageGroup = z.object({
  id: z.string(),
  name: str,
  role_type: z.string(),
  size_gb: num,
  volume_type: str,
});

export const Instance = z.object({
  name: str,
  role_type: str,
  service_state: str,
  service_ip_address: str,
  public_ip_address: str,
  public_ip_id: str,
});

export const InstanceGroup = z.object({
  id: z.string(),
  role_type: z.string(),
  server_type_name: z.string(),
  block_storage_groups: z.array(BlockStorageGroup),
  instances: z.array(Instance),
});

export const BackupOption = z.object({
  archive_frequency_minute: z.union([z.string(), z.number()]).nullish(),
  retention_period_day: z.union([z.string(), z.number()]).nullish(),
  starting_time_hour: z.union([z.string(), z.number()]).nullish(),
});

export const MaintenanceOption = z.object({
  period_hour: z.union([z.string(), z.number()]).nullish(),
  starting_day_of_week: z.string().nullish(),
  starting_time: z.string().nullish(),
  use_maintenance_option: z.boolean().nullish(),
});

/** Show Cluster fields every SCP engine answers with; each engine's schema extends it. */
export const ClusterBase = z.object({
  id: z.string(),
  /** The account the cluster belongs to: part of its SRN (kit/tags.ts). */
  account_id: str,
  name: z.string(),
  service_state: z.string(),
  software_version: str,
  dbaas_engine_version_name: str,
  subnet_id: z.string(),
  timezone: str,
  ha_enabled: z.boolean().nullish(),
  nat_enabled: z.boolean().nullish(),
  allowable_ip_addresses: z.array(z.string()).nullish(),
  instance_groups: z.array(InstanceGroup),
  maintenance_option: MaintenanceOption.nullish(),
});

export const PostgresqlCluster = ClusterBase.extend({
  init_config_option: z.object({
    audit_enabled: z.boolean().nullish(),
    backup_option: BackupOption.nullish(),
    database_encoding: str,
    database_locale: str,
    database_name: str,
    database_port: num,
    database_user_name: str,
    /** An other-region replica: the region of the cluster it follows. */
    origin_region: z.string().nullish(),
  }),
  /** A replica: the cluster it follows (empty once promoted). */
  origin_cluster_id: z.string().nullish(),
  replicas: z.array(z.string()).nullish(),
  virtual_ip_address: z.string().nullish(),
  vip_public_ip_address: z.string().nullish(),
  role_type: z.string().nullish(),
  is_kernel_patchable: z.boolean().nullish(),
});
export type PostgresqlCluster = z.infer<typeof PostgresqlCluster>;

export type EngineVersions = z.infer<typeof EngineVersions>;
export const EngineVersions = z.object({
  contents: z.array(
    z.object({
      id: z.string(),
      name: str,
      major_version: str,
      software_version: z.string(),
      product_image_type: str,
      end_of_service: z.boolean().nullish(),
    }),
  ),
});

export const ServerTypes = z.object({
  contents: z.array(z.object({ name: z.string() })),
});

const paramValue = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? "" : String(v)));

export const ClusterParameters = z.object({
  contents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      applied_value: paramValue,
      default_value: paramValue,
      is_modifiable: z.union([z.boolean(), z.string()]).nullish(),
      /** e.g. integer, enum, boolean, string: the rule for `allows_value`. */
      data_type: str,
      /** `min-max` for numbers, `a,b,c` for choices. */
      allows_value: str,
    }),
  ),
});
export type ClusterParameters = z.infer<typeof ClusterParameters>;

export const ParameterGroups = z.object({
  contents: z.array(z.object({ id: z.string(), name: str, major_version: str, product_image_type: str })),
});

/** `GET /v1/parameters`: the catalogue of a parameter group, paged. */
export const ParameterPage = z.object({
  contents: z.array(z.object({ id: z.string(), name: z.string(), default_value: paramValue })),
  count: num,
});

/** `GET /v1/clusters/{id}/replicas` (PostgreSQL): the replicas that follow a cluster, by name and region (no id). */
export const ReplicaList = z.object({
  contents: z.array(z.object({ name: z.string(), region: str, replica_state: str, replica_state_detail: str, synced_at: str })),
  count: num,
});

/** `GET /v1/clusters`: the list, paged; `name` filters (possibly by substring). */
export const ClusterList = z.object({
  contents: z.array(z.object({ id: z.string(), name: z.string(), service_state: z.string(), created_at: str })),
  count: num,
});

/**
 * `GET /v1/clusters/{id}` of EventStreams 1.1 (`EventStreamsClusterDetailResponseV1Dot1`):
 * `is_combined` and `service_watch_log_collection`, broker and ZooKeeper ports, no `ha_enabled` and
 * no `akhq_enabled`. Instance groups carry the roles ZOOKEEPER_BROKER, or ZOOKEEPER and BROKER,
 * plus AKHQ.
 */
export const EventStreamsCluster = ClusterBase.extend({
  dbaas_engine: str,
  is_combined: z.boolean().nullish(),
  service_watch_log_collection: z.boolean().nullish(),
  init_config_option: z.object({ broker_port: num.nullish(), zookeeper_port: num.nullish() }),
  instance_count: num.nullish(),
});
export type EventStreamsCluster = z.infer<typeof EventStreamsCluster>;

/**
 * Resource Manager `GET /v1/tags/{srn}` (ListResourceTags), 200: `TagShowListResponse` of the
 * official SDK's openapi (S2 library/resourcemanager/api/openapi.yaml @ 115bda6; docs/scp-tags.md).
 * A tag's `value` is nullable there.
 */
/** Resource Manager `PUT /v1/tags/{srn}/{key}` (UpdateResourceTagValue): the body `TagValue` and the 200 answer `TagBaseResponse` (the object's tags by SRN). */
export const TagValue = z.object({ value: z.string() }).strict();
export const TagBaseResponse = z.object({
  content: z.record(z.string(), z.array(z.object({ key: z.string(), value: z.string().nullable() }))),
});

export const ResourceTags = z.object({
  content: z.object({
    srn: z.string(),
    tags: z.array(z.object({ key: z.string(), value: z.string().nullable() })),
  }),
  count: num,
  page: num,
  size: num,
});
