/**
 * Request bodies of the SCP PostgreSQL API as zod schemas: the single place a request shape is
 * written. Field constraints come from the API document (seed 001) and reference scp.md §3 (S2
 * openapi 1.0). Objects are strict: an unknown field is a 400 naming it, so a misspelt optional
 * field in a client shows up instead of being silently ignored. Numbers must be JSON numbers and
 * strings JSON strings (no coercion).
 */
import { z } from "zod";
import { ScpValidationError, type FieldIssue } from "../errors";
import { LOG_TYPES } from "./catalog";

// ---- primitives ----

export const DAYS_OF_WEEK = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export const VOLUME_TYPES = ["SSD", "SSD_KMS", "HDD", "HDD_KMS"] as const;
/** OS is added by the service; requests may only ask for the others. */
export const REQUESTABLE_STORAGE_ROLES = ["DATA", "ARCHIVE", "TEMP", "BACKUP"] as const;
export const ALL_STORAGE_ROLES = ["OS", ...REQUESTABLE_STORAGE_ROLES] as const;

const PERIOD_HOUR = /^(0\.5|[1-5]\.5|[1-9]|1[0-9]|2[0-4])$/;

export function isIpv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv4Cidr(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  return m !== null && isIpv4(m[1]!) && Number(m[2]) <= 32 && String(Number(m[2])) === m[2];
}

const pattern = (re: RegExp) => z.string().regex(re, { error: `must match ${re.source}` });
const cidr = z.string().refine(isIpv4Cidr, { error: "must be an IPv4 CIDR block such as 192.168.10.0/24" });
const ipv4OrEmpty = z.string().refine((s) => s === "" || isIpv4(s), { error: "must be an IPv4 address" });
const optionalText = z.string().nullable().optional();
const blockStorageSize = z.number().int().min(16).max(5120).multipleOf(8);

const tag = z.strictObject({ key: z.string().min(1), value: z.string().nullable().optional() });
const tags = z.array(tag).nullable().optional();

/** Create-time maintenance window. `starting_time` is HHMM (our choice; the document gives no example). */
export const maintenanceOption = z.strictObject({
  period_hour: pattern(PERIOD_HOUR),
  starting_day_of_week: z.enum(DAYS_OF_WEEK),
  starting_time: pattern(/^([01]\d|2[0-3])[0-5]\d$/),
});

export const backupOption = z.strictObject({
  archive_frequency_minute: pattern(/^(5|10|30|60)$/),
  retention_period_day: pattern(/^([7-9]|[1-2]\d|3[0-5])$/),
  starting_time_hour: pattern(/^(\d|1\d|2[0-3])$/),
});

export const blockStorageGroupRequest = z.strictObject({
  role_type: z.enum(REQUESTABLE_STORAGE_ROLES),
  size_gb: blockStorageSize,
  volume_type: z.enum(VOLUME_TYPES).optional(),
});

export const instanceRequest = z.strictObject({
  public_ip_id: optionalText,
  role_type: z.enum(["ACTIVE", "STANDBY"]),
  service_ip_address: ipv4OrEmpty.nullable().optional(),
});

export const instanceGroupRequest = z.strictObject({
  block_storage_groups: z.array(blockStorageGroupRequest).min(1),
  instances: z.array(instanceRequest).nullable().optional(),
  role_type: z.enum(["ACTIVE", "ACTIVE_STANDBY"]),
  server_type_name: z.string().min(1),
});

export const initConfigOption = z.strictObject({
  audit_enabled: z.boolean().optional(),
  backup_option: backupOption.nullable().optional(),
  database_encoding: z.string().min(1).max(32).nullable().optional(),
  database_locale: z.string().min(1).max(32).nullable().optional(),
  database_name: z.string().min(3).max(20).regex(/^[a-zA-Z][a-zA-Z0-9]*$/, { error: "must match ^[a-zA-Z][a-zA-Z0-9]*$" }),
  database_port: z.number().int().min(1024).max(65535).nullable().optional(),
  database_user_name: z.string().min(2).max(20).regex(/^[a-z]*$/, { error: "must match ^[a-z]*$" }),
  database_user_password: z.string().min(8).max(30),
});

