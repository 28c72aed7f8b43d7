// scp.Cluster with engine "cachestore" (Redis with Sentinel, API `cachestore 1.0`): the input
// schema, the outputs, the field table and the rules over old and new inputs. What `check` and
// `diff` need, and nothing that calls the API.

import { z } from "zod";
import type { FieldSpec } from "../../core/diff";
import { type InputError } from "../../core/errors";
import { tsType } from "../../core/ts-type";
import { downgradeError } from "../../core/versions";
import { shown } from "../../core/values";
import { port } from "../inputs";
import { REDIS_COMMANDS } from "./redis-commands";
import {
  backupScheduleShape,
  blockStorageEntry,
  blockStoragesRow,
  createOnlySecretError,
  replacedBy,
  kitChangeErrors,
  kitRows,
  kitSchemaShape,
  type KitOutputs,
} from "../kit/rows";
import { restoreFromRow, restoreFromSchema } from "../kit/restore";

/** CacheStore block storage: 56–5120 GB in steps of 8 (reference/scp.md §3). */
const size = z
  .number()
  .int()
  .min(56, "must be between 56 and 5120 GB")
  .max(5120, "must be between 56 and 5120 GB")
  .refine((n) => n % 8 === 0, "must be a multiple of 8 GB");

export const blockStorage = tsType(blockStorageEntry(["DATA"] as const, size), {
  input: "CacheStoreBlockStorageArgs",
  output: "BlockStorage",
});

const REDIS_NAME = /^[a-z][a-z0-9-]*$/;
const COMMAND = /^[A-Z][A-Z0-9_-]*$/;

/** Redis configuration by name (`maxmemory-policy`, `timeout`), values as strings; checked against the catalogue later. */
const redisParameters = z
  .record(z.string(), tsType(z.union([z.string(), z.number(), z.boolean()]).transform(String), { output: "string" }))
  .superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      if (!REDIS_NAME.test(name))
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "is not a Redis parameter name (lower-case letters, digits and '-', e.g. maxmemory-policy)",
        });
    }
  });

/**
 * Redis commands renamed, by command: `{ CONFIG: "cfg-9f2" }` makes CONFIG answer to `cfg-9f2`. A
 * command the program does not list keeps (or gets back) its own name. The API's schema takes 3–20
 * characters, so a command cannot be disabled (Redis's `rename-command X ""`) through it.
 */
const commands = z
  .record(
    z.string(),
    z.string().regex(/^[A-Za-z0-9_-]{3,20}$/, 'must be a new name of 3–20 letters, digits, "_" or "-" (the API cannot disable a command)'),
  )
  .superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      if (!COMMAND.test(name))
        ctx.addIssue({ code: "custom", path: [name], message: "is not a Redis command name in upper case (e.g. FLUSHALL)" });
      else if (!REDIS_COMMANDS.has(name))
        ctx.addIssue({
          code: "custom",
          path: [name],
          message:
            `${shown(name)} is not a Redis command (Redis 7 command reference), so no cluster can rename it; ` +
            `e.g. FLUSHALL, KEYS, CONFIG`,
        });
    }
  });

