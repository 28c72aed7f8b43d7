// The SCP cluster lifecycle every engine shares, as terraform-provider-aws writes it: a finder (the
// API's not-found answer mapped once, TERMINATED counted as gone), a status function, and waiters
// that are data (pending / target) run by the one poller. Engines differ only in their service,
// their endpoint table and the shape of Show Cluster.

import type { z } from "zod";
import { WaitError, errorMessage, isApiError, isNotFound } from "../../core/errors";
import { failedObjectAdvice } from "../../core/failed-create";
import type { Existing } from "../../core/create";
import type { Context } from "../../core/resource";
import { coalescedPoll, join, type ListSource } from "../../core/coalesce";
import { GONE, waitFor } from "../../core/wait";
import { ScpClient } from "../client";
import { REQUEST_DONE, REQUEST_FAILED, TRANSITIONAL_STATES, type ScpService } from "../consts";
import type { InstanceGroup } from "../schemas";
import { callEndpoint, clusterEndpoints, sendMutation, type EndpointTable } from "./endpoints";

/** What every engine's Show Cluster answer has. */
export interface ClusterShape {
  id: string;
  name: string;
  service_state: string;
  instance_groups: z.infer<typeof InstanceGroup>[];
}

/** One SCP engine as the kit sees it: its service (host and version header) and its endpoint table. */
export interface ScpEngine<C extends ClusterShape = ClusterShape> {
  service: ScpService;
  /** The service's table: the shared rows plus its own, Show Cluster answering `C`. */
  endpoints: EndpointTable;
  /** Never set: carries the Show Cluster type `C` from `scpEngine` to `getCluster` and `findCluster`. */
  readonly clusterType?: C;
}

/** Rows the kit itself calls: every engine's table must have them. */
const REQUIRED_ROWS = [...Object.keys(clusterEndpoints), "GET /v1/clusters/{cluster_id}", "POST /v1/clusters"];

export function scpEngine<C extends ClusterShape>(
  service: ScpService,
  endpoints: EndpointTable & { "GET /v1/clusters/{cluster_id}": { response: z.ZodType<C> } },
): ScpEngine<C> {
  const missing = REQUIRED_ROWS.filter((k) => !Object.hasOwn(endpoints, k));
  if (missing.length > 0) throw new Error(`pulumi-dbaas: the ${service} endpoint table lacks ${missing.join(", ")}`);
  return { service, endpoints };
}

export const clientFor = (ctx: Context, engine: ScpEngine<any>) => ScpClient.for(ctx, engine.service);
export const clusterLabel = (inputs: { name?: string }, id?: string) => `cluster ${inputs.name ?? id}`;

/** Show Cluster; the API's not-found answer is thrown (waiters turn it into GONE). */
export async function getCluster<C extends ClusterShape>(api: ScpClient, engine: ScpEngine<C>, id: string): Promise<C> {
  return (await callEndpoint(api, engine.endpoints, "GET /v1/clusters/{cluster_id}", { params: { cluster_id: id } })) as C;
}

