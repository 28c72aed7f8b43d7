// selectel.User, Database, Grant, Topic, Acl, Extension: declarations on the shared child shape.

import { z } from "zod";
import type { NameRule } from "../core/autoname";
import { InputError } from "../core/errors";
import { childDefinition } from "./child";
import type { SelectelClient } from "./client";
import { objectId, sameId } from "./inputs";
import { callSelectel } from "./endpoints";

// Every id goes into a URL path or names another object: the API's id format (a UUID) only.
const id = objectId;

/** User and database names are identifiers (rule below): auto-names are lower-case, joined by '_'. */
const identifierNameRule: NameRule = { max: 63, chars: "a-z0-9_", separator: "_", lowerCase: true };
/** Kafka topic names: letters, digits, '.', '_' or '-', up to 249. */
const topicNameRule: NameRule = { max: 249, chars: "a-zA-Z0-9._-", separator: "-" };

// ---- User ---------------------------------------------------------------------------------

export const userDefinition = childDefinition({
  kind: "selectel:User",
  collection: "users",
  envelope: "user",
  schema: z
    .object({
      clusterId: id,
      name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, "must be 1–63 letters, digits or _, not starting with a digit"),
      password: z.string().min(8, "must be at least 8 characters"),
      adopt: objectId.optional(),
    })
    .strict(),
  fields: [
    { key: "clusterId", apply: { replace: true }, equals: sameId },
    { key: "name", apply: { replace: true } },
    { key: "password", apply: { mutation: "update" }, secret: true, doc: "secret; never read back, so drift cannot be seen" },
    { key: "adopt", apply: { ignore: true } },
  ],
  identity: ["name"],
  uniqueName: true,
  autoName: identifierNameRule,
  createBody: (i) => ({ datastore_id: i.clusterId, name: i.name, password: i.password }),
  updateBody: (d) => ({ password: d.password }),
  fromApi: (o, prev) => ({ clusterId: o.datastore_id, name: o.name, password: prev.password ?? "" }),
});

// ---- Database -----------------------------------------------------------------------------

export const databaseDefinition = childDefinition({
  kind: "selectel:Database",
  collection: "databases",
  envelope: "database",
  schema: z
    .object({
      clusterId: id,
      name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, "must be 1–63 letters, digits or _, not starting with a digit"),
      ownerId: objectId.optional(),
      lcCollate: z.string().default("C"),
      lcCtype: z.string().default("C"),
      adopt: objectId.optional(),
    })
    .strict(),
  fields: [
    { key: "clusterId", apply: { replace: true }, equals: sameId },
    { key: "name", apply: { replace: true } },
    { key: "lcCollate", apply: { replace: true } },
    { key: "lcCtype", apply: { replace: true } },
    { key: "ownerId", apply: { mutation: "update" }, equals: sameId },
    { key: "adopt", apply: { ignore: true } },
  ],
  identity: ["name"],
  uniqueName: true,
  autoName: identifierNameRule,
  createBody: (i) => ({
    datastore_id: i.clusterId,
    name: i.name,
    ...(i.ownerId ? { owner_id: i.ownerId } : {}),
    lc_collate: i.lcCollate,
    lc_ctype: i.lcCtype,
  }),
  updateBody: (d) => ({ owner_id: d.ownerId ?? null }),
  // The API may answer empty locales: keep the declared ones then (reference/selectel.md §3.3).
  fromApi: (o, prev) => ({
    clusterId: o.datastore_id,
    name: o.name,
    ownerId: o.owner_id || undefined,
    lcCollate: o.lc_collate || prev.lcCollate || "C",
    lcCtype: o.lc_ctype || prev.lcCtype || "C",
  }),
});

// ---- Grant --------------------------------------------------------------------------------

export const grantDefinition = childDefinition({
  kind: "selectel:Grant",
  collection: "grants",
  envelope: "grant",
  schema: z.object({ clusterId: id, databaseId: id, userId: id, adopt: objectId.optional() }).strict(),
  fields: [
    { key: "clusterId", apply: { replace: true }, equals: sameId },
    { key: "databaseId", apply: { replace: true }, equals: sameId },
    { key: "userId", apply: { replace: true }, equals: sameId },
    { key: "adopt", apply: { ignore: true } },
  ],
  identity: ["database_id", "user_id"],
  createBody: (i) => ({ datastore_id: i.clusterId, database_id: i.databaseId, user_id: i.userId }),
  fromApi: (o) => ({ clusterId: o.datastore_id, databaseId: o.database_id, userId: o.user_id }),
});

// ---- Topic (Kafka) ------------------------------------------------------------------------

export const topicDefinition = childDefinition({
  kind: "selectel:Topic",
  collection: "topics",
  envelope: "topic",
  schema: z
    .object({
      clusterId: id,
      name: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "must be 1–249 characters: letters, digits, '.', '_' or '-'"),
      partitions: z.number().int().min(1, "must be between 1 and 4000").max(4000, "must be between 1 and 4000"),
      adopt: objectId.optional(),
    })
    .strict(),
  fields: [
    { key: "clusterId", apply: { replace: true }, equals: sameId },
    { key: "name", apply: { replace: true } },
    {
      key: "partitions",
      apply: { mutation: "update" },
      doc: "may only grow; a decrease is rejected by check (Kafka cannot remove partitions)",
    },
    { key: "adopt", apply: { ignore: true } },
  ],
  validateChange: (olds, news) =>
    news.partitions < olds.partitions
      ? [
          new InputError(
            "partitions",
            `Kafka topics can only grow: ${olds.partitions} → ${news.partitions}. To shrink, rename the topic (a new topic is created)`,
          ),
        ]
      : [],
  identity: ["name"],
  uniqueName: true,
  autoName: topicNameRule,
  createBody: (i) => ({ datastore_id: i.clusterId, name: i.name, partitions: i.partitions }),
  updateBody: (d) => ({ partitions: d.partitions }),
  fromApi: (o) => ({ clusterId: o.datastore_id, name: o.name, partitions: o.partitions }),
});

