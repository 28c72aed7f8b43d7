/**
 * Request bodies of the SCP PostgreSQL API as zod schemas: the single place a request shape is
 * written. Field constraints come from the API document (seed 001) and reference scp.md §3 (S2
 * openapi 1.0); the pieces every SCP engine shares live in ../kit/schemas.ts. Objects are strict:
 * an unknown field is a 400 naming it, so a misspelt optional field in a client shows up instead of
 * being silently ignored.
 */
import { z } from "zod";
import {
  DAYS_OF_WEEK,
  VOLUME_TYPES,
  backupRetentionFields,
  blockStorageSize,
  cidr,
  clusterName,
  instanceNamePrefix,
  instanceRequest,
  ipv4OrEmpty,
  maintenanceOption,
  optionalText,
  pattern,
  port,
  tags,
  restoreBody as kitRestoreBody,
} from "../kit/schemas";
import { LOG_TYPES } from "./catalog";

export { parseOrThrow, queryInt } from "../kit/schemas";

/** OS is added by the service; requests may only ask for the others. */
export const REQUESTABLE_STORAGE_ROLES = ["DATA", "ARCHIVE", "TEMP", "BACKUP"] as const;

export const backupOption = z.strictObject({
  archive_frequency_minute: pattern(/^(5|10|30|60)$/),
  ...backupRetentionFields,
});

export const blockStorageGroupRequest = z.strictObject({
  role_type: z.enum(REQUESTABLE_STORAGE_ROLES),
  size_gb: blockStorageSize,
  volume_type: z.enum(VOLUME_TYPES).optional(),
});

export const instanceGroupRequest = z.strictObject({
  block_storage_groups: z.array(blockStorageGroupRequest).min(1),
  instances: z
    .array(instanceRequest(["ACTIVE", "STANDBY"]))
    .nullable()
    .optional(),
  role_type: z.enum(["ACTIVE", "ACTIVE_STANDBY"]),
  server_type_name: z.string().min(1),
});
export type InstanceGroupRequest = z.infer<typeof instanceGroupRequest>;
export type BlockStorageRequest = z.infer<typeof blockStorageGroupRequest>;

export const initConfigOption = z.strictObject({
  audit_enabled: z.boolean().optional(),
  backup_option: backupOption.nullable().optional(),
  database_encoding: z.string().min(1).max(32).nullable().optional(),
  database_locale: z.string().min(1).max(32).nullable().optional(),
  database_name: z
    .string()
    .min(3)
    .max(20)
    .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, { error: "must match ^[a-zA-Z][a-zA-Z0-9]*$" }),
  database_port: port.nullable().optional(),
  database_user_name: z
    .string()
    .min(2)
    .max(20)
    .regex(/^[a-z]*$/, { error: "must match ^[a-z]*$" }),
  database_user_password: z.string().min(8).max(30),
});

// ---- request bodies, one per operation ----

export const createClusterBody = z.strictObject({
  allowable_ip_addresses: z.array(cidr).optional(),
  dbaas_engine_version_id: z.string().min(1),
  ha_enabled: z.boolean().optional(),
  init_config_option: initConfigOption,
  instance_groups: z.array(instanceGroupRequest).min(1),
  instance_name_prefix: instanceNamePrefix(13),
  maintenance_option: maintenanceOption.nullable().optional(),
  name: clusterName,
  nat_enabled: z.boolean().optional(),
  origin_cluster_id: optionalText,
  subnet_id: z.string().min(1),
  tags,
  timezone: z.string().min(1),
  vip_public_ip_id: optionalText,
  virtual_ip_address: ipv4OrEmpty.nullable().optional(),
});
export type CreateClusterBody = z.infer<typeof createClusterBody>;

export const addBlockStoragesBody = blockStorageGroupRequest;
export const auditLogBody = z.strictObject({ use_audit_log: z.boolean() });
export const backupBody = backupOption;
export const minorPatchBody = z.strictObject({ backup_before_upgrade: z.boolean(), software_version: z.string().min(1) });
export const archiveConfigBody = z.strictObject({
  archive_enabled: z.boolean(),
  retention_period_day: z.number().int().min(1).max(35).nullable().optional(),
});

const scheduleFields = {
  access_key: z.string().nullable(),
  delete_on_export: z.boolean().nullable(),
  schedule_day_of_month: pattern(/^(-1|[1-9]|1[0-9]|2[0-9]|3[0-1])$/).nullable(),
  /** Needed with WEEK (our reading: the document's example sends every field). */
  schedule_day_of_week: z.enum(DAYS_OF_WEEK).nullable(),
  /** DAY | WEEK | MONTH: our choice, the document shows only DAY. */
  schedule_frequency_type: z.enum(["DAY", "WEEK", "MONTH"]).nullable(),
  schedule_hour: pattern(/^(\d|1\d|2[0-3])$/).nullable(),
  secret_key: z.string().nullable(),
};
/** A weekly schedule names its day, a monthly one its day of the month. */
function scheduleRules(
  b: { schedule_frequency_type: string | null; schedule_day_of_week: string | null; schedule_day_of_month: string | null },
  ctx: z.RefinementCtx,
) {
  if (b.schedule_frequency_type === "WEEK" && !b.schedule_day_of_week)
    ctx.addIssue({ code: "custom", path: ["schedule_day_of_week"], message: "required when schedule_frequency_type is WEEK" });
  if (b.schedule_frequency_type === "MONTH" && !b.schedule_day_of_month)
    ctx.addIssue({ code: "custom", path: ["schedule_day_of_month"], message: "required when schedule_frequency_type is MONTH" });
}
export const logExportCreateBody = z
  .strictObject({
    ...scheduleFields,
    bucket_name: z.string().min(3).max(63),
    log_type: z.enum(LOG_TYPES),
  })
  .superRefine(scheduleRules);
export const logExportModifyBody = z.strictObject(scheduleFields).superRefine(scheduleRules);
export type LogExportSchedule = z.infer<typeof logExportModifyBody>;

const replicaSpec = z.strictObject({
  instance_groups: z.array(instanceGroupRequest).min(1),
  name: z
    .string()
    .min(3)
    .max(19)
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, { error: "must match ^[a-z][a-z0-9\\-]*[a-z0-9]$" }),
});
export type ReplicaSpec = z.infer<typeof replicaSpec>;

export const replicasBody = z.strictObject({
  allowable_ip_addresses: z.array(cidr).optional(),
  maintenance_option: maintenanceOption.nullable().optional(),
  replica_count: z.number().int().min(1).max(5),
  replicas: z.array(replicaSpec).min(1).max(5),
  tags,
});
export const otherRegionReplicasBody = replicasBody.extend({
  nat_enabled: z.boolean().optional(),
  region: z.string().min(1),
  subnet_id: z.string().min(1),
});
export type ReplicasBody = z.infer<typeof replicasBody> & { nat_enabled?: boolean; region?: string; subnet_id?: string };

export const restoreBody = kitRestoreBody(blockStorageGroupRequest);
export type RestoreBody = z.infer<typeof restoreBody>;
