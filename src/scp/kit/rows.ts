// What every SCP cluster engine declares the same way: the input schema entries, the field-table
// rows and the outputs the kit computes. An engine's own file spreads these and adds its own.

import { z } from "zod";
import { deepEqual, type FieldSpec } from "../../core/diff";
import { InputError } from "../../core/errors";
import { cidrSet, maintenance, networkId, scpId, tagMap, timezone, VOLUME_TYPES } from "../inputs";
import type { Maintenance } from "../inputs";

/** Inputs the kit's mutations and translations read; every engine has them. */
export interface KitInputs {
  engine: string;
  name: string;
  serverType: string;
  blockStorages: BlockStorage[];
  allowedIps: string[];
  maintenance?: Maintenance;
  /** Engines without a parameter API (EventStreams here) leave it out. */
  parameters?: Record<string, string>;
  running: boolean;
  tags: Record<string, string>;
  adopt?: string;
}

export interface BlockStorage {
  roleType: string;
  sizeGb: number;
  volumeType: string;
}

export interface InstanceGroupOutput {
  id: string;
  roleType: string;
  serverType: string;
  blockStorages: { id: string; roleType: string; sizeGb: number; volumeType: string }[];
  instances: { name: string; roleType: string; serviceState: string; ipAddress: string; publicIpAddress: string }[];
}

/** Outputs the kit computes for every engine. */
export interface KitOutputs {
  serviceState: string;
  softwareVersion: string;
  /** Ids of `blockStorages`, index for index: how the API's block storage groups are matched to inputs. */
  blockStorageIds: string[];
  instanceGroups: InstanceGroupOutput[];
}

/** A block storage entry; `roles` and `size` are the engine's (PostgreSQL 16–5120 GB, CacheStore 56–5120 GB). */
export const blockStorageEntry = <R extends readonly [string, ...string[]]>(roles: R, size: z.ZodType<number>) =>
  z
    .object({
      roleType: z.enum(roles),
      sizeGb: size,
      volumeType: z.enum(VOLUME_TYPES).default("SSD"),
    })
    .strict();

/** Schema entries with the same rule in every engine. */
/** The tag every SCP object created by this package carries: the owner key (kit/engine.ts). */
export const OWNER_TAG = "pulumi-dbaas-owner";

export const kitSchemaShape = {
  name: z.string().regex(/^[a-zA-Z]{3,20}$/, "must be 3–20 letters (a–z, A–Z), no digits or symbols"),
  subnetId: networkId,
  instanceNamePrefix: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9-]{2,12}$/, "must be 3–13 characters: a lower-case letter, then letters, digits or '-'"),
  natEnabled: z.boolean().default(false),
  timezone: timezone.default("Asia/Seoul"),
  allowedIps: cidrSet.default([]),
  maintenance: maintenance.optional(),
  running: z.boolean().default(true),
  tags: tagMap
    .default({})
    .refine((t) => !Object.hasOwn(t, OWNER_TAG), `the key ${OWNER_TAG} is set by pulumi-dbaas itself (the owner's mark); use another key`),
  adopt: scpId("must be the id of an existing cluster (32 hex characters)").optional(),
};

/** Backup retention and start hour: the same rule in every engine that has backups. */
export const backupScheduleShape = {
  retentionDays: z.number().int().min(7, "must be between 7 and 35").max(35, "must be between 7 and 35"),
  startHour: z.number().int().min(0, "must be between 0 and 23").max(23, "must be between 0 and 23"),
};

/** True when `next` keeps every existing block storage (same role and type, size not smaller) and may append (when `append`). */
export function blockStoragesGrowOnly(prev: BlockStorage[] | undefined, next: BlockStorage[] | undefined, append: boolean): boolean {
  if (!prev || !next || next.length < prev.length || (!append && next.length !== prev.length)) return false;
  return prev.every((p, i) => p.roleType === next[i].roleType && p.volumeType === next[i].volumeType && next[i].sizeGb >= p.sizeGb);
}

