/**
 * Request bodies of the SCP CacheStore API (seed 002) as zod schemas, with the constraints of the
 * official SDK's CacheStore 1.0 openapi (reference scp.md §3): block storage 56–5120 GB in steps of
 * 8, `replica_count` 0–2, ports 1024–65535, password 8–30, command values 3–20 characters. The
 * pieces every SCP engine shares come from ../kit/schemas.ts.
 */
import { z } from "zod";
import {
  VOLUME_TYPES,
  backupRetentionFields,
  cidr,
  clusterName,
  instanceNamePrefix,
  instanceRequest,
  maintenanceOption,
  port,
  tags,
  restoreBody as kitRestoreBody,
} from "../kit/schemas";

export const INSTANCE_GROUP_ROLES = ["MASTER", "MASTER_REPLICA", "SENTINEL"] as const;
export const INSTANCE_ROLES = ["MASTER", "REPLICA", "SENTINEL"] as const;

/** `RedisBlockStorageGroupRequest`: DATA only (the service adds the OS disk), 56–5120 GB, multiple of 8. */
export const redisBlockStorage = z.strictObject({
  role_type: z.enum(["DATA"]),
  size_gb: z.number().int().min(56).max(5120).multipleOf(8),
  volume_type: z.enum(VOLUME_TYPES).optional(),
});
export type RedisBlockStorage = z.infer<typeof redisBlockStorage>;

export const redisInstanceGroup = z.strictObject({
  block_storage_groups: z.array(redisBlockStorage).min(1),
  // Required by the schema but nullable: null lets the service pick the addresses.
  instances: z.array(instanceRequest(INSTANCE_ROLES)).nullable(),
  role_type: z.enum(INSTANCE_GROUP_ROLES),
  server_type_name: z.string().min(1),
});
export type RedisInstanceGroup = z.infer<typeof redisInstanceGroup>;

export const backupBody = z.strictObject(backupRetentionFields);

export const createClusterBody = z.strictObject({
  allowable_ip_addresses: z.array(cidr).optional(),
  dbaas_engine_version_id: z.string().min(1),
  ha_enabled: z.boolean().optional(),
  init_config_option: z.strictObject({
    backup_option: backupBody.nullable().optional(),
    database_port: port.nullable().optional(),
    database_user_password: z.string().min(8).max(30),
    sentinel_port: port.nullable().optional(),
  }),
  instance_groups: z.array(redisInstanceGroup).min(1),
  instance_name_prefix: instanceNamePrefix(13),
  maintenance_option: maintenanceOption.nullable().optional(),
  name: clusterName,
  nat_enabled: z.boolean().optional(),
  replica_count: z.number().int().min(0).max(2).nullable().optional(),
  subnet_id: z.string().min(1),
  tags,
  timezone: z.string().min(1),
});
export type CreateClusterBody = z.infer<typeof createClusterBody>;

export const restoreBody = kitRestoreBody(redisBlockStorage);
export type RestoreBody = z.infer<typeof restoreBody>;

export const switchoverBody = z.strictObject({ switch_host_name: z.string().min(1) });

export const commandsBody = z.strictObject({
  commands: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1), new_value: z.string().min(3).max(20) })).min(1),
});
export type CommandChange = z.infer<typeof commandsBody>["commands"][number];
