/**
 * The HTTP layer of the simulated SCP PostgreSQL API: the kit's route groups (../kit/routes.ts)
 * plus one row per PostgreSQL-only endpoint of the API document (seed 001, 46 operations), each
 * parse → state → serialise. No rules here.
 */
import type { RouteDef } from "../../router";
import type { ScpHandler } from "../gateway";
import {
  backupRoutes,
  clusterCoreRoutes,
  editRoutes,
  mutation,
  noBody,
  ok,
  parameterRoutes,
  powerRoutes,
  queryStr,
  route,
} from "../kit/routes";
import * as S from "./schemas";
import type { PostgresqlState } from "./state";
import * as V from "./views";

export function postgresqlRoutes(state: PostgresqlState): RouteDef<ScpHandler>[] {
  return [
    // ---- clusters ----
    ...clusterCoreRoutes(state, {
      create: (call, ctx) => state.createCluster(S.parseOrThrow(S.createClusterBody, call.json()), ctx),
      detail: (c, call) => V.clusterDetailView(c, call.apiVersion),
      summary: V.clusterSummaryView,
      extraFilter: (call) => {
        const db = queryStr(call, "database_name");
        return (c) => db === undefined || c.init.database_name === db;
      },
    }),
    ...powerRoutes(state, ["start", "stop", "restart", "sync-state"]),
    mutation(
      "POST",
      "/v1/clusters/{cluster_id}/switchover",
      (call, ctx) => (noBody(call), state.switchoverCluster(call.params.cluster_id, ctx)),
    ),

    // ---- instance groups, block storage, security group, maintenance ----
    ...editRoutes(state),
    mutation("POST", "/v1/instance-groups/{instance_group_id}/block-storage-groups", (call, ctx) =>
      state.addBlockStorage(call.params.instance_group_id, S.parseOrThrow(S.addBlockStoragesBody, call.json()), ctx),
    ),

    // ---- parameters, audit log, backups, restore, minor version patch ----
    ...parameterRoutes(state, { sync: true }),
    mutation("PUT", "/v1/clusters/{cluster_id}/audit-log", (call, ctx) =>
      state.setAuditLog(call.params.cluster_id, S.parseOrThrow(S.auditLogBody, call.json()).use_audit_log, ctx),
    ),
    ...backupRoutes(state, S.backupBody),
    mutation("POST", "/v1/clusters/{cluster_id}/restore", (call, ctx) =>
      state.restoreCluster(call.params.cluster_id, S.parseOrThrow(S.restoreBody, call.json()), ctx),
    ),
    mutation("PUT", "/v1/clusters/{cluster_id}/patch", (call, ctx) => {
      const b = S.parseOrThrow(S.minorPatchBody, call.json());
      return state.patchMinorVersion(call.params.cluster_id, b.software_version, b.backup_before_upgrade, ctx);
    }),

    // ---- archive ----
    route("GET", "/v1/clusters/{cluster_id}/archive", (call) => ok({ ...state.findCluster(call.params.cluster_id).archive })),
    mutation("PUT", "/v1/clusters/{cluster_id}/archive", (call, ctx) => {
      const b = S.parseOrThrow(S.archiveConfigBody, call.json());
      return state.setArchiveConfig(call.params.cluster_id, b.archive_enabled, b.retention_period_day, ctx);
    }),
    mutation("DELETE", "/v1/clusters/{cluster_id}/archive", (call, ctx) =>
      state.deleteArchiveLog(call.params.cluster_id, queryStr(call, "type") ?? "ALL", ctx),
    ),
    mutation(
      "POST",
      "/v1/clusters/{cluster_id}/archive/sync",
      (call, ctx) => (noBody(call), state.syncArchiveConfig(call.params.cluster_id, ctx)),
    ),

    // ---- log export ----
    route("GET", "/v1/clusters/{cluster_id}/log-export-configs", (call) => {
      const rows = state.listLogExportConfigs(call.params.cluster_id, queryStr(call, "type"));
      return ok({ contents: rows.map((r) => V.logExportView(r.log_type, r.label, r.config)), count: rows.length });
    }),
    mutation("POST", "/v1/clusters/{cluster_id}/log-export-configs", (call, ctx) =>
      state.registerLogExportConfig(call.params.cluster_id, S.parseOrThrow(S.logExportCreateBody, call.json()), ctx),
    ),
    mutation("PUT", "/v1/clusters/{cluster_id}/log-export-configs/{log_type}", (call, ctx) =>
      state.setLogExportConfig(call.params.cluster_id, call.params.log_type, S.parseOrThrow(S.logExportModifyBody, call.json()), ctx),
    ),
    mutation("DELETE", "/v1/clusters/{cluster_id}/log-export-configs/{log_type}", (call, ctx) =>
      state.unregisterLogExportConfig(call.params.cluster_id, call.params.log_type, ctx),
    ),
    mutation(
      "POST",
      "/v1/clusters/{cluster_id}/log-export-configs/{log_type}/export",
      (call, ctx) => (noBody(call), state.exportLog(call.params.cluster_id, call.params.log_type, ctx)),
    ),

    // ---- replicas ----
    route("GET", "/v1/clusters/{cluster_id}/replicas", (call) => {
      const rows = state.listReplicas(call.params.cluster_id);
      return ok({ contents: rows.map(V.replicaItemView), count: String(rows.length) });
    }),
    mutation("POST", "/v1/clusters/{cluster_id}/replicas", (call, ctx) =>
      state.createReplicas(call.params.cluster_id, S.parseOrThrow(S.replicasBody, call.json()), false, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/replicas/other-region", (call, ctx) =>
      state.createReplicas(call.params.cluster_id, S.parseOrThrow(S.otherRegionReplicasBody, call.json()), true, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/promote", (call, ctx) => (noBody(call), state.promoteReplica(call.params.cluster_id, ctx))),
    mutation(
      "POST",
      "/v1/clusters/{replica_cluster_id}/reset-replica",
      (call, ctx) => (noBody(call), state.resetReplica(call.params.replica_cluster_id, ctx)),
    ),
    mutation(
      "POST",
      "/v1/clusters/{origin_cluster_id}/sync-replica-state",
      (call, ctx) => (noBody(call), state.syncReplicaState(call.params.origin_cluster_id, ctx)),
    ),
  ];
}