/** Rows with the same meaning in every engine, by key; an engine lists them in its own table. */
export const kitRows = {
  engine: { key: "engine", apply: { replace: true } },
  name: { key: "name", apply: { replace: true } },
  subnetId: { key: "subnetId", apply: { replace: true } },
  natEnabled: { key: "natEnabled", apply: { replace: true } },
  // check spells a zone as IANA does ("asia/seoul" → "Asia/Seoul"): a state or an API answer in
  // another case names the same zone, never a replacement.
  timezone: {
    key: "timezone",
    apply: { replace: true },
    equals: (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b),
  },
  instanceNamePrefix: { key: "instanceNamePrefix", apply: { replace: true } },
  tags: { key: "tags", apply: { replace: true }, doc: "set at creation only (this API has no tag endpoint): a change is refused by check" },
  serverType: { key: "serverType", apply: { mutation: "serverType" } },
  allowedIps: { key: "allowedIps", apply: { mutation: "allowedIps" } },
  maintenance: { key: "maintenance", apply: { mutation: "maintenance" } },
  parameters: { key: "parameters", apply: { mutation: "parameters" } },
  backup: {
    key: "backup",
    apply: { mutation: "backup" },
    omittedIsUnmanaged: true,
    doc: "left out: not managed here (an `scp.BackupPolicy` may own it), never diffed",
  },
  running: { key: "running", apply: { mutation: "running" } },
  adopt: { key: "adopt", apply: { ignore: true } },
} as const satisfies Record<string, FieldSpec>;

/** The block storage row: growing a size (and, where the API can add one, appending) is in place; anything else replaces. */
export function blockStoragesRow(append: boolean): FieldSpec {
  return {
    key: "blockStorages",
    apply: {
      replace: true,
      when: (a, b) => !blockStoragesGrowOnly(a as BlockStorage[], b as BlockStorage[], append),
      otherwise: "blockStorages",
    },
    doc: append
      ? "grow a size or append a block storage in place; removing one or changing its role or volume type replaces"
      : "grow the size in place; a volume type change replaces (the API has no endpoint to add a block storage)",
  };
}

/**
 * Old/new rules every engine has: block storage only grows; tags are set at creation only. Tags are
 * labels: the API has no tag endpoint, and the only plan left (a replacement, which deletes the
 * database first since names are unique) is never what a label change means, so it is refused.
 */
export function kitChangeErrors(olds: KitInputs, news: KitInputs): InputError[] {
  const errors: InputError[] = [];
  if (olds.tags !== undefined && !news.adopt && JSON.stringify(sortedTags(olds.tags)) !== JSON.stringify(sortedTags(news.tags))) {
    errors.push(
      new InputError(
        "tags",
        `cannot change after creation: this API has no tag endpoint, and replacing the cluster would ` +
          `delete this database first, so nothing is planned. Keep ${JSON.stringify(olds.tags)} here and ` +
          `change the tags in the SCP console (Resource Manager), or declare a new cluster (another name) ` +
          `with the new tags`,
      ),
    );
  }
  olds.blockStorages?.forEach((p, i) => {
    const n = news.blockStorages?.[i];
    if (n && n.roleType === p.roleType && n.volumeType === p.volumeType && n.sizeGb < p.sizeGb) {
      errors.push(new InputError(`blockStorages[${i}].sizeGb`, `block storage can only grow: ${p.sizeGb} GB → ${n.sizeGb} GB is a shrink`));
    }
  });
  return errors;
}

const sortedTags = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).sort(([a], [b]) => a.localeCompare(b));

/**
 * Whether olds → news replaces the resource whatever else changes (a property that always replaces
 * differs): values only a create can set are then the new object's, not a change.
 */
export function replacedBy(fields: readonly FieldSpec[], olds: object, news: object): boolean {
  const o = olds as Record<string, unknown>;
  const n = news as Record<string, unknown>;
  return fields.some((f) => "replace" in f.apply && f.apply.when === undefined && !(f.equals ?? deepEqual)(o[f.key], n[f.key]));
}

/**
 * A secret set at creation that no endpoint can change: refused in check, with the way out. Not
 * `pulumi up --replace`: check runs first and sees only the changed secret, never the flag.
 */
export function createOnlySecretError(
  key: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  replaced = false,
): InputError | undefined {
  if (olds[key] === undefined || news[key] === olds[key] || news.adopt || replaced) return undefined;
  return new InputError(
    key,
    "cannot be changed after creation: the SCP API has no password endpoint. Change it in the " +
      "database, or replace the cluster: change it together with a property that replaces the cluster " +
      "(e.g. instanceNamePrefix)",
  );
}