/** The cluster, or undefined when it is gone: the API's own not-found answer, or TERMINATED. A gateway 404 is an error. */
export async function findCluster<C extends ClusterShape>(api: ScpClient, engine: ScpEngine<C>, id: string): Promise<C | undefined> {
  try {
    const c = await getCluster(api, engine, id);
    return c.service_state === "TERMINATED" ? undefined : c;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The cluster's state for waiters. */
export const clusterStatus = (c: { service_state: string }): string => c.service_state;

const PAGE_SIZE = 100;

/** Live clusters named exactly `name` (for createOnce): the list's filter may match substrings, and TERMINATED ones are history. */
export async function findClustersByName(api: ScpClient, name: string): Promise<Existing[]> {
  const found: Existing[] = [];
  for (let page = 0, seen = 0; ; page++) {
    const r = await callEndpoint(api, clusterEndpoints, "GET /v1/clusters", { query: { name, size: PAGE_SIZE, page } });
    seen += r.contents.length;
    for (const c of r.contents) {
      if (c.name === name && c.service_state !== "TERMINATED")
        found.push({ id: c.id, state: c.service_state, createdAt: c.created_at || undefined });
    }
    if (r.contents.length < PAGE_SIZE || seen >= r.count) return found;
  }
}

/** Waits until `GET /v1/requests/{id}` reports the request finished; FAILED ends the wait with an error. */
export async function waitRequest(api: ScpClient, requestId: string, resource: string, operation: string): Promise<void> {
  await waitFor({
    resource,
    operation,
    poll: () => callEndpoint(api, clusterEndpoints, "GET /v1/requests/{request_id}", { params: { request_id: requestId } }),
    status: (r) =>
      REQUEST_DONE.includes(r.state.toUpperCase()) ? "DONE" : REQUEST_FAILED.includes(r.state.toUpperCase()) ? "FAILED" : "PENDING",
    // A request record that expired (404) says nothing either way: the state wait that follows decides.
    target: ["DONE", GONE],
    pending: ["PENDING"],
    explain: (r) => (r ? `request ${r.request_id} ended ${r.state}` : undefined),
    key: `scp:${api.service}:${operation}`,
  });
}

/** Waits until an object's service_state leaves the transitional states and reaches `target`. */
export async function waitServiceState<T extends { service_state: string }>(
  poll: () => Promise<T>,
  resource: string,
  operation: string,
  target: string[],
  key?: string,
) {
  return waitFor({ resource, operation, poll, status: clusterStatus, target, pending: TRANSITIONAL_STATES, key });
}

/**
 * The service's cluster list as a status source for coalesced polling (core/coalesce.ts): `GET
 * /v1/clusters` pages carry `id` and `service_state` only, which is all a poll needs while the
 * cluster is still working; the wait ends on Show Cluster.
 */
function clusterListSource(api: ScpClient): ListSource {
  return {
    key: `${api.accountKey}|GET /v1/clusters`,
    async list() {
      const statuses = new Map<string, string>();
      let requests = 0;
      for (let page = 0, seen = 0; ; page++) {
        const r = await callEndpoint(api, clusterEndpoints, "GET /v1/clusters", { query: { size: PAGE_SIZE, page } });
        requests++;
        for (const c of r.contents) statuses.set(c.id, c.service_state);
        seen += r.contents.length;
        if (r.contents.length < PAGE_SIZE || seen >= r.count) return { statuses, requests };
      }
    },
  };
}

/**
 * Waits until the cluster reaches `target` (GONE when the API says it no longer exists). While
 * other clusters of the account wait too, one list request answers all their polls; the wait
 * always ends on Show Cluster (its answer is the result's `value`).
 */
export async function waitClusterState<C extends ClusterShape>(
  api: ScpClient,
  engine: ScpEngine<C>,
  id: string,
  resource: string,
  operation: string,
  target: string[],
  key?: string,
) {
  const membership = join(clusterListSource(api), id);
  try {
    const stillWorking = (state: string) => (TRANSITIONAL_STATES as readonly string[]).includes(state) && !target.includes(state);
    const poll = coalescedPoll(
      membership,
      () => getCluster(api, engine, id),
      stillWorking,
      (state) => ({ id, service_state: state }) as C,
    );
    return await waitServiceState(poll, resource, operation, target, key);
  } finally {
    membership.leave();
  }
}

/** After a 202: the request must finish, then the cluster must settle in `target`; answers the cluster as the wait last read it. */
export async function waitAccepted<C extends ClusterShape>(
  api: ScpClient,
  engine: ScpEngine<C>,
  id: string,
  accepted: { request_id: string },
  what: string,
  operation: string,
  target = ["RUNNING"],
): Promise<C | undefined> {
  await waitRequest(api, accepted.request_id, what, operation);
  return (await waitClusterState(api, engine, id, what, operation, target)).value;
}

/**
 * Sends an idempotent PUT row and waits for it. When the HTTP client had to retry it and the retry
 * is refused (`400 CLUSTER_BUSY`, or the API's "already so" answers), the first attempt may have
 * been applied with its answer lost: wait for the cluster to settle, re-read, and fail only if the
 * value is still not the requested one.
 */
export async function putMaybeApplied(
  ctx: Context,
  engine: ScpEngine<any>,
  id: string,
  key: string,
  body: unknown,
  what: string,
  operation: string,
  applied: (api: ScpClient) => Promise<boolean>,
): Promise<ClusterShape | undefined> {
  const api = clientFor(ctx, engine);
  try {
    const accepted = await sendMutation(api, engine.endpoints, key, { params: { cluster_id: id }, body });
    return await waitAccepted(api, engine, id, accepted, what, operation);
  } catch (err) {
    if (!(isApiError(err, 400) && err.afterRetry)) throw err;
    await waitClusterState(api, engine, id, what, operation, ["RUNNING", "STOPPED"]);
    if (!(await applied(api))) throw err;
    ctx.log(
      `${what}: the ${operation} change was applied by an earlier attempt whose answer was lost (the retry got ${err.code ?? "HTTP 400"})`,
    );
    return undefined;
  }
}

/** Before an update: wait until any operation a failed run left behind is over; answers Show Cluster as the wait last read it. */
export async function settleCluster<C extends ClusterShape>(ctx: Context, engine: ScpEngine<C>, id: string): Promise<C | undefined> {
  try {
    return (await waitClusterState(clientFor(ctx, engine), engine, id, `cluster ${id}`, "resume", ["RUNNING", "STOPPED"])).value;
  } catch (err) {
    // FAILED or ERROR never ends by waiting: say what repairs it instead of failing the same way on every `up`.
    if (err instanceof WaitError && !err.timedOut && (err.lastState === "FAILED" || err.lastState === "ERROR")) {
      throw new Error(`${err.message}. ${failedObjectAdvice(`cluster ${id}`, id, err.lastState, "the SCP console")}`, { cause: err });
    }
    throw err;
  }
}

/**
 * Ends only when a read confirms the cluster is gone: the API's own 404 for it, or TERMINATED.
 * Any 404 not in the API's shape (a gateway page, a wrong endpoint) is an error, so the state keeps
 * the cluster. A DELETE answered with the API's 404, or refused on a retry (its first attempt may
 * have been applied with the answer lost, and the retry then meets TERMINATING), is confirmed by
 * reading the cluster; a cluster still alive after that is an error.
 */
export async function removeCluster(ctx: Context, engine: ScpEngine<any>, id: string, what: string): Promise<void> {
  const api = clientFor(ctx, engine);
  // A cluster still busy with an operation refuses deletion: let it settle first.
  const before = await waitClusterState(api, engine, id, what, "delete", ["RUNNING", "STOPPED", "ERROR", "FAILED", "TERMINATED", GONE]);
  if (before.state === GONE || before.state === "TERMINATED") return;
  try {
    const accepted = await sendMutation(api, clusterEndpoints, "DELETE /v1/clusters/{cluster_id}", { params: { cluster_id: id } });
    await waitRequest(api, accepted.request_id, what, "delete");
  } catch (err) {
    const unsure = isNotFound(err) || (isApiError(err, 400) && err.afterRetry);
    if (!unsure) throw err;
    const now = await waitClusterState(api, engine, id, what, "delete", [GONE, "TERMINATED", "RUNNING", "STOPPED", "ERROR", "FAILED"]);
    if (now.state !== GONE && now.state !== "TERMINATED") {
      throw new Error(`${errorMessage(err)}; but ${what} (${id}) is still ${now.state}: it was not deleted`, { cause: err });
    }
    return;
  }
  await waitClusterState(api, engine, id, what, "delete", [GONE, "TERMINATED"]);
}