const clusterName = z.string().min(3).max(20).regex(/^[a-zA-Z]*$/, { error: "must match ^[a-zA-Z]*$" });
const instanceNamePrefix = (max: number) =>
  z.string().min(3).max(max).regex(/^[a-z][a-zA-Z0-9-]*$/, { error: "must match ^[a-z][a-zA-Z0-9\\-]*$" });

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
export const resizeBlockStorageBody = z.strictObject({ size_gb: blockStorageSize });
export const resizeInstanceGroupBody = z.strictObject({ server_type_name: z.string().min(1) });
export const securityGroupRulesBody = z.strictObject({
  add_ip_addresses: z.array(cidr).optional(),
  del_ip_addresses: z.array(cidr).optional(),
});
/** `start_time` is the hour (0–23) and `start_minute` the minute (0–59): our reading of the names. */
export const maintenanceBody = z.strictObject({
  start_day_of_week: z.enum(DAYS_OF_WEEK),
  start_minute: pattern(/^([0-5]?\d)$/),
  start_time: pattern(/^([01]?\d|2[0-3])$/),
  term_hour: pattern(PERIOD_HOUR),
});
export const parametersBody = z.strictObject({
  parameters: z.array(z.strictObject({ id: z.string().min(1), new_value: z.string(), old_value: z.string() })).min(1),
});
export const auditLogBody = z.strictObject({ use_audit_log: z.boolean() });
export const backupBody = backupOption;
export const backupHistoryNumbersBody = z.strictObject({ backup_history_number: z.array(z.string().min(1)).min(1) });
export const minorPatchBody = z.strictObject({ backup_before_upgrade: z.boolean(), software_version: z.string().min(1) });
export const archiveConfigBody = z.strictObject({
  archive_enabled: z.boolean(),
  retention_period_day: z.number().int().min(1).max(35).nullable().optional(),
});

const scheduleFields = {
  access_key: z.string().nullable(),
  delete_on_export: z.boolean().nullable(),
  schedule_day_of_month: pattern(/^(-1|[1-9]|1[0-9]|2[0-9]|3[0-1])$/).nullable(),
  schedule_day_of_week: z.enum(DAYS_OF_WEEK),
  /** DAY | WEEK | MONTH: our choice, the document shows only DAY. */
  schedule_frequency_type: z.enum(["DAY", "WEEK", "MONTH"]).nullable(),
  schedule_hour: pattern(/^(\d|1\d|2[0-3])$/).nullable(),
  secret_key: z.string().nullable(),
};
export const logExportCreateBody = z.strictObject({
  ...scheduleFields,
  bucket_name: z.string().min(3).max(63),
  log_type: z.enum(LOG_TYPES),
});
export const logExportModifyBody = z.strictObject(scheduleFields);
export type LogExportSchedule = z.infer<typeof logExportModifyBody>;

const replicaSpec = z.strictObject({
  instance_groups: z.array(instanceGroupRequest).min(1),
  name: z.string().min(3).max(19).regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, { error: "must match ^[a-z][a-z0-9\\-]*[a-z0-9]$" }),
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

export const restoreBody = z.strictObject({
  allowable_ip_addresses: z.array(cidr).optional(),
  backup_history_number: optionalText,
  backup_recovery_time: optionalText,
  block_storage_groups: z.array(blockStorageGroupRequest).nullable().optional(),
  instance_name_prefix: instanceNamePrefix(16),
  maintenance_option: maintenanceOption.nullable().optional(),
  name: clusterName,
  server_type_name: z.string().min(1),
  tags,
});
export type RestoreBody = z.infer<typeof restoreBody>;

// ---- parsing ----

/** Parse `value` or throw a 400 whose entries name each failing field under `root` (`body`, `query`). */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, root: "body" | "query" = "body"): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const push = (loc: Array<string | number>, detail: string) => {
    const key = loc.join("\u0000");
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ loc, detail });
  };
  for (const issue of r.error.issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) push([root, ...path, k], "extra field not permitted");
    } else {
      push([root, ...path], issue.message);
    }
  }
  throw new ScpValidationError(issues);
}

/** Integer query parameter (absent → default). */
export function queryInt(q: URLSearchParams, name: string, dflt: number | undefined, min = 0): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return dflt;
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw ScpValidationError.field(["query", name], `must be an integer >= ${min}`);
  return Number(v);
}
