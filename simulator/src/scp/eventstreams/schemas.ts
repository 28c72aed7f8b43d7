/**
 * Request bodies of the SCP EventStreams API 1.1 as zod schemas, from the official SDK's 1.1 models
 * (reference scp.md §2.1, §3: `EventStreamsClusterCreateRequestV1Dot1`,
 * `EventStreamsInitConfigOptionRequest`, `EventStreamsClusterAddInstancesRequest`) and seed 000
 * (`MinorPatchDbEngineRequest`). Lengths the models do not give (SASL ids, passwords) follow the
 * other SCP engines (ids ≤ 20, passwords 8–30). Shared pieces come from ../kit/schemas.ts.
 */
import { z } from "zod";
import {
  VOLUME_TYPES,
  blockStorageSize,
  cidr,
  clusterName,
  instanceNamePrefix,
  instanceRequest,
  ipv4,
  maintenanceOption,
  port,
  tags,
} from "../kit/schemas";

export const ROLES = ["ZOOKEEPER_BROKER", "ZOOKEEPER", "BROKER", "AKHQ"] as const;
export type Role = (typeof ROLES)[number];

const lowerId = z
  .string()
  .min(2)
  .max(20)
  .regex(/^[a-z]+$/, { error: "must match ^[a-z]+$" });
const password = z.string().min(8).max(30);

export const instanceGroupRequest = z.strictObject({
  // Kafka nodes keep their logs on DATA disks; the service adds the OS disk.
  block_storage_groups: z
    .array(z.strictObject({ role_type: z.enum(["DATA"]), size_gb: blockStorageSize, volume_type: z.enum(VOLUME_TYPES).optional() }))
    .min(1),
  instances: z.array(instanceRequest(ROLES)).min(1),
  role_type: z.enum(ROLES),
  server_type_name: z.string().min(1),
});
export type InstanceGroupRequest = z.infer<typeof instanceGroupRequest>;

export const createClusterBody = z.strictObject({
  akhq_enabled: z.boolean().optional(),
  allowable_ip_addresses: z.array(cidr).optional(),
  dbaas_engine_version_id: z.string().min(1),
  init_config_option: z.strictObject({
    akhq_id: lowerId.nullable().optional(),
    akhq_password: password.nullable().optional(),
    broker_port: port.optional(),
    broker_sasl_id: lowerId,
    broker_sasl_password: password,
    zookeeper_port: port.optional(),
    zookeeper_sasl_id: lowerId,
    zookeeper_sasl_password: password,
  }),
  instance_groups: z.array(instanceGroupRequest).min(1),
  instance_name_prefix: instanceNamePrefix(13),
  is_combined: z.boolean().optional(),
  maintenance_option: maintenanceOption.nullable().optional(),
  name: clusterName,
  nat_enabled: z.boolean().optional(),
  // Required but nullable in the 1.1 model (no `omitempty`).
  service_watch_log_collection: z.boolean().nullable(),
  subnet_id: z.string().min(1),
  tags,
  timezone: z.string().min(1),
});
export type CreateClusterBody = z.infer<typeof createClusterBody>;

export const addInstancesBody = z.strictObject({
  instance_count: z.number().int().min(1),
  public_ip_ids: z.array(z.string().min(1)).nullable().optional(),
  service_ip_addresses: z.array(ipv4),
});
export type AddInstancesBody = z.infer<typeof addInstancesBody>;

/** Seed 000: `{dbaas_engine, software_version}`. */
export const minorPatchBody = z.strictObject({ dbaas_engine: z.string().min(1), software_version: z.string().min(1) });
