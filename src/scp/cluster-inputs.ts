// scp.Cluster (engine "postgresql"): the input schema, the outputs, the field table and the rules
// over old and new inputs. What `check` and `diff` need, and nothing that calls the API.

import { z } from "zod";
import type { FieldSpec } from "../core/diff";
import { InputError } from "../core/errors";
import { blockStorageSize, cidrSet, maintenance, parameterMap, port, scpId, VOLUME_TYPES } from "./inputs";

const BLOCK_ROLES = ["DATA", "ARCHIVE", "TEMP", "BACKUP"] as const;

export const blockStorage = z.object({
  roleType: z.enum(BLOCK_ROLES),
  sizeGb: blockStorageSize,
  volumeType: z.enum(VOLUME_TYPES).default("SSD"),
}).strict();

export const ClusterInputs = z.object({
  engine: z.literal("postgresql", { message: 'must be "postgresql" (cachestore and eventstreams come later)' }),
  name: z.string().regex(/^[a-zA-Z]{3,20}$/, "must be 3–20 letters (a–z, A–Z), no digits or symbols"),
  engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, 'must be a PostgreSQL version such as "16.8"'),
  subnetId: z.string().min(1, "is required"),
  serverType: z.string().min(1, "is required (e.g. db1v2m4)"),
  instanceNamePrefix: z.string().regex(/^[a-z][a-zA-Z0-9-]{2,12}$/, "must be 3–13 characters: a lower-case letter, then letters, digits or '-'"),
  blockStorages: z.array(blockStorage).min(1, "needs at least one DATA block storage")
    .refine((l) => l[0]?.roleType === "DATA", "the first block storage must have roleType DATA"),
  haEnabled: z.boolean().default(false),
  natEnabled: z.boolean().default(false),
  timezone: z.string().min(1).default("Asia/Seoul"),
  allowedIps: cidrSet.default([]),
  maintenance: maintenance.optional(),
  databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{2,19}$/, "must be 3–20 letters or digits, starting with a letter"),
  databaseUserName: z.string().regex(/^[a-z]{2,20}$/, "must be 2–20 lower-case letters"),
  databasePassword: z.string().min(8, "must be 8–30 characters").max(30, "must be 8–30 characters"),
  databasePort: port.default(2866),
  databaseEncoding: z.string().default("UTF-8"),
  databaseLocale: z.string().default("C"),
  backup: z.object({
    retentionDays: z.number().int().min(7, "must be between 7 and 35").max(35, "must be between 7 and 35"),
    startHour: z.number().int().min(0, "must be between 0 and 23").max(23, "must be between 0 and 23"),
    archiveFrequencyMinutes: z.union([z.literal(5), z.literal(10), z.literal(30), z.literal(60)], { message: "must be one of 5, 10, 30, 60" }).default(60),
  }).strict().optional(),
  parameters: parameterMap.default({}),
  auditLog: z.boolean().default(false),
  running: z.boolean().default(true),
  tags: z.record(z.string(), z.string()).default({}),
  adopt: scpId("must be the id of an existing cluster (32 hex characters)").optional(),
}).strict();

export type ClusterInputs = z.infer<typeof ClusterInputs>;

export interface ClusterOutputs extends ClusterInputs {
  serviceState: string;
  softwareVersion: string;
  virtualIpAddress: string;
  endpoint: string;
  connectionString: string;
  isKernelPatchable: boolean;
  /** Ids of `blockStorages`, index for index: how the API's block storage groups are matched to inputs. */
  blockStorageIds: string[];
  instanceGroups: {
    id: string; roleType: string; serverType: string;
    blockStorages: { id: string; roleType: string; sizeGb: number; volumeType: string }[];
    instances: { name: string; roleType: string; serviceState: string; ipAddress: string; publicIpAddress: string }[];
  }[];
}

// ---- field table ----------------------------------------------------------------------------

export const major = (v: unknown) => String(v ?? "").split(".")[0];

export const clusterFields: FieldSpec[] = [
  { key: "engine", apply: { replace: true } },
  { key: "name", apply: { replace: true } },
  { key: "subnetId", apply: { replace: true } },
  { key: "haEnabled", apply: { replace: true } },
  { key: "natEnabled", apply: { replace: true } },
  { key: "timezone", apply: { replace: true } },
  { key: "instanceNamePrefix", apply: { replace: true } },
  { key: "databaseName", apply: { replace: true } },
  { key: "databaseUserName", apply: { replace: true } },
  { key: "databasePort", apply: { replace: true } },
  { key: "databaseEncoding", apply: { replace: true } },
  { key: "databaseLocale", apply: { replace: true } },
  { key: "tags", apply: { replace: true }, doc: "tags are set at creation; this API has no tag endpoint" },
  { key: "engineVersion", apply: { replace: true, when: (a, b) => major(a) !== major(b), otherwise: "engineVersion" }, doc: "a new major version replaces" },
  { key: "serverType", apply: { mutation: "serverType" } },
  {
    key: "blockStorages",
    apply: { replace: true, when: (a, b) => !blockStoragesGrowOnly(a as any, b as any), otherwise: "blockStorages" },
    doc: "grow a size or append a block storage in place; removing one or changing its role or volume type replaces",
  },
  { key: "allowedIps", apply: { mutation: "allowedIps" } },
  { key: "maintenance", apply: { mutation: "maintenance" } },
  { key: "parameters", apply: { mutation: "parameters" } },
  { key: "auditLog", apply: { mutation: "auditLog" } },
  { key: "backup", apply: { mutation: "backup" } },
  { key: "running", apply: { mutation: "running" } },
  { key: "databasePassword", apply: { ignore: true }, secret: true, doc: "set at creation only (the API has no password endpoint); a change is rejected by check" },
  { key: "adopt", apply: { ignore: true } },
];

export type Bs = z.infer<typeof blockStorage>;
/** True when `next` keeps every existing block storage (same role and type, size not smaller) and may append. */
function blockStoragesGrowOnly(prev: Bs[] | undefined, next: Bs[] | undefined): boolean {
  if (!prev || !next || next.length < prev.length) return false;
  return prev.every((p, i) => p.roleType === next[i].roleType && p.volumeType === next[i].volumeType && next[i].sizeGb >= p.sizeGb);
}

export function validateChange(olds: ClusterInputs, news: ClusterInputs): InputError[] {
  const errors: InputError[] = [];
  olds.blockStorages?.forEach((p, i) => {
    const n = news.blockStorages?.[i];
    if (n && n.roleType === p.roleType && n.volumeType === p.volumeType && n.sizeGb < p.sizeGb) {
      errors.push(new InputError(`blockStorages[${i}].sizeGb`, `block storage can only grow: ${p.sizeGb} GB → ${n.sizeGb} GB is a shrink`));
    }
  });
  if (olds.databasePassword !== undefined && news.databasePassword !== olds.databasePassword && !news.adopt) {
    errors.push(new InputError("databasePassword", "cannot be changed after creation: the SCP API has no password endpoint. Change it in the database, or replace the cluster (`pulumi up --replace`)"));
  }
  if (major(olds.engineVersion) === major(news.engineVersion) && compareVersions(news.engineVersion, olds.engineVersion) < 0) {
    errors.push(new InputError("engineVersion", `minor versions can only move forward: ${olds.engineVersion} → ${news.engineVersion}`));
  }
  return errors;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number), pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
