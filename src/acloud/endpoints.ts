// The Avisi Cloud endpoint table (core/endpoints.ts): every path the package calls, with the zod
// schemas of its request body and its answer (seed 003, reference/avisi.md). Only the POST of a
// scheduled upgrade is documented publicly; reading, listing and cancelling one use the admin
// API's paths under the public prefix (reference/avisi.md §2.2), feature-detected by client.ts.

import { z } from "zod";
import { callEndpoint, endpointPath, endpointTable, type CallOptions, type Cloud } from "../core/endpoints";
import type { HttpClient } from "../core/http";
import { Cluster, ClusterVersion, ScheduledUpgrade, UpdateChannel, pageOf } from "./schemas";

export const AVISI: Cloud = {
  name: "Avisi",
  row: /^(GET|POST|PUT|DELETE) \/api\/v1(\/[a-z-]+|\/\{[a-z]+\})+$/,
  // Organisation, environment and cluster slugs and upgrade identities: one path segment each.
  param: (_name, value) => encodeURIComponent(value),
};

/** The schedule body (seed 003): the same POST schedules and reschedules. */
export const ScheduleRequest = z
  .object({
    clusterIdentity: z.string(),
    version: z.string(),
    scheduleRequestDate: z.string().optional(),
    ignoreMaintenanceSchedule: z.boolean(),
  })
  .strict();
export type ScheduleBody = z.infer<typeof ScheduleRequest>;

export const acloudEndpoints = endpointTable(AVISI, {
  "GET /api/v1/cluster-versions": { response: pageOf(ClusterVersion) },
  "GET /api/v1/orgs/{org}/update-channels": { response: pageOf(UpdateChannel) },
  // No path reads a cluster by identity: the organisation's list is searched.
  "GET /api/v1/orgs/{org}/clusters": { response: pageOf(Cluster) },
  "GET /api/v1/orgs/{org}/clusters/{environment}/{slug}": { response: Cluster },
  "POST /api/v1/orgs/{org}/scheduled-cluster-upgrades": { request: ScheduleRequest, response: ScheduledUpgrade },
  "GET /api/v1/orgs/{org}/scheduled-cluster-upgrades": { response: pageOf(ScheduledUpgrade) },
  "GET /api/v1/orgs/{org}/scheduled-cluster-upgrades/{identity}": { response: ScheduledUpgrade },
  // Nothing in a cancel's answer is read.
  "DELETE /api/v1/orgs/{org}/scheduled-cluster-upgrades/{identity}": { response: z.unknown() },
} as const);

export type AcloudRow = keyof typeof acloudEndpoints;

/** The path of a row, its parameters filled in and encoded. */
export const acloudPath = (key: AcloudRow, params?: Record<string, string>): string => endpointPath(AVISI, key, params);

/** Sends one row: body checked before sending, answer parsed with the row's schema. */
export function callAcloud<K extends AcloudRow>(
  http: HttpClient,
  key: K,
  opts?: CallOptions,
): Promise<z.infer<(typeof acloudEndpoints)[K]["response"]>> {
  return callEndpoint(AVISI, http, acloudEndpoints, key, opts);
}
