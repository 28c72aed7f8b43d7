// SCP endpoint tables: `METHOD /path` → the zod schemas of its request body and its answer. Each
// service's table is the one place a path is written; mutations name their rows (so the reference's
// property → endpoint tables read from here) and `callEndpoint` sends them. Rows every SCP DBaaS
// service shares are declared once below and spread into each service's table.

import { z } from "zod";
import * as core from "../../core/endpoints";
import type { ScpClient } from "../client";
import { SCP_ID } from "../inputs";
import {
  AsyncResponse,
  ClusterList,
  ClusterParameters,
  EngineVersions,
  ParameterGroups,
  ParameterPage,
  RequestState,
  ServerTypes,
} from "../schemas";

export type { Endpoint, EndpointTable } from "../../core/endpoints";
type EndpointTable = core.EndpointTable;

/** SCP rows: `METHOD /v1/...` with `{snake_case}` path parameters (core/endpoints.ts does the rest). */
export const SCP: core.Cloud = {
  name: "SCP",
  row: /^(GET|POST|PUT|DELETE) \/v1(\/[a-z0-9-]+|\/\{[a-z_]+\})+$/,
  param: (name, value) => {
    // Request ids are the API's own tokens (`req-<uuid>`), not 32-hex object ids.
    if (name === "request_id") return encodeURIComponent(value);
    if (name.endsWith("_id")) return pathId(value, name.replace(/_id$/, "").replace(/_/g, " "));
    // A Resource Manager SRN travels base64-encoded (kit/tags.ts): base64's alphabet only, '/' and '+' escaped.
    if (name === "srn") {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw new Error(`srn ${JSON.stringify(value)} is not base64`);
      return encodeURIComponent(value);
    }
    // Any other parameter is a word of the API's own vocabulary (a log type): nothing else may reach the path.
    if (!/^[a-z][a-z0-9_-]{0,31}$/.test(value))
      throw new Error(`${name.replace(/_/g, " ")} ${JSON.stringify(value)} is not a valid path value`);
    return encodeURIComponent(value);
  },
};

/** Checks a table when its module loads: every key is `METHOD /v1/...` with `{snake_case}` path parameters. */
export const endpointTable = <T extends EndpointTable>(table: T): T => core.endpointTable(SCP, table);

const ids = z.array(z.string());

// ---- request bodies shared by several services (seed 001 and 002) ---------------------------

export const SecurityGroupRulesRequest = z.object({ add_ip_addresses: ids, del_ip_addresses: ids }).strict();
export const MaintenanceRequest = z
  .object({
    start_day_of_week: z.string(),
    start_time: z.string(),
    start_minute: z.string(),
    term_hour: z.string(),
  })
  .strict();
export const ServerTypeRequest = z.object({ server_type_name: z.string() }).strict();
export const BlockStorageResizeRequest = z.object({ size_gb: z.number().int() }).strict();
export const ParametersRequest = z
  .object({
    parameters: z.array(z.object({ id: z.string(), old_value: z.string(), new_value: z.string() }).strict()),
  })
  .strict();

/** Rows with the same path, body and answer in every SCP DBaaS service (PostgreSQL, CacheStore, EventStreams). */
export const clusterEndpoints = {
  "GET /v1/clusters": { response: ClusterList },
  "DELETE /v1/clusters/{cluster_id}": { response: AsyncResponse },
  "GET /v1/requests/{request_id}": { response: RequestState },
  "POST /v1/clusters/{cluster_id}/start": { response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/stop": { response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/security-group-rules": { request: SecurityGroupRulesRequest, response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/maintenance": { request: MaintenanceRequest, response: AsyncResponse },
  "DELETE /v1/clusters/{cluster_id}/maintenance": { response: AsyncResponse },
  "POST /v1/instance-groups/{instance_group_id}/resize": { request: ServerTypeRequest, response: AsyncResponse },
  "POST /v1/block-storage-groups/{block_storage_group_id}/resize": { request: BlockStorageResizeRequest, response: AsyncResponse },
  "GET /v1/engine-versions": { response: EngineVersions },
  "GET /v1/server-types": { response: ServerTypes },
} as const satisfies EndpointTable;

/** Parameter rows (PostgreSQL and CacheStore). */
export const parameterEndpoints = {
  "GET /v1/parameter-groups": { response: ParameterGroups },
  "GET /v1/parameters": { response: ParameterPage },
  "GET /v1/clusters/{cluster_id}/parameters": { response: ClusterParameters },
  "PUT /v1/clusters/{cluster_id}/parameters": { request: ParametersRequest, response: AsyncResponse },
} as const satisfies EndpointTable;

/** Backup set/unset (PostgreSQL and CacheStore); the set body differs per service. */
export const backupEndpoints = (request: z.ZodType) =>
  ({
    "POST /v1/clusters/{cluster_id}/backups": { request, response: AsyncResponse },
    "DELETE /v1/clusters/{cluster_id}/backups": { response: AsyncResponse },
  }) as const satisfies EndpointTable;

/** An SCP id for a URL path: validated (32 hex digits) and path-encoded, never spliced in raw. */
export function pathId(id: string, what = "cluster"): string {
  if (typeof id !== "string" || !SCP_ID.test(id)) {
    throw new Error(`${what} id ${JSON.stringify(id)} is not an SCP id (32 hex characters)`);
  }
  return encodeURIComponent(id);
}

export type CallOptions = core.CallOptions;

/** Sends one row of `table`: the body is checked against the row's request schema, the answer parsed with its response schema. */
export async function callEndpoint<T extends EndpointTable, K extends keyof T & string>(
  api: ScpClient,
  table: T,
  key: K,
  opts: CallOptions = {},
): Promise<z.infer<T[K]["response"]>> {
  return core.callEndpoint(SCP, api.http, table, key, opts);
}

export type Accepted = z.infer<typeof AsyncResponse>;

/** Sends a row answered `202 AsyncResponse` (every SCP mutation) and returns the request and resource ids. */
export async function sendMutation(api: ScpClient, table: EndpointTable, key: string, opts: CallOptions = {}): Promise<Accepted> {
  if (table[key]?.response !== AsyncResponse) throw new Error(`pulumi-dbaas: ${key} is not a mutation row (answered AsyncResponse)`);
  return (await callEndpoint(api, table, key, opts)) as Accepted;
}
