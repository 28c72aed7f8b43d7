/**
 * The HTTP layer of the simulated SCP EventStreams API 1.1: the operations reference scp.md and
 * seed 000 document (the SDK 1.1 clusters, instances, maintenance, parameters and master-data
 * APIs, the minor patch), mostly the kit's route groups plus create, show, add-instances and patch.
 * No rules here.
 */
import type { RouteDef } from "../../router";
import type { ScpHandler } from "../gateway";
import { clusterCoreRoutes, editRoutes, mutation, parameterRoutes, powerRoutes } from "../kit/routes";
import { parseOrThrow } from "../kit/schemas";
import * as S from "./schemas";
import type { EventStreamsState } from "./state";
import * as V from "./views";

export function eventstreamsRoutes(state: EventStreamsState): RouteDef<ScpHandler>[] {
  return [
    ...clusterCoreRoutes(state, {
      create: (call, ctx) => state.createCluster(parseOrThrow(S.createClusterBody, call.json()), ctx),
      detail: V.clusterDetailView,
      summary: V.clusterSummaryView,
    }),
    ...powerRoutes(state, ["start", "stop"]),
    mutation("POST", "/v1/clusters/{cluster_id}/add-instances", (call, ctx) =>
      state.addInstances(call.params.cluster_id, parseOrThrow(S.addInstancesBody, call.json()), ctx),
    ),
    ...editRoutes(state),
    ...parameterRoutes(state, { sync: false }),
    mutation("PUT", "/v1/clusters/{cluster_id}/patch", (call, ctx) => {
      const b = parseOrThrow(S.minorPatchBody, call.json());
      return state.patchEngine(call.params.cluster_id, b.dbaas_engine, b.software_version, ctx);
    }),
  ];
}
