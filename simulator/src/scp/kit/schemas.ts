/**
 * Request-body pieces every SCP DBaaS document shares, as zod schemas (strict objects: an unknown
 * field is a 400 naming it; no coercion: numbers must be JSON numbers and strings JSON strings), and
 * the parser that turns a zod failure into the API's 400 with one `loc` per failing field.
 */
import { z } from "zod";
import { ScpValidationError, type FieldIssue } from "../errors";

// ---- primitives ----

export const DAYS_OF_WEEK = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export const VOLUME_TYPES = ["SSD", "SSD_KMS", "HDD", "HDD_KMS"] as const;

export const PERIOD_HOUR = /^(0\.5|[1-5]\.5|[1-9]|1[0-9]|2[0-4])$/;

export function isIpv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv4Cidr(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  return m !== null && isIpv4(m[1]) && Number(m[2]) <= 32 && String(Number(m[2])) === m[2];
}

export const pattern = (re: RegExp) => z.string().regex(re, { error: `must match ${re.source}` });
export const cidr = z.string().refine(isIpv4Cidr, { error: "must be an IPv4 CIDR block such as 192.168.10.0/24" });
export const ipv4 = z.string().refine(isIpv4, { error: "must be an IPv4 address" });
export const ipv4OrEmpty = z.string().refine((s) => s === "" || isIpv4(s), { error: "must be an IPv4 address" });
export const optionalText = z.string().nullable().optional();
/** Ports of every engine's init config option (documented 1024–65535). */
export const port = z.number().int().min(1024).max(65535);
/** `ResizeBlockStorageGroupRequest` / `BlockStorageGroupRequest` of the documents: 16–5120, multiple of 8. */
export const blockStorageSize = z.number().int().min(16).max(5120).multipleOf(8);

const tag = z.strictObject({ key: z.string().min(1), value: z.string().nullable().optional() });
export const tags = z.array(tag).nullable().optional();

export const clusterName = z
  .string()
  .min(3)
  .max(20)
  .regex(/^[a-zA-Z]*$/, { error: "must match ^[a-zA-Z]*$" });
export const instanceNamePrefix = (max: number) =>
  z
    .string()
    .min(3)
    .max(max)
    .regex(/^[a-z][a-zA-Z0-9-]*$/, { error: "must match ^[a-z][a-zA-Z0-9\\-]*$" });

/** Create-time maintenance window. `starting_time` is HHMM (our choice; the documents give no example). */
export const maintenanceOption = z.strictObject({
  period_hour: pattern(PERIOD_HOUR),
  starting_day_of_week: z.enum(DAYS_OF_WEEK),
  starting_time: pattern(/^([01]\d|2[0-3])[0-5]\d$/),
});

/** An instance of a create request, with the roles the engine allows. */
export const instanceRequest = <R extends readonly [string, ...string[]]>(roles: R) =>
  z.strictObject({
    public_ip_id: optionalText,
    role_type: z.enum(roles),
    service_ip_address: ipv4OrEmpty.nullable().optional(),
  });

// ---- request bodies every engine has ----

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
export const backupHistoryNumbersBody = z.strictObject({ backup_history_number: z.array(z.string().min(1)).min(1) });
/** `BackupSettingExcludingArchiveRequest` (CacheStore); PostgreSQL's adds `archive_frequency_minute`. */
export const backupRetentionFields = {
  retention_period_day: pattern(/^([7-9]|[1-2]\d|3[0-5])$/),
  starting_time_hour: pattern(/^(\d|1\d|2[0-3])$/),
};

/** `ClusterRestoreRequest`, with the engine's block storage request schema. */
export const restoreBody = <T extends z.ZodType>(storage: T) =>
  z.strictObject({
    allowable_ip_addresses: z.array(cidr).optional(),
    backup_history_number: optionalText,
    backup_recovery_time: optionalText,
    block_storage_groups: z.array(storage).nullable().optional(),
    instance_name_prefix: instanceNamePrefix(16),
    maintenance_option: maintenanceOption.nullable().optional(),
    name: clusterName,
    server_type_name: z.string().min(1),
    tags,
  });

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
