// The SCP PostgreSQL endpoint table (seed 001, API 1.1): the shared rows plus PostgreSQL's own.

import { z } from "zod";
import { backupEndpoints, clusterEndpoints, endpointTable, parameterEndpoints } from "../kit/endpoints";
import { AsyncResponse, PostgresqlCluster, ReplicaList } from "../schemas";

const str = z.string();
const maintenanceOption = z.object({ starting_day_of_week: str, starting_time: str, period_hour: str }).strict();
const backupOption = z.object({ archive_frequency_minute: str, retention_period_day: str, starting_time_hour: str }).strict();

export const PostgresqlCreateRequest = z.object({
  name: str,
  dbaas_engine_version_id: str,
  subnet_id: str,
  ha_enabled: z.boolean(),
  nat_enabled: z.boolean(),
  timezone: str,
  instance_name_prefix: str,
  allowable_ip_addresses: z.array(str),
  init_config_option: z.object({
    audit_enabled: z.boolean(),
    backup_option: backupOption.optional(),
    database_encoding: str,
    database_locale: str,
    database_name: str,
    database_port: z.number().int(),
    database_user_name: str,
    database_user_password: str,
  }).strict(),
  instance_groups: z.array(z.object({
    role_type: str,
    server_type_name: str,
    block_storage_groups: z.array(z.object({ role_type: str, size_gb: z.number().int(), volume_type: str }).strict()),
    instances: z.array(z.object({ role_type: str }).strict()),
  }).strict()),
  maintenance_option: maintenanceOption.optional(),
  tags: z.array(z.object({ key: str, value: str }).strict()),
}).strict();

// Create Replica / Create Other region Replica (seed 001 §3, §4): one body for several replicas;
// `region`, `subnet_id` and `nat_enabled` only for another region.
const replicaSpec = z.object({
  name: str,
  instance_groups: z.array(z.object({
    role_type: z.literal("ACTIVE"),
    server_type_name: str,
    block_storage_groups: z.array(z.object({ role_type: str, size_gb: z.number().int(), volume_type: str }).strict()),
    instances: z.array(z.object({ role_type: z.literal("ACTIVE") }).strict()),
  }).strict()).length(1),
}).strict();
export const ReplicasCreateRequest = z.object({
  allowable_ip_addresses: z.array(str),
  maintenance_option: maintenanceOption.optional(),
  replica_count: z.number().int(),
  replicas: z.array(replicaSpec).min(1),
  tags: z.array(z.object({ key: str, value: str }).strict()),
}).strict();
export const ReplicasOtherRegionCreateRequest = ReplicasCreateRequest.extend({ region: str, subnet_id: str, nat_enabled: z.boolean() }).strict();

export const postgresqlEndpoints = endpointTable({
  ...clusterEndpoints,
  ...parameterEndpoints,
  ...backupEndpoints(backupOption),
  "POST /v1/clusters": { request: PostgresqlCreateRequest, response: AsyncResponse },
  "GET /v1/clusters/{cluster_id}": { response: PostgresqlCluster },
  "POST /v1/instance-groups/{instance_group_id}/block-storage-groups": {
    request: z.object({ role_type: str, size_gb: z.number().int(), volume_type: str }).strict(), response: AsyncResponse,
  },
  "PUT /v1/clusters/{cluster_id}/audit-log": { request: z.object({ use_audit_log: z.boolean() }).strict(), response: AsyncResponse },
  "PUT /v1/clusters/{cluster_id}/patch": {
    request: z.object({ software_version: str, backup_before_upgrade: z.boolean() }).strict(), response: AsyncResponse,
  },
  "GET /v1/clusters/{cluster_id}/replicas": { response: ReplicaList },
  "POST /v1/clusters/{cluster_id}/replicas": { request: ReplicasCreateRequest, response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/replicas/other-region": { request: ReplicasOtherRegionCreateRequest, response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/promote": { response: AsyncResponse },
});
