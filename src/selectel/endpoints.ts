// The Selectel endpoint tables (core/endpoints.ts): every path the package calls, with the zod
// schemas of its request body and its answer (reference/selectel.md §1.3, seed 004). Mutations and
// lifecycle calls name these rows; `callSelectel` sends them. Ids are `{id}` path parameters,
// path-encoded (one segment: never a path, a query or a fragment).

import { z } from "zod";
import {
  callEndpoint,
  endpointPath,
  endpointTable,
  row,
  type CallOptions,
  type Cloud,
  type Endpoint,
  type EndpointTable,
} from "../core/endpoints";
import type { HttpClient } from "../core/http";
import {
  Acl,
  AvailableExtensions,
  ConfigurationParameters,
  Database,
  DatastoreEnvelope,
  DatastoreList,
  DatastoreTypes,
  Extension,
  Flavors,
  Grant,
  Topic,
  User,
} from "./schemas";

export const SELECTEL: Cloud = {
  name: "Selectel",
  row: /^(GET|POST|PUT|DELETE) (\/[a-z-]+|\/\{[a-z_]+\})+$/,
  param: (_name, value) => encodeURIComponent(value),
};

/** Keystone (the identity service, its own base URL). */
export const IDENTITY: Cloud = { ...SELECTEL, name: "Selectel identity" };

export const identityEndpoints = endpointTable(IDENTITY, {
  // The token is in the X-Subject-Token header; the body carries its expiry and the service catalogue.
  "POST /auth/tokens": {
    request: z
      .object({
        auth: z
          .object({
            identity: z
              .object({
                methods: z.array(z.literal("password")),
                password: z
                  .object({
                    user: z.object({ name: z.string(), domain: z.object({ name: z.string() }).strict(), password: z.string() }).strict(),
                  })
                  .strict(),
              })
              .strict(),
            scope: z.object({ project: z.object({ id: z.string() }).strict() }).strict(),
          })
          .strict(),
      })
      .strict(),
    response: z
      .object({ token: z.object({ expires_at: z.string().nullish(), catalog: z.unknown() }).passthrough().nullish() })
      .passthrough()
      .nullish(),
  },
} as const);

// ---- request bodies (reference/selectel.md §1.3) ----------------------------------------------

const ids = z.array(z.string());
const flavor = { vcpus: z.number().int(), ram: z.number().int(), disk: z.number().int() };
const pooler = z.object({ mode: z.string(), size: z.number().int() }).strict();
const configValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const CreateDatastoreRequest = z
  .object({
    datastore: z
      .object({
        type_id: z.string(),
        subnet_id: z.string(),
        name: z.string(),
        node_count: z.number().int(),
        flavor_id: z.string().optional(),
        flavor: z
          .object({ ...flavor, disk_type: z.string().optional() })
          .strict()
          .optional(),
        config: configValues.optional(),
        pooler: pooler.optional(),
        redis_password: z.string().optional(),
        security_groups: ids.optional(),
        backup_retention_days: z.number().int().optional(),
        restore: z.object({ datastore_id: z.string(), target_time: z.string() }).strict().optional(),
      })
      .strict(),
  })
  .strict();

/** Every datastore answer except the DELETEs' (§1.3): the shared code reads its id and status. */
export const DatastoreAnswer = z.object({ datastore: z.object({ id: z.string(), status: z.string() }).passthrough() }).passthrough();
/** DELETEs answer 204 or an empty body (§1.2); nothing in it is read. */
const NoContent = z.unknown();

/** The rows of one child collection: list, read, create, delete, and update when the API has one. */
function childRows<C extends string, E extends string>(collection: C, envelope: E, item: z.ZodType, create: z.ZodType, update?: z.ZodType) {
  const one = z.object({ [envelope]: item } as Record<E, z.ZodType>);
  return {
    // An answer without the list reads as an empty one, as the create look-up always took it.
    [`GET /${collection}`]: {
      response: z.object({
        [collection]: z
          .array(item)
          .nullish()
          .transform((l) => l ?? []),
      }) as z.ZodType,
    },
    [`GET /${collection}/{id}`]: { response: one },
    [`POST /${collection}`]: { request: z.object({ [envelope]: create } as Record<E, z.ZodType>).strict(), response: one },
    [`DELETE /${collection}/{id}`]: { response: NoContent },
    ...(update
      ? { [`PUT /${collection}/{id}`]: { request: z.object({ [envelope]: update } as Record<E, z.ZodType>).strict(), response: one } }
      : {}),
  } as unknown as Record<`GET /${C}` | `GET /${C}/{id}` | `POST /${C}` | `DELETE /${C}/{id}` | `PUT /${C}/{id}`, Endpoint>;
}

const inDatastore = { datastore_id: z.string() };