// ---- ACL (Kafka) --------------------------------------------------------------------------

export const aclDefinition = childDefinition({
  kind: "selectel:Acl",
  collection: "acls",
  envelope: "acl",
  schema: z
    .object({
      clusterId: id,
      userId: id,
      patternType: z.enum(["literal", "prefixed", "all"]),
      pattern: z.string().min(1).optional(),
      allowRead: z.boolean().default(false),
      allowWrite: z.boolean().default(false),
      adopt: objectId.optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (!v.allowRead && !v.allowWrite)
        ctx.addIssue({ code: "custom", path: ["allowRead"], message: "at least one of allowRead or allowWrite must be true" });
      if (v.patternType === "all" && v.pattern !== undefined)
        ctx.addIssue({ code: "custom", path: ["pattern"], message: 'must be omitted when patternType is "all"' });
      if (v.patternType !== "all" && v.pattern === undefined)
        ctx.addIssue({ code: "custom", path: ["pattern"], message: `is required when patternType is "${v.patternType}"` });
    }),
  fields: [
    { key: "clusterId", apply: { replace: true }, equals: sameId },
    { key: "userId", apply: { replace: true }, equals: sameId },
    { key: "patternType", apply: { replace: true } },
    { key: "pattern", apply: { replace: true } },
    { key: "allowRead", apply: { mutation: "update" } },
    { key: "allowWrite", apply: { mutation: "update" } },
    { key: "adopt", apply: { ignore: true } },
  ],
  identity: ["user_id", "pattern_type", "pattern"],
  // The API keeps no rule against two equal ACLs (seed 004 is silent; the simulator follows it).
  duplicatesAllowed: true,
  createBody: (i) => ({
    datastore_id: i.clusterId,
    user_id: i.userId,
    pattern_type: i.patternType,
    ...(i.pattern !== undefined ? { pattern: i.pattern } : {}),
    allow_read: i.allowRead,
    allow_write: i.allowWrite,
  }),
  updateBody: (d) => ({ allow_read: d.allowRead, allow_write: d.allowWrite }),
  fromApi: (o) => ({
    clusterId: o.datastore_id,
    userId: o.user_id,
    patternType: o.pattern_type as "literal" | "prefixed" | "all",
    pattern: o.pattern_type === "all" ? undefined : (o.pattern ?? undefined),
    allowRead: !!o.allow_read,
    allowWrite: !!o.allow_write,
  }),
});

// ---- Extension (PostgreSQL) ---------------------------------------------------------------

/** The id of the extension `name` as offered for the cluster's datastore type; refused with the list otherwise. */
async function availableExtension(api: SelectelClient, clusterId: string, name: string): Promise<string> {
  const ds = await api.datastore(clusterId);
  const list = (await callSelectel(api.http, "GET /available-extensions"))["available-extensions"];
  const forType = list.filter((e) => !e.datastore_type_ids || e.datastore_type_ids.includes(ds.type_id));
  const match = forType.find((e) => e.name === name);
  if (!match)
    throw new InputError(
      "name",
      `extension ${name} is not available for this cluster; available: ${forType.map((e) => e.name).join(", ")}`,
    );
  return match.id;
}

export const extensionDefinition = childDefinition({
  kind: "selectel:Extension",
  collection: "extensions",
  envelope: "extension",
  schema: z
    .object({
      clusterId: id,
      databaseId: id,
      /** By name (resolved for the cluster's datastore type) or by available-extension id: exactly one. */
      name: z
        .string()
        .regex(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,62}$/, "must be an extension name such as pgcrypto (1–63 letters, digits, '_', '.' or '-')")
        .optional(),
      availableExtensionId: objectId.optional(),
      adopt: objectId.optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if ((v.name === undefined) === (v.availableExtensionId === undefined))
        ctx.addIssue({ code: "custom", path: ["name"], message: "set exactly one of name or availableExtensionId" });
    }),
  fields: [
    { key: "clusterId", apply: { replace: true }, equals: sameId },
    { key: "databaseId", apply: { replace: true }, equals: sameId },
    { key: "name", apply: { replace: true } },
    { key: "availableExtensionId", apply: { replace: true }, equals: sameId },
    { key: "adopt", apply: { ignore: true } },
  ],
  identity: ["database_id", "available_extension_id"],
  async createBody(i, api) {
    const available = i.availableExtensionId ?? (await availableExtension(api, i.clusterId, i.name!));
    return { datastore_id: i.clusterId, database_id: i.databaseId, available_extension_id: available };
  },
  // Preview refuses a name the cluster's type does not offer, once the cluster exists (its id is known).
  async checkCatalog(api, news, olds) {
    if (
      news.clusterId &&
      news.name &&
      news.availableExtensionId === undefined &&
      (news.name !== olds.name || news.clusterId !== olds.clusterId)
    ) {
      await availableExtension(api, news.clusterId, news.name);
    }
  },
  // Whichever form the program used is what refresh reports.
  fromApi: (o, prev) => ({
    clusterId: o.datastore_id,
    databaseId: o.database_id,
    ...(prev.availableExtensionId !== undefined || prev.name === undefined
      ? { availableExtensionId: o.available_extension_id }
      : { name: prev.name }),
  }),
  outputs: (o) => ({ availableExtensionIdResolved: o.available_extension_id }),
});
