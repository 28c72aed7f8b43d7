// The SCP PostgreSQL endpoint table (seed 001, API 1.1): the shared rows plus PostgreSQL's own.

import { z } from "zod";
import { backupEndpoints, clusterEndpoints, endpointTable, parameterEndpoints } from "../kit/endpoints";
import { AsyncResponse, PostgresqlCluster, ReplicaList } from "../schemas";
import { BackupHistoryList, RestoreRequest } from "../cachestore/schemas";

const str = z.string();
const maintenanceOption = z.object({ starting_day_of_week: str, starting_time: str, period_hour: str }).strict();
const backupOption = z.object({ archive_frequency_minute: str, retention_period_day: str, starting_time_hour: str }).strict();

export const PostgresqlCreateRequest = z
  .object({
    name: str,
    dbaas_engine_version_id: str,
    subnet_id: str,
    ha_enabled: z.boolean(),
    nat_enabled: z.boolean(),
    timezone: str,
    instance_name_prefix: str,
    allowable_ip_addresses: z.array(str),
    init_config_option: z
      .object({
        audit_enabled: z.boolean(),
        backup_option: backupOption.optional(),
        database_encoding: str,
        database_locale: str,
        database_name: str,
        database_port: z.number().int(),
        database_user_name: str,
        database_user_password: str,
      })
      .strict(),
    instance_groups: z.array(
      z
        .object({
          role_type: str,
          server_type_name: str,
          block_storage_groups: z.array(z.object({ role_type: str, size_gb: z.number().int(), volume_type: str }).strict()),
          instances: z.array(z.object({ role_type: str }).strict()),
        })
        .strict(),
    ),
    maintenance_option: maintenanceOption.optional(),
    tags: z.array(z.object({ key: str, value: str }).strict()),
  })
  .strict();

// Create Replica / Create Other region Replica (seed 001 §3, §4): one body for several replicas;
// `region`, `subnet_id` and `nat_enabled` only for another region.
const replicaSpec = z
  .object({
    name: str,
    instance_groups: z
      .array(
        z
          .object({
            role_type: z.literal("ACTIVE"),
            server_type_name: str,
            block_storage_groups: z.array(z.object({ role_type: str, size_gb: z.number().int(), volume_type: str }).strict()),
            instances: z.array(z.object({ role_type: z.literal("ACTIVE") }).strict()),
          })
          .strict(),
      )
      .length(1),
  })
  .strict();
export const ReplicasCreateRequest = z
  .object({
    allowable_ip_addresses: z.array(str),
    maintenance_option: maintenanceOption.optional(),
    replica_count: z.number().int(),
    replicas: z.array(replicaSpec).min(1),
    tags: z.array(z.object({ key: str, value: str }).strict()),
  })
  .strict();
export const ReplicasOtherRegionCreateRequest = ReplicasCreateRequest.extend({
  region: str,
  subnet_id: str,
  nat_enabled: z.boolean(),
}).strict();

export const ArchiveConfig = z.object({ archive_enabled: z.boolean(), retention_period_day: z.number().int().nullish() }).strict();

/** The schedule and object-storage keys of Register / Set Log Export Config. */
export const LogExportRequest = z
  .object({
    access_key: str,
    secret_key: str,
    delete_on_export: z.boolean(),
    schedule_frequency_type: str,
    schedule_day_of_week: str.nullable(),
    schedule_day_of_month: str.nullable(),
    schedule_hour: str,
  })
  .strict();

/** List Log Export Configs: one row per log type, registered or not (the keys are never returned). */
export const LogExportConfigList = z.object({
  contents: z.array(
    z.object({
      log_type: str,
      is_registered: z.boolean().nullish(),
      bucket_name: str.nullish(),
      delete_on_export: z.boolean().nullish(),
      schedule_frequency_type: str.nullish(),
      schedule_day_of_week: str.nullish(),
      schedule_day_of_month: z.union([str, z.number()]).nullish(),
      schedule_hour: z.union([str, z.number()]).nullish(),
    }),
  ),
});

export const postgresqlEndpoints = endpointTable({
  ...clusterEndpoints,
  ...parameterEndpoints,
  ...backupEndpoints(backupOption),
  "POST /v1/clusters": { request: PostgresqlCreateRequest, response: AsyncResponse },
  "GET /v1/clusters/{cluster_id}": { response: PostgresqlCluster },
  "POST /v1/instance-groups/{instance_group_id}/block-storage-groups": {
    request: z.object({ role_type: str, size_gb: z.number().int(), volume_type: str }).strict(),
    response: AsyncResponse,
  },
  "PUT /v1/clusters/{cluster_id}/audit-log": { request: z.object({ use_audit_log: z.boolean() }).strict(), response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/restore": { request: RestoreRequest, response: AsyncResponse },
  "GET /v1/clusters/{cluster_id}/backup-histories": { response: BackupHistoryList },
  // Archive config (scp.BackupPolicy owns it with the backup schedule).
  "GET /v1/clusters/{cluster_id}/archive": { response: ArchiveConfig },
  "PUT /v1/clusters/{cluster_id}/archive": { request: ArchiveConfig, response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/archive/sync": { response: AsyncResponse },
  // Log export (scp.LogExportConfig, one per log type).
  "GET /v1/clusters/{cluster_id}/log-export-configs": { response: LogExportConfigList },
  "POST /v1/clusters/{cluster_id}/log-export-configs": {
    request: LogExportRequest.extend({ bucket_name: str, log_type: str }).strict(),
    response: AsyncResponse,
  },
  "PUT /v1/clusters/{cluster_id}/log-export-configs/{log_type}": { request: LogExportRequest, response: AsyncResponse },
  "DELETE /v1/clusters/{cluster_id}/log-export-configs/{log_type}": { response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/log-export-configs/{log_type}/export": { response: AsyncResponse },
  "PUT /v1/clusters/{cluster_id}/patch": {
    request: z.object({ software_version: str, backup_before_upgrade: z.boolean() }).strict(),
    response: AsyncResponse,
  },
  "GET /v1/clusters/{cluster_id}/replicas": { response: ReplicaList },
  "POST /v1/clusters/{cluster_id}/replicas": { request: ReplicasCreateRequest, response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/replicas/other-region": { request: ReplicasOtherRegionCreateRequest, response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/promote": { response: AsyncResponse },
});
