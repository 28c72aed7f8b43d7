/**
 * Request bodies of the Selectel DBaaS API, written once as small JSON schemas (the real service
 * validates with jsonschema: the messages below copy its wording, e.g. `'x' is a required property`,
 * `4001 is greater than the maximum of 4000`, `Additional properties are not allowed ('disk_type'
 * was unexpected)`). Objects are closed: an unknown field is a 400 naming it, which is also how the
 * create body rejects `firewall` (reference §1.3, pitfall 1). No coercion: numbers must be JSON
 * numbers, booleans JSON booleans.
 */
import { pyRepr, ValidationError } from "./errors";

export type Schema =
  | { type: "object"; props: Record<string, Schema>; required?: string[]; nullable?: boolean; open?: boolean }
  | {
      type: "string";
      enum?: readonly string[];
      minLength?: number;
      maxLength?: number;
      pattern?: RegExp;
      format?: "uuid" | "ipv4-or-cidr" | "datetime";
      nullable?: boolean;
    }
  | { type: "integer"; min?: number; max?: number; nullable?: boolean }
  | { type: "boolean"; nullable?: boolean }
  | { type: "array"; items: Schema; minItems?: number; unique?: boolean; nullable?: boolean }
  | { type: "any" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

export function isIpv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv4OrCidr(s: string): boolean {
  const m = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(s);
  return m !== null && isIpv4(m[1]) && (m[2] === undefined || Number(m[2]) <= 32);
}

/** `1970-01-01T00:00:00` (the API's zone-less format); a trailing `Z` or fraction is tolerated. */
export function parseApiTime(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/.test(s)) return undefined;
  const ms = Date.parse(s.endsWith("Z") ? s : `${s}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Python repr of a JSON value for messages. */
export function pyValue(v: unknown): string {
  if (typeof v === "string") return pyRepr(v);
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (Array.isArray(v)) return `[${v.map(pyValue).join(", ")}]`;
  if (typeof v === "object")
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${pyRepr(k)}: ${pyValue(x)}`)
      .join(", ")}}`;
  return typeof v === "number" ? String(v) : "undefined"; // a JSON value: only a number is left, or nothing
}

const JSON_TYPE: Record<string, string> = { object: "object", string: "string", integer: "integer", boolean: "boolean", array: "array" };

export function validate(schema: Schema, value: unknown, path: string, issues: Array<[string, string]>): void {
  if (schema.type === "any") return;
  if (value === null && schema.nullable) return;
  const bad = () => issues.push([path, `${pyValue(value)} is not of type ${pyRepr(JSON_TYPE[schema.type])}`]);
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return void bad();
      const o = value as Record<string, unknown>;
      for (const r of schema.required ?? []) if (!(r in o)) issues.push([path, `${pyRepr(r)} is a required property`]);
      if (!schema.open) {
        const extra = Object.keys(o).filter((k) => !(k in schema.props));
        if (extra.length)
          issues.push([
            path,
            `Additional properties are not allowed (${extra.map(pyRepr).join(", ")} ${extra.length === 1 ? "was" : "were"} unexpected)`,
          ]);
      }
      for (const [k, s] of Object.entries(schema.props)) if (k in o) validate(s, o[k], path ? `${path}.${k}` : k, issues);
      return;
    }
    case "string": {
      if (typeof value !== "string") return void bad();
      if (schema.enum && !schema.enum.includes(value))
        return void issues.push([path, `${pyRepr(value)} is not one of ${pyValue([...schema.enum])}`]);
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        return void issues.push([path, schema.minLength === 1 ? `${pyRepr(value)} should be non-empty` : `${pyRepr(value)} is too short`]);
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        return void issues.push([path, `${pyRepr(value)} is too long`]);
      if (schema.pattern && !schema.pattern.test(value))
        return void issues.push([path, `${pyRepr(value)} does not match ${pyRepr(schema.pattern.source)}`]);
      if (schema.format === "uuid" && !isUuid(value)) return void issues.push([path, `${pyRepr(value)} is not a 'uuid'`]);
      if (schema.format === "ipv4-or-cidr" && !isIpv4OrCidr(value)) return void issues.push([path, `${pyRepr(value)} is not a 'ipv4'`]);
      if (schema.format === "datetime" && parseApiTime(value) === undefined)
        return void issues.push([path, `${pyRepr(value)} is not a 'date-time'`]);
      return;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return void bad();
      if (schema.min !== undefined && value < schema.min)
        return void issues.push([path, `${value} is less than the minimum of ${schema.min}`]);
      if (schema.max !== undefined && value > schema.max)
        return void issues.push([path, `${value} is greater than the maximum of ${schema.max}`]);
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") bad();
      return;
    case "array": {
      if (!Array.isArray(value)) return void bad();
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        return void issues.push([path, schema.minItems === 1 ? `${pyValue(value)} should be non-empty` : `${pyValue(value)} is too short`]);
      }
      if (schema.unique && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
        return void issues.push([path, `${pyValue(value)} has non-unique elements`]);
      }
      value.forEach((v, i) => validate(schema.items, v, `${path}.${i}`, issues));
      return;
    }
  }
}

/** Validate `body` and return it typed; 400 `Validation failure: {...}` otherwise. */
export function parse<T>(schema: Schema, body: unknown): T {
  const issues: Array<[string, string]> = [];
  if (body === undefined) throw ValidationError.field("", "request body is required");
  validate(schema, body, "", issues);
  if (issues.length) throw new ValidationError(issues);
  return body as T;
}

// ---- building blocks ----

const obj = (props: Record<string, Schema>, required: string[] = [], extra: Partial<{ nullable: boolean }> = {}): Schema => ({
  type: "object",
  props,
  required,
  ...extra,
});
const uuid: Schema = { type: "string", format: "uuid" };
const int = (min?: number, max?: number): Schema => ({ type: "integer", min, max });
const bool: Schema = { type: "boolean" };
const name: Schema = { type: "string", minLength: 1, maxLength: 255 };
const wrap = (key: string, inner: Schema): Schema => obj({ [key]: inner }, [key]);

export const DISK_TYPES = ["local", "network-ultra"] as const;
export const POOLER_MODES = ["session", "transaction", "statement"] as const;
export const PATTERN_TYPES = ["literal", "prefixed", "all"] as const;

const flavorSpec: Schema = obj({ vcpus: int(1), ram: int(1), disk: int(1), disk_type: { type: "string", enum: DISK_TYPES } }, [
  "vcpus",
  "ram",
  "disk",
]);
const poolerSpec: Schema = obj({ mode: { type: "string", enum: POOLER_MODES }, size: int(1), datastore_id: uuid }, ["mode", "size"]);

// ---- datastores ----

export interface FlavorSpec {
  vcpus: number;
  ram: number;
  disk: number;
  disk_type?: string;
}
export interface PoolerSpec {
  mode: string;
  size: number;
}
export interface DatastoreCreate {
  type_id: string;
  subnet_id: string;
  name: string;
  node_count: number;
  flavor_id?: string;
  flavor?: FlavorSpec;
  disk?: { type?: string; size: number };
  project_id?: string;
  config?: Record<string, unknown>;
  pooler?: PoolerSpec;
  restore?: { datastore_id: string; target_time?: string };
  floating_ips?: { master: number; replica: number };
  security_groups?: string[];
  backup_retention_days?: number;
  redis_password?: string;
  log_platform?: { log_group: string };
}

export const datastoreCreateBody = wrap(
  "datastore",
  obj(
    {
      type_id: uuid,
      subnet_id: { type: "string", minLength: 1 },
      name,
      node_count: int(1),
      flavor_id: uuid,
      flavor: flavorSpec,
      disk: obj({ type: { type: "string", enum: DISK_TYPES }, size: int(1) }, ["size"]),
      project_id: { type: "string", minLength: 1 },
      config: { type: "object", props: {}, open: true },
      pooler: poolerSpec,
      restore: obj({ datastore_id: uuid, target_time: { type: "string", format: "datetime" } }, ["datastore_id"]),
      floating_ips: obj({ master: int(0, 1), replica: int(0) }, ["master", "replica"]),
      security_groups: { type: "array", items: uuid, minItems: 1, unique: true },
      backup_retention_days: int(1, 60),
      redis_password: { type: "string", minLength: 1 },
      log_platform: obj({ log_group: { type: "string", minLength: 1 } }, ["log_group"]),
    },
    ["type_id", "subnet_id", "name", "node_count"],
  ),
);

export const datastoreUpdateBody = wrap("datastore", obj({ name }, ["name"]));

export interface ResizeSpec {
  flavor_id?: string;
  flavor?: { vcpus: number; ram: number; disk: number };
  disk?: { size: number };
  node_count?: number;
}
export const resizeBody = wrap(
  "resize",
  obj({
    flavor_id: uuid,
    flavor: obj({ vcpus: int(1), ram: int(1), disk: int(1) }, ["vcpus", "ram", "disk"]),
    disk: obj({ size: int(1) }, ["size"]),
    node_count: int(1),
  }),
);
export const poolerBody = wrap("pooler", poolerSpec);
export const firewallBody = wrap(
  "firewall",
  obj({ ips: { type: "array", items: { type: "string", format: "ipv4-or-cidr" }, unique: true } }, ["ips"]),
);
export const configBody = obj({ config: { type: "object", props: {}, open: true } }, ["config"]);
export const passwordBody = wrap("password", obj({ redis_password: { type: "string", minLength: 1 } }, ["redis_password"]));
export const backupsBody = wrap("backups", obj({ backup_retention_days: int(1, 60) }, ["backup_retention_days"]));
export const securityGroupsBody = obj({ security_groups: { type: "array", items: uuid, minItems: 1, unique: true } }, ["security_groups"]);
export const logPlatformBody = wrap("log_platform", obj({ log_group: { type: "string", minLength: 1 } }, ["log_group"]));
export const protectionBody = obj({ protection: bool }, ["protection"]);
export const floatingIpBody = wrap("floating_ip", obj({ instance_id: uuid }, ["instance_id"]));

// ---- children ----

const PG_IDENT = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;
export const userCreateBody = wrap(
  "user",
  obj(
    {
      datastore_id: uuid,
      name: { type: "string", minLength: 1, maxLength: 63, pattern: PG_IDENT },
      password: { type: "string", minLength: 1 },
    },
    ["datastore_id", "name", "password"],
  ),
);
export const userUpdateBody = wrap("user", obj({ password: { type: "string", minLength: 1 } }, ["password"]));
export const databaseCreateBody = wrap(
  "database",
  obj(
    {
      datastore_id: uuid,
      name: { type: "string", minLength: 1, maxLength: 63, pattern: PG_IDENT },
      owner_id: uuid,
      lc_collate: { type: "string", minLength: 1 },
      lc_ctype: { type: "string", minLength: 1 },
    },
    ["datastore_id", "name"],
  ),
);
export const databaseUpdateBody = wrap("database", obj({ owner_id: uuid }, ["owner_id"]));
export const grantCreateBody = wrap(
  "grant",
  obj({ datastore_id: uuid, database_id: uuid, user_id: uuid }, ["datastore_id", "database_id", "user_id"]),
);
export const extensionCreateBody = wrap(
  "extension",
  obj({ available_extension_id: uuid, datastore_id: uuid, database_id: uuid }, ["available_extension_id", "datastore_id", "database_id"]),
);
export const topicCreateBody = wrap(
  "topic",
  obj(
    { datastore_id: uuid, name: { type: "string", minLength: 1, maxLength: 249, pattern: /^[a-zA-Z0-9._-]+$/ }, partitions: int(1, 4000) },
    ["datastore_id", "name", "partitions"],
  ),
);
export const topicUpdateBody = wrap("topic", obj({ partitions: int(1, 4000) }, ["partitions"]));
export const aclCreateBody = wrap(
  "acl",
  obj(
    {
      datastore_id: uuid,
      pattern: { type: "string", minLength: 1 },
      pattern_type: { type: "string", enum: PATTERN_TYPES },
      user_id: uuid,
      allow_read: bool,
      allow_write: bool,
    },
    ["datastore_id", "pattern_type", "user_id", "allow_read", "allow_write"],
  ),
);
export const aclUpdateBody = wrap("acl", obj({ allow_read: bool, allow_write: bool }, ["allow_read", "allow_write"]));
export const slotCreateBody = wrap(
  "logical-replication-slot",
  obj({ name: { type: "string", minLength: 1, maxLength: 63, pattern: /^[a-z0-9_]+$/ }, datastore_id: uuid, database_id: uuid }, [
    "name",
    "datastore_id",
    "database_id",
  ]),
);
export const prometheusTokenBody = wrap("prometheus-metrics-token", obj({ name }, ["name"]));
