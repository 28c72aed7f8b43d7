// zod schemas of the SCP CacheStore 1.0 bodies (seed 002; reference/scp.md §3): the answers we
// read and the request bodies we send. Lenient on answers as for PostgreSQL (numbers may come as
// strings, optional fields may be null); strict on what we send.

import { z } from "zod";
import { BackupOption, ClusterBase, num, str } from "../schemas";

/** Show Cluster (`RedisClusterDetailResponse`): PostgreSQL's shape without VIP, database fields and kernel patch. */
export const RedisCluster = ClusterBase.extend({
  /** Not in the document's example answer; read when present. */
  replica_count: num.nullish(),
  init_config_option: z.object({
    backup_option: BackupOption.nullish(),
    database_port: num,
    sentinel_port: num.nullish(),
  }),
  created_at: str,
});
export type RedisCluster = z.infer<typeof RedisCluster>;

/** List Commands (`CommandListResponse`): each Redis command with its applied name (`""` disables it). */
export const CommandList = z.object({
  contents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      applied_value: z
        .string()
        .nullish()
        .transform((v) => v ?? ""),
      description: str,
      modifiable: z.union([z.boolean(), z.string()]).nullish(),
    }),
  ),
  last_updated_at: str,
  total_count: num.nullish(),
});
export type CommandList = z.infer<typeof CommandList>;

/** List Backup Histories (`BackupHistoryListApiResponse`). */
export const BackupHistoryList = z.object({
  contents: z.array(
    z.object({
      backup_history_number: z.union([z.string(), z.number()]).transform(String),
      backup_state: str,
      backup_state_detail: str,
      backup_start_at: str,
      backup_end_at: str,
      backup_size_gb: z
        .union([z.string(), z.number()])
        .nullish()
        .transform((v) => (v === null || v === undefined || v === "" ? undefined : Number(v))),
      software_version: str,
    }),
  ),
  total_count: num.nullish(),
});

const s = z.string();
const maintenanceOption = z.object({ starting_day_of_week: s, starting_time: s, period_hour: s }).strict();
const blockStorageGroup = z.object({ role_type: s, size_gb: z.number().int(), volume_type: s }).strict();
const tags = z.array(z.object({ key: s, value: s }).strict());

export const BackupSettingRequest = z.object({ retention_period_day: s, starting_time_hour: s }).strict();

/** Create Cluster (`RedisClusterCreateRequest`). */
export const RedisCreateRequest = z
  .object({
    allowable_ip_addresses: z.array(s),
    dbaas_engine_version_id: s,
    ha_enabled: z.boolean(),
    init_config_option: z
      .object({
        backup_option: BackupSettingRequest.optional(),
        database_port: z.number().int(),
        database_user_password: s,
        sentinel_port: z.number().int(),
      })
      .strict(),
    instance_groups: z.array(
      z
        .object({
          block_storage_groups: z.array(blockStorageGroup),
          instances: z.array(z.object({ role_type: s }).strict()),
          role_type: s,
          server_type_name: s,
        })
        .strict(),
    ),
    instance_name_prefix: s,
    maintenance_option: maintenanceOption.optional(),
    name: s,
    nat_enabled: z.boolean(),
    replica_count: z.number().int().min(0).max(2),
    subnet_id: s,
    tags,
    timezone: s,
  })
  .strict();

/** Create Restore Cluster (`ClusterRestoreRequest`): the new cluster's own settings; the rest comes from the source. */
export const RestoreRequest = z
  .object({
    allowable_ip_addresses: z.array(s),
    backup_history_number: s.optional(),
    backup_recovery_time: s.optional(),
    block_storage_groups: z.array(blockStorageGroup),
    instance_name_prefix: s,
    maintenance_option: maintenanceOption.optional(),
    name: s,
    server_type_name: s,
    tags,
  })
  .strict();

export const ModifyCommandRequest = z
  .object({
    commands: z.array(z.object({ id: s, name: s, new_value: s }).strict()),
  })
  .strict();
