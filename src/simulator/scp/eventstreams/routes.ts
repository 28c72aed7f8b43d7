/**
 * The HTTP layer of the simulated SCP EventStreams API 1.1: the operations reference scp.md and
 * seed 000 document (the SDK 1.1 clusters, instances, maintenance, parameters and master-data
 * APIs, the minor patch), mostly the kit's route groups plus create, show, add-instances and patch.
 * No rules here.
 */
import type { RouteDef } from "../../router";
import type { ScpHandler } from "../gateway";
import { editRoutes, listAndTerminateRoutes, masterDataRoutes, mutation, ok, parameterRoutes, powerRoutes, requestRoutes, route } from "../kit/routes";
import { parseOrThrow } from "../kit/schemas";
import * as S from "./schemas";
import type { EventStreamsState } from "./state";
import * as V from "./views";

export function eventstreamsRoutes(state: EventStreamsState): RouteDef<ScpHandler>[] {
  return [
    ...masterDataRoutes(state),
    ...requestRoutes(state),
    ...listAndTerminateRoutes(state, V.clusterSummaryView),
    mutation("POST", "/v1/clusters", (call, ctx) => state.createCluster(parseOrThrow(S.createClusterBody, call.json()), ctx)),
    route("GET", "/v1/clusters/{cluster_id}", (call) => ok(V.clusterDetailView(state.findCluster(call.params.cluster_id!)))),
    ...powerRoutes(state, ["start", "stop"]),
    mutation("POST", "/v1/clusters/{cluster_id}/add-instances", (call, ctx) =>
      state.addInstances(call.params.cluster_id!, parseOrThrow(S.addInstancesBody, call.json()), ctx),
    ),
    ...editRoutes(state),
    ...parameterRoutes(state, { sync: false }),
    mutation("PUT", "/v1/clusters/{cluster_id}/patch", (call, ctx) => {
      const b = parseOrThrow(S.minorPatchBody, call.json());
      return state.patchEngine(call.params.cluster_id!, b.dbaas_engine, b.software_version, ctx);
    }),
  ];
}
