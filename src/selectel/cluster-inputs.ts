// selectel.Cluster's inputs: the schema `check` parses with, the outputs' shape, and the field
// table (replace list, property → mutation map, README table); the lifecycle is in ./cluster.ts.

import { z } from "zod";
import type { FieldSpec } from "../core/diff";
import { tsType } from "../core/ts-type";
import { canonical } from "./config";
import { firewallEntry, objectId, subnetId } from "./inputs";

export const ENGINES = ["postgresql", "mysql", "redis", "kafka"] as const;
const POOLER_MODES = ["session", "transaction", "statement"] as const;
const uuidish = z.string().regex(/^[0-9a-fA-F-]{32,36}$/, "must be a UUID");

/** Config values are kept as canonical strings so "128", 128 and 128.0 never diff; they are typed when sent. */
const configValue = tsType(
  z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? null : canonical(v))),
  { output: "string | null" },
);

export const SelectelClusterInputs = z
  .object({
    engine: z.enum(ENGINES),
    version: z.string().min(1, 'is required, e.g. "16"'),
    name: z.string().min(3, "must be 3–255 characters").max(255, "must be 3–255 characters"),
    subnetId,
    nodeCount: z.number().int().min(1, "must be between 1 and 6").max(6, "must be between 1 and 6").default(1),
    flavorId: z.string().optional(),
    flavor: tsType(
      z.object({ vcpus: z.number().int().positive(), ram: z.number().int().positive(), disk: z.number().int().positive() }).strict(),
      { input: "Flavor", output: "Flavor" },
    ).optional(),
    diskType: z.enum(["local", "network-ultra"]).optional(),
    config: z.record(z.string(), configValue).default({}),
    firewall: tsType(
      z
        .array(firewallEntry)
        .default([])
        .transform((l) => [...new Set(l)].sort()),
      { output: "string[]" },
    ),
    pooler: tsType(
      z
        .object({ mode: z.enum(POOLER_MODES), size: z.number().int().min(1, "must be at least 1").max(500, "must be at most 500") })
        .strict(),
      { input: "Pooler", output: "Pooler" },
    ).optional(),
    redisPassword: z.string().min(8, "must be at least 8 characters").optional(),
    securityGroups: tsType(
      z
        .array(uuidish)
        .min(1, "must list at least one group, or be omitted for the default group")
        .optional()
        .transform((l) => (l ? [...new Set(l)].sort() : undefined)),
      { output: "string[] | undefined" },
    ),
    backupRetentionDays: z.number().int().min(1, "must be between 1 and 35").max(35, "must be between 1 and 35").optional(),
    deletionProtection: z.boolean().default(false),
    restore: tsType(
      z
        .object({ clusterId: objectId, targetTime: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'must be "YYYY-MM-DDTHH:MM:SS"') })
        .strict(),
      { input: "Restore", output: "Restore" },
    ).optional(),
    adopt: objectId.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.flavorId === undefined) === (v.flavor === undefined)) {
      ctx.addIssue({ code: "custom", path: ["flavorId"], message: "set exactly one of flavorId or flavor {vcpus, ram, disk}" });
    }
    if (v.pooler && v.engine !== "postgresql") ctx.addIssue({ code: "custom", path: ["pooler"], message: "is only for engine postgresql" });
    if (v.redisPassword !== undefined && v.engine !== "redis")
      ctx.addIssue({ code: "custom", path: ["redisPassword"], message: "is only for engine redis" });
    if (v.engine === "redis" && v.redisPassword === undefined)
      ctx.addIssue({ code: "custom", path: ["redisPassword"], message: "is required for engine redis" });
    if (v.engine === "redis" && v.flavor) ctx.addIssue({ code: "custom", path: ["flavor"], message: "redis clusters take flavorId only" });
    if (v.engine === "kafka" && v.nodeCount !== 1)
      ctx.addIssue({ code: "custom", path: ["nodeCount"], message: "must be 1 for engine kafka" });
    if (v.engine === "kafka" && v.backupRetentionDays !== undefined)
      ctx.addIssue({ code: "custom", path: ["backupRetentionDays"], message: "kafka clusters have no backups" });
  });
export type SelectelClusterInputs = z.infer<typeof SelectelClusterInputs>;

export interface SelectelClusterOutputs extends SelectelClusterInputs {
  status: string;
  typeId: string;
  connection: Record<string, string>;
  instances: { id: string; ip: string; floatingIp: string; role: string; status: string; hostname: string }[];
  effectiveFlavorId: string;
}

export const selectelClusterFields: FieldSpec[] = [
  { key: "engine", apply: { replace: true } },
  { key: "version", apply: { replace: true }, doc: "an older version is refused by check" },
  { key: "subnetId", apply: { replace: true } },
  { key: "diskType", apply: { replace: true }, doc: "the flavor's disk type cannot change" },
  { key: "name", apply: { mutation: "name" } },
  { key: "nodeCount", apply: { mutation: "resize" } },
  { key: "flavorId", apply: { mutation: "resize" } },
  { key: "flavor", apply: { mutation: "resize" }, doc: "switching between flavorId and flavor works both ways" },
  { key: "config", apply: { mutation: "config" }, doc: "a removed key is reset with null" },
  { key: "firewall", apply: { mutation: "firewall" }, doc: "applied after the cluster is ACTIVE (the API cannot set it at create)" },
  { key: "pooler", apply: { mutation: "pooler" }, doc: "PostgreSQL; omitted = the server's default pooler, never diffed" },
  { key: "redisPassword", apply: { mutation: "password" }, secret: true },
  { key: "securityGroups", apply: { mutation: "securityGroups" }, doc: "omitted = the server's default group, never diffed" },
  { key: "backupRetentionDays", apply: { mutation: "backups" }, doc: "omitted = not managed here (see selectel.BackupPolicy)" },
  { key: "deletionProtection", apply: { mutation: "protection" } },
  { key: "restore", apply: { ignore: true }, doc: "create only" },
  { key: "adopt", apply: { ignore: true } },
];
