/**
 * The HTTP layer of the simulated SCP CacheStore API: the 31 endpoints of the document (seed 002),
 * most of them the kit's route groups (../kit/routes.ts), plus create, show, restore, switchover
 * and the commands. No rules here.
 */
import type { RouteDef } from "../../router";
import type { ScpHandler } from "../gateway";
import { backupRoutes, clusterCoreRoutes, editRoutes, mutation, noBody, ok, parameterRoutes, powerRoutes, route } from "../kit/routes";
import { parseOrThrow } from "../kit/schemas";
import * as S from "./schemas";
import type { CacheStoreState } from "./state";
import * as V from "./views";

export function cachestoreRoutes(state: CacheStoreState): RouteDef<ScpHandler>[] {
  return [
    ...clusterCoreRoutes(state, {
      create: (call, ctx) => state.createCluster(parseOrThrow(S.createClusterBody, call.json()), ctx),
      detail: V.clusterDetailView,
      summary: V.clusterSummaryView,
    }),
    ...powerRoutes(state, ["start", "stop", "restart", "sync-state"]),
    mutation("POST", "/v1/clusters/{cluster_id}/switchover", (call, ctx) =>
      state.switchoverCluster(call.params.cluster_id, parseOrThrow(S.switchoverBody, call.json()).switch_host_name, ctx),
    ),
    ...editRoutes(state),
    ...parameterRoutes(state, { sync: true }),
    ...backupRoutes(state, S.backupBody),
    mutation("POST", "/v1/clusters/{cluster_id}/restore", (call, ctx) =>
      state.restoreCluster(call.params.cluster_id, parseOrThrow(S.restoreBody, call.json()), ctx),
    ),
    route("GET", "/v1/clusters/{cluster_id}/commands", (call) => ok(V.commandListView(state.listCommands(call.params.cluster_id)))),
    mutation("PUT", "/v1/clusters/{cluster_id}/commands", (call, ctx) =>
      state.updateCommands(call.params.cluster_id, parseOrThrow(S.commandsBody, call.json()).commands, ctx),
    ),
    mutation(
      "POST",
      "/v1/clusters/{cluster_id}/commands/sync",
      (call, ctx) => (noBody(call), state.syncCommands(call.params.cluster_id, ctx)),
    ),
  ];
}
