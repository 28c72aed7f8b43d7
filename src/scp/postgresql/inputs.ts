// scp.Cluster with engine "postgresql": the input schema, the outputs, the field table and the rules
// over old and new inputs. What `check` and `diff` need, and nothing that calls the API.

import { z } from "zod";
import type { FieldSpec } from "../../core/diff";
import { type InputError } from "../../core/errors";
import { tsType } from "../../core/ts-type";
import { blockStorageSize, parameterMap, port, versionChangeError } from "../inputs";

export { compareVersions } from "../../core/versions";
import { restoreFromRow, restoreFromSchema } from "../kit/restore";
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

export const blockStorage = tsType(blockStorageEntry(["DATA", "ARCHIVE", "TEMP", "BACKUP"] as const, blockStorageSize), {
  input: "BlockStorageArgs",
  output: "BlockStorage",
});

/**
 * DATA may repeat; ARCHIVE, TEMP and BACKUP each have one job in a cluster, so a second one is
 * refused here rather than by the create or add-storage call at `up` (the document is silent; the
 * simulator, standing for the service, refuses it with 400).
 */
export function oneDiskPerSpecialRole(list: { roleType: string }[], ctx: z.RefinementCtx): void {
  for (const role of ["ARCHIVE", "TEMP", "BACKUP"]) {
    const at = list.flatMap((b, i) => (b.roleType === role ? [i] : []));
    if (at.length > 1)
      ctx.addIssue({
        code: "custom",
        path: [at[1], "roleType"],
        message: `a second ${role} block storage (entries ${at.join(" and ")}): a cluster has at most one ARCHIVE, TEMP and BACKUP disk; DATA may repeat`,
      });
  }
}

export const PostgresqlInputs = z
  .object({
    engine: z.literal("postgresql"),
    name: kitSchemaShape.name,
    engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, 'must be a PostgreSQL version such as "16.6"'),
    subnetId: kitSchemaShape.subnetId,
    serverType: z.string().min(1, "is required (e.g. db1v2m4)"),
    instanceNamePrefix: kitSchemaShape.instanceNamePrefix,
    blockStorages: z
      .array(blockStorage)
      .min(1, "needs at least one DATA block storage")
      .refine((l) => l[0]?.roleType === "DATA", "the first block storage must have roleType DATA")
      .superRefine(oneDiskPerSpecialRole),
    haEnabled: z.boolean().default(false),
    natEnabled: kitSchemaShape.natEnabled,
    timezone: kitSchemaShape.timezone,
    allowedIps: kitSchemaShape.allowedIps,
    maintenance: kitSchemaShape.maintenance,
    databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{2,19}$/, "must be 3–20 letters or digits, starting with a letter"),
    databaseUserName: z.string().regex(/^[a-z]{2,20}$/, "must be 2–20 lower-case letters"),
    databasePassword: z.string().min(8, "must be 8–30 characters").max(30, "must be 8–30 characters"),
    databasePort: port.default(2866),
    databaseEncoding: z.string().default("UTF-8"),
    databaseLocale: z.string().default("C"),
    backup: tsType(
      z
        .object({
          ...backupScheduleShape,
          archiveFrequencyMinutes: z
            .union([z.literal(5), z.literal(10), z.literal(30), z.literal(60)], { message: "must be one of 5, 10, 30, 60" })
            .default(60),
        })
        .strict(),
      { input: "BackupArgs", output: "Backup" },
    ).optional(),
    parameters: parameterMap.default({}),
    auditLog: z.boolean().default(false),
    running: kitSchemaShape.running,
    tags: kitSchemaShape.tags,
    /** Create from a backup of another PostgreSQL cluster (Create Restore Cluster); read at creation only. */
    restoreFrom: restoreFromSchema.optional(),
    adopt: kitSchemaShape.adopt,
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.restoreFrom && i.adopt) ctx.addIssue({ code: "custom", path: ["restoreFrom"], message: "cannot be combined with adopt" });
  });

export type PostgresqlInputs = z.infer<typeof PostgresqlInputs>;

export interface PostgresqlOutputs extends PostgresqlInputs, KitOutputs {
  virtualIpAddress: string;
  endpoint: string;
  connectionString: string;
  isKernelPatchable: boolean;
}

// ---- field table ----------------------------------------------------------------------------

export const major = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "").split(".")[0];

export const postgresqlFields: FieldSpec[] = [
  kitRows.engine,
  kitRows.name,
  kitRows.subnetId,
  { key: "haEnabled", apply: { replace: true } },
  kitRows.natEnabled,
  kitRows.timezone,
  kitRows.instanceNamePrefix,
  { key: "databaseName", apply: { replace: true } },
  { key: "databaseUserName", apply: { replace: true } },
  { key: "databasePort", apply: { replace: true } },
  { key: "databaseEncoding", apply: { replace: true } },
  { key: "databaseLocale", apply: { replace: true } },
  kitRows.tags,
  {
    key: "engineVersion",
    apply: { replace: true, when: (a, b) => major(a) !== major(b), otherwise: "engineVersion" },
    doc: "a new major version replaces; an older version is refused by check",
  },
  kitRows.serverType,
  blockStoragesRow(true),
  kitRows.allowedIps,
  kitRows.maintenance,
  kitRows.parameters,
  { key: "auditLog", apply: { mutation: "auditLog" } },
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

export function validateChange(olds: PostgresqlInputs, news: PostgresqlInputs): InputError[] {
  const errors = kitChangeErrors(olds, news);
  const password = createOnlySecretError("databasePassword", olds, news, replacedBy(postgresqlFields, olds, news));
  if (password) errors.push(password);
  const downgrade = versionChangeError(olds.engineVersion, news.engineVersion, "a new scp.Cluster");
  if (downgrade) errors.push(downgrade);
  return errors;
}
