// zod schemas of the Selectel DBaaS bodies we read (seed 004, reference/selectel.md §1.3). Lenient:
// unknown fields pass, optional ones may be null, `floating_ip` may be the string "None".

import { z } from "zod";

const str = z
  .string()
  .nullish()
  .transform((v) => v ?? "");
const ip = z
  .string()
  .nullish()
  .transform((v) => (v && v !== "None" ? v : ""));

export const Datastore = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  type_id: z.string(),
  subnet_id: str,
  flavor_id: str,
  flavor: z.object({ vcpus: z.number(), ram: z.number(), disk: z.number(), disk_type: str }).nullish(),
  node_count: z.number(),
  connection: z.record(z.string(), z.string()).nullish(),
  config: z.record(z.string(), z.unknown()).nullish(),
  instances: z.array(z.object({ id: z.string(), ip: str, floating_ip: ip, role: str, status: str, hostname: str })).nullish(),
  firewall: z.array(z.object({ ip: z.string() })).nullish(),
  pooler: z.object({ mode: str, size: z.number() }).nullish(),
  security_groups: z.array(z.string()).nullish(),
  log_platform: z.object({ log_group: str }).nullish(),
  backup_retention_days: z.number().nullish(),
  is_protected: z.boolean().nullish(),
  created_at: str,
  updated_at: str,
});
export type Datastore = z.infer<typeof Datastore>;

export const DatastoreEnvelope = z.object({ datastore: Datastore });
export const DatastoreList = z.object({ datastores: z.array(Datastore) });

export const DatastoreTypes = z.object({
  "datastore-types": z.array(z.object({ id: z.string(), engine: z.string(), version: z.string() })),
});

export const Flavors = z.object({
  flavors: z.array(
    z.object({
      id: z.string(),
      vcpus: z.number(),
      ram: z.number(),
      disk: z.number(),
      datastore_type_ids: z.array(z.string()).nullish(),
    }),
  ),
});

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const ConfigurationParameter = z.object({
  name: z.string(),
  type: z.string(),
  datastore_type_id: str,
  min: z.number().nullish(),
  max: z.number().nullish(),
  choices: z.array(scalar).nullish(),
  invalid_values: z.array(scalar).nullish(),
  is_changeable: z.boolean().nullish(),
  can_be_empty: z.boolean().nullish(),
  is_multiple_choice_available: z.boolean().nullish(),
});
export type ConfigurationParameter = z.infer<typeof ConfigurationParameter>;
export const ConfigurationParameters = z.object({ "configuration-parameters": z.array(ConfigurationParameter) });

export const AvailableExtensions = z.object({
  "available-extensions": z.array(z.object({ id: z.string(), name: z.string(), datastore_type_ids: z.array(z.string()).nullish() })),
});

// ---- children (reference/selectel.md §1.3 "Object fields"; seed 004) ----------------------------
// Each child has the common fields and its own; unknown fields pass. `pattern` stays null when
// absent (an ACL of pattern type "all"): the create look-up compares it with the body's.

const childBase = { id: z.string(), status: z.string(), datastore_id: str, created_at: str, updated_at: str };

export const User = z.object({ ...childBase, name: z.string() }).passthrough();
export const Database = z
  .object({ ...childBase, name: z.string(), owner_id: z.string().nullish(), lc_collate: str, lc_ctype: str })
  .passthrough();
export const Grant = z.object({ ...childBase, database_id: z.string(), user_id: z.string() }).passthrough();
export const Topic = z.object({ ...childBase, name: z.string(), partitions: z.number() }).passthrough();
export const Acl = z
  .object({
    ...childBase,
    user_id: z.string(),
    pattern: z.string().nullish(),
    pattern_type: z.string(),
    allow_read: z.boolean().nullish(),
    allow_write: z.boolean().nullish(),
  })
  .passthrough();
export const Extension = z.object({ ...childBase, database_id: z.string(), available_extension_id: z.string() }).passthrough();