export const selectelEndpoints = endpointTable(SELECTEL, {
  // Catalogue
  "GET /datastore-types": { response: DatastoreTypes },
  "GET /flavors": { response: Flavors },
  "GET /configuration-parameters": { response: ConfigurationParameters },
  "GET /available-extensions": { response: AvailableExtensions },
  // Datastores
  "GET /datastores": { response: DatastoreList },
  "GET /datastores/{id}": { response: DatastoreEnvelope },
  "POST /datastores": { request: CreateDatastoreRequest, response: DatastoreAnswer },
  "DELETE /datastores/{id}": { response: NoContent },
  "PUT /datastores/{id}": { request: z.object({ datastore: z.object({ name: z.string() }).strict() }).strict(), response: DatastoreAnswer },
  // POST, not PUT; never `disk_type` in the flavor (400).
  "POST /datastores/{id}/resize": {
    request: z
      .object({
        resize: z
          .object({ node_count: z.number().int(), flavor_id: z.string().optional(), flavor: z.object(flavor).strict().optional() })
          .strict(),
      })
      .strict(),
    response: DatastoreAnswer,
  },
  "PUT /datastores/{id}/config": { request: z.object({ config: configValues }).strict(), response: DatastoreAnswer },
  "PUT /datastores/{id}/firewall": { request: z.object({ firewall: z.object({ ips: ids }).strict() }).strict(), response: DatastoreAnswer },
  "PUT /datastores/{id}/pooler": { request: z.object({ pooler }).strict(), response: DatastoreAnswer },
  "PUT /datastores/{id}/password": {
    request: z.object({ password: z.object({ redis_password: z.string() }).strict() }).strict(),
    response: DatastoreAnswer,
  },
  "PUT /datastores/{id}/security-groups": { request: z.object({ security_groups: ids }).strict(), response: DatastoreAnswer },
  "PUT /datastores/{id}/backups": {
    request: z.object({ backups: z.object({ backup_retention_days: z.number().int() }).strict() }).strict(),
    response: DatastoreAnswer,
  },
  "PUT /datastores/{id}/protection": { request: z.object({ protection: z.boolean() }).strict(), response: DatastoreAnswer },
  "PUT /datastores/{id}/log-platform": {
    request: z.object({ log_platform: z.object({ log_group: z.string() }).strict() }).strict(),
    response: DatastoreAnswer,
  },
  "DELETE /datastores/{id}/log-platform": { response: NoContent },
  // Children
  ...childRows(
    "users",
    "user",
    User,
    z.object({ ...inDatastore, name: z.string(), password: z.string() }).strict(),
    z.object({ password: z.string() }).strict(),
  ),
  ...childRows(
    "databases",
    "database",
    Database,
    z.object({ ...inDatastore, name: z.string(), owner_id: z.string().optional(), lc_collate: z.string(), lc_ctype: z.string() }).strict(),
    z.object({ owner_id: z.string().nullable() }).strict(),
  ),
  ...childRows("grants", "grant", Grant, z.object({ ...inDatastore, database_id: z.string(), user_id: z.string() }).strict()),
  ...childRows(
    "topics",
    "topic",
    Topic,
    z.object({ ...inDatastore, name: z.string(), partitions: z.number().int() }).strict(),
    z.object({ partitions: z.number().int() }).strict(),
  ),
  ...childRows(
    "acls",
    "acl",
    Acl,
    z
      .object({
        ...inDatastore,
        user_id: z.string(),
        pattern_type: z.string(),
        pattern: z.string().optional(),
        allow_read: z.boolean(),
        allow_write: z.boolean(),
      })
      .strict(),
    z.object({ allow_read: z.boolean(), allow_write: z.boolean() }).strict(),
  ),
  ...childRows(
    "extensions",
    "extension",
    Extension,
    z.object({ ...inDatastore, database_id: z.string(), available_extension_id: z.string() }).strict(),
  ),
} as const satisfies EndpointTable);

export type SelectelRow = keyof typeof selectelEndpoints;

/** A row of the Selectel table, checked at load (a typo fails when the module loads). */
export const selectelRow = (key: SelectelRow): SelectelRow => row(SELECTEL, selectelEndpoints, key);

/** The path of a row, its `{id}` filled in and encoded. */
export const selectelPath = (key: SelectelRow, params?: Record<string, string>): string => endpointPath(SELECTEL, key, params);

/** Sends one row: body checked before sending, answer parsed with the row's schema. */
export function callSelectel<K extends SelectelRow>(
  http: HttpClient,
  key: K,
  opts?: CallOptions,
): Promise<z.infer<(typeof selectelEndpoints)[K]["response"]>> {
  return callEndpoint(SELECTEL, http, selectelEndpoints, key, opts);
}

/** A child object as its rows' schemas parse it, by collection. */
export interface ChildObjects {
  users: z.infer<typeof User>;
  databases: z.infer<typeof Database>;
  grants: z.infer<typeof Grant>;
  topics: z.infer<typeof Topic>;
  acls: z.infer<typeof Acl>;
  extensions: z.infer<typeof Extension>;
}
export type ChildCollection = keyof ChildObjects;

/** The rows of a child collection, each checked against the table (`update` only where the API has one). */
export function childRowsOf(collection: ChildCollection) {
  const has = (key: string) => Object.hasOwn(selectelEndpoints, key);
  const update = `PUT /${collection}/{id}` as SelectelRow;
  return {
    list: selectelRow(`GET /${collection}` as SelectelRow),
    get: selectelRow(`GET /${collection}/{id}` as SelectelRow),
    create: selectelRow(`POST /${collection}` as SelectelRow),
    delete: selectelRow(`DELETE /${collection}/{id}` as SelectelRow),
    update: has(update) ? update : undefined,
  };
}