export const CachestoreInputs = z
  .object({
    engine: z.literal("cachestore"),
    name: kitSchemaShape.name,
    engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, 'must be a Redis version such as "7.2.4"'),
    subnetId: kitSchemaShape.subnetId,
    serverType: z.string().min(1, "is required (e.g. redis1v2m4)"),
    instanceNamePrefix: kitSchemaShape.instanceNamePrefix,
    blockStorages: z.array(blockStorage).length(1, "must be exactly one DATA block storage (CacheStore has no endpoint to add one)"),
    haEnabled: z.boolean().default(false),
    replicaCount: z.number().int().min(0, "must be 0, 1 or 2").max(2, "must be 0, 1 or 2").default(0),
    natEnabled: kitSchemaShape.natEnabled,
    timezone: kitSchemaShape.timezone,
    allowedIps: kitSchemaShape.allowedIps,
    maintenance: kitSchemaShape.maintenance,
    databasePort: port.default(6378),
    sentinelPort: port.default(26378),
    databasePassword: z.string().min(8, "must be 8–30 characters").max(30, "must be 8–30 characters"),
    backup: tsType(z.object({ ...backupScheduleShape }).strict(), { input: "CacheStoreBackupArgs", output: "Backup" }).optional(),
    parameters: redisParameters.default({}),
    commands: commands.default({}),
    running: kitSchemaShape.running,
    tags: kitSchemaShape.tags,
    /** Create from a backup of another CacheStore cluster (Create Restore Cluster); read at creation only. */
    restoreFrom: restoreFromSchema.optional(),
    adopt: kitSchemaShape.adopt,
  })
  .strict()
  .superRefine((i, ctx) => {
    // Sentinel watches the master from replicas: HA without one has nothing to fail over to.
    if (i.haEnabled && i.replicaCount < 1)
      ctx.addIssue({
        code: "custom",
        path: ["replicaCount"],
        message: "must be 1 or 2 when haEnabled (Sentinel needs a replica to fail over to)",
      });
    if (i.haEnabled && i.databasePort === i.sentinelPort)
      ctx.addIssue({ code: "custom", path: ["sentinelPort"], message: "must differ from databasePort" });
    if (i.restoreFrom && i.adopt) ctx.addIssue({ code: "custom", path: ["restoreFrom"], message: "cannot be combined with adopt" });
  });

export type CachestoreInputs = z.infer<typeof CachestoreInputs>;

export type InstanceByRole = { name: string; ipAddress: string; serviceState: string };

export interface CachestoreOutputs extends CachestoreInputs, KitOutputs {
  /** `host:port` of the master. */
  endpoint: string;
  /** `host:port` of the first sentinel ("" without sentinels). */
  sentinelEndpoint: string;
  /** `redis://:password@host:port`: a secret output. */
  connectionString: string;
  instances: { MASTER: InstanceByRole[]; REPLICA: InstanceByRole[]; SENTINEL: InstanceByRole[] };
}

// ---- field table ----------------------------------------------------------------------------

export const cachestoreFields: FieldSpec[] = [
  kitRows.engine,
  kitRows.name,
  kitRows.subnetId,
  {
    key: "engineVersion",
    apply: { replace: true },
    doc: "CacheStore 1.0 has no version patch endpoint; an older version is refused by check",
  },
  { key: "haEnabled", apply: { replace: true } },
  {
    key: "replicaCount",
    apply: { replace: true },
    doc: "no endpoint changes it (Create Cluster only); a change replaces the cluster, delete first",
  },
  kitRows.natEnabled,
  kitRows.timezone,
  kitRows.instanceNamePrefix,
  { key: "databasePort", apply: { replace: true } },
  { key: "sentinelPort", apply: { replace: true } },
  kitRows.tags,
  kitRows.serverType,
  blockStoragesRow(false),
  kitRows.allowedIps,
  kitRows.maintenance,
  kitRows.parameters,
  {
    key: "commands",
    apply: { mutation: "commands" },
    doc: "renames only (the API takes 3–20 characters); a command left out gets its own name back",
  },
  kitRows.backup,
  kitRows.running,
  {
    key: "databasePassword",
    apply: { ignore: true },
    secret: true,
    doc: "set at creation only (the API has no password endpoint); a change is rejected by check",
  },
  restoreFromRow,
  kitRows.adopt,
];

export function validateChange(olds: CachestoreInputs, news: CachestoreInputs): InputError[] {
  const errors = kitChangeErrors(olds, news);
  const password = createOnlySecretError("databasePassword", olds, news, replacedBy(cachestoreFields, olds, news));
  if (password) errors.push(password);
  // Every version change replaces (no patch endpoint); going back is refused, never planned.
  const downgrade = downgradeError("engineVersion", olds.engineVersion, news.engineVersion, "a new scp.Cluster");
  if (downgrade) errors.push(downgrade);
  return errors;
}
