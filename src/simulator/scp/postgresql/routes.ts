/**
 * The HTTP layer of the simulated SCP PostgreSQL API: one row per endpoint of the API document
 * (seed 001, 46 operations), each parse → state → serialise. No rules here.
 */
import type { RouteDef } from "../../router";
import type { ServiceResponse } from "../../service";
import type { ScpCall, ScpHandler } from "../gateway";
import { ScpNotFoundError, ScpValidationError } from "../errors";
import {
  ENGINE_VERSIONS,
  ENGINE_VERSION_PROPERTIES,
  PARAMETER_DEFS,
  PARAMETER_GROUPS,
  SERVER_TYPES,
  parameterId,
} from "./catalog";
import * as S from "./schemas";
import type { MutationContext, PostgresqlState } from "./state";
import * as V from "./views";

const ok = (body: unknown): ServiceResponse => ({ status: 200, body });
const accepted = (body: unknown): ServiceResponse => ({ status: 202, body });
const mctx = (call: ScpCall): MutationContext => ({ takeFailure: () => call.req.takeOperationFault() });

function queryBool(call: ScpCall, name: string, dflt: boolean): boolean {
  const v = call.req.query.get(name);
  if (v === null || v === "") return dflt;
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  throw ScpValidationError.field(["query", name], "must be true or false");
}

function queryStr(call: ScpCall, name: string): string | undefined {
  const v = call.req.query.get(name);
  return v === null || v === "" ? undefined : v;
}

/** Endpoints that take no body reject one, so a client sending the wrong call is noticed. */
function noBody(call: ScpCall): void {
  const b = call.json();
  if (b !== undefined && !(typeof b === "object" && b !== null && Object.keys(b).length === 0)) {
    throw ScpValidationError.field(["body"], "this operation takes no request body");
  }
}

export function postgresqlRoutes(state: PostgresqlState): RouteDef<ScpHandler>[] {
  const route = (method: RouteDef<ScpHandler>["method"], path: string, handler: ScpHandler): RouteDef<ScpHandler> => ({ method, path, handler });
  const mutation = (
    method: RouteDef<ScpHandler>["method"],
    path: string,
    run: (call: ScpCall, ctx: MutationContext) => Parameters<typeof V.asyncView>[0],
  ): RouteDef<ScpHandler> => route(method, path, (call) => accepted(V.asyncView(run(call, mctx(call)))));

  return [
    // ---- master data ----
    route("GET", "/v1/engine-versions", (call) => {
      const id = queryStr(call, "id");
      const image = queryStr(call, "product_image_type");
      const eos = queryBool(call, "eos_included", false);
      return ok({
        contents: ENGINE_VERSIONS.filter((e) => (eos || !e.end_of_service) && (!id || e.id === id) && (!image || e.product_image_type === image)).map(
          V.engineVersionView,
        ),
      });
    }),
    route("GET", "/v1/engine-versions/{dbaas_engine_version_id}/properties", (call) => {
      state.findEngineVersion(call.params.dbaas_engine_version_id!);
      return ok({ contents: ENGINE_VERSION_PROPERTIES.map((p) => ({ ...p })) });
    }),
    route("GET", "/v1/server-types", (call) => {
      const name = queryStr(call, "name");
      const image = queryStr(call, "product_image_type");
      return ok({
        contents: SERVER_TYPES.filter((s) => (!name || s.name === name) && (!image || s.product_image_type === image)).map(V.serverTypeView),
      });
    }),
    route("GET", "/v1/parameter-groups", (call) => {
      const major = queryStr(call, "major_version");
      const image = queryStr(call, "product_image_type");
      const sort = queryStr(call, "sort") ?? "name:asc";
      const rows = PARAMETER_GROUPS.filter((g) => (!major || g.major_version === major) && (!image || g.product_image_type === image));
      if (sort.endsWith(":desc")) rows.reverse();
      return ok({ contents: rows.map((g) => ({ ...g })), sort: [sort] });
    }),
    route("GET", "/v1/parameters", (call) => {
      const groupId = queryStr(call, "dbaas_parameter_group_id");
      if (!groupId) throw ScpValidationError.field(["query", "dbaas_parameter_group_id"], "field required");
      const group = PARAMETER_GROUPS.find((g) => g.id === groupId);
      if (!group) throw new ScpNotFoundError("parameter group", groupId);
      const size = S.queryInt(call.req.query, "size", 20)!;
      const page = S.queryInt(call.req.query, "page", 0)!;
      const sort = queryStr(call, "sort") ?? "name:asc";
      const rows = PARAMETER_DEFS.map((d) => ({
        dbaas_parameter_group_id: group.id,
        default_value: d.default_value,
        description: d.description,
        id: parameterId(group.major_version, d),
        name: d.name,
        software_type: "PostgreSQL",
      })).sort((a, b) => a.name.localeCompare(b.name));
      if (sort.endsWith(":desc")) rows.reverse();
      return ok({ contents: rows.slice(page * size, page * size + size), count: rows.length, page, size, sort: [sort] });
    }),
    route("GET", "/v1/requests/{request_id}", (call) => ok(V.requestView(state.showRequest(call.params.request_id!)))),

    // ---- clusters ----
    route("GET", "/v1/clusters", (call) => {
      const size = S.queryInt(call.req.query, "size", 20)!;
      const page = S.queryInt(call.req.query, "page", 0)!;
      const sort = queryStr(call, "sort") ?? "name:asc";
      const r = state.listClusters({
        size,
        page,
        sort,
        name: queryStr(call, "name"),
        service_state: queryStr(call, "service_state"),
        database_name: queryStr(call, "database_name"),
      });
      return ok({ contents: r.contents.map(V.clusterSummaryView), count: r.count, page, size, sort: [sort] });
    }),
    mutation("POST", "/v1/clusters", (call, ctx) => state.createCluster(S.parseOrThrow(S.createClusterBody, call.json()), ctx)),
    route("GET", "/v1/clusters/{cluster_id}", (call) => ok(V.clusterDetailView(state.findCluster(call.params.cluster_id!), call.apiVersion))),
    mutation("DELETE", "/v1/clusters/{cluster_id}", (call, ctx) => state.terminateCluster(call.params.cluster_id!, ctx)),
    mutation("POST", "/v1/clusters/{cluster_id}/start", (call, ctx) => (noBody(call), state.startCluster(call.params.cluster_id!, ctx))),
    mutation("POST", "/v1/clusters/{cluster_id}/stop", (call, ctx) => (noBody(call), state.stopCluster(call.params.cluster_id!, ctx))),
    mutation("POST", "/v1/clusters/{cluster_id}/restart", (call, ctx) => (noBody(call), state.restartCluster(call.params.cluster_id!, ctx))),
    mutation("POST", "/v1/clusters/{cluster_id}/switchover", (call, ctx) => (noBody(call), state.switchoverCluster(call.params.cluster_id!, ctx))),
    mutation("POST", "/v1/clusters/{cluster_id}/sync-state", (call, ctx) => (noBody(call), state.syncClusterState(call.params.cluster_id!, ctx))),

    // ---- instance groups and block storage ----
    mutation("POST", "/v1/instance-groups/{instance_group_id}/resize", (call, ctx) =>
      state.setServerType(call.params.instance_group_id!, S.parseOrThrow(S.resizeInstanceGroupBody, call.json()).server_type_name, ctx),
    ),
    mutation("POST", "/v1/instance-groups/{instance_group_id}/block-storage-groups", (call, ctx) =>
      state.addBlockStorage(call.params.instance_group_id!, S.parseOrThrow(S.addBlockStoragesBody, call.json()), ctx),
    ),
    mutation("POST", "/v1/block-storage-groups/{block_storage_group_id}/resize", (call, ctx) =>
      state.setBlockStorageSize(call.params.block_storage_group_id!, S.parseOrThrow(S.resizeBlockStorageBody, call.json()).size_gb, ctx),
    ),

    // ---- security group, maintenance ----
    mutation("POST", "/v1/clusters/{cluster_id}/security-group-rules", (call, ctx) => {
      const b = S.parseOrThrow(S.securityGroupRulesBody, call.json());
      return state.setSecurityGroupRules(call.params.cluster_id!, b.add_ip_addresses ?? [], b.del_ip_addresses ?? [], ctx);
    }),
    mutation("POST", "/v1/clusters/{cluster_id}/maintenance", (call, ctx) =>
      state.setMaintenance(call.params.cluster_id!, S.parseOrThrow(S.maintenanceBody, call.json()), ctx),
    ),
    mutation("DELETE", "/v1/clusters/{cluster_id}/maintenance", (call, ctx) => state.unsetMaintenance(call.params.cluster_id!, ctx)),

    // ---- parameters ----
    route("GET", "/v1/clusters/{cluster_id}/parameters", (call) => ok(V.parameterValuesView(state.findCluster(call.params.cluster_id!)))),
    mutation("PUT", "/v1/clusters/{cluster_id}/parameters", (call, ctx) =>
      state.setParameterValues(call.params.cluster_id!, S.parseOrThrow(S.parametersBody, call.json()).parameters, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/parameters/sync", (call, ctx) => (noBody(call), state.syncParameterValues(call.params.cluster_id!, ctx))),

    // ---- audit log, backups ----
    mutation("PUT", "/v1/clusters/{cluster_id}/audit-log", (call, ctx) =>
      state.setAuditLog(call.params.cluster_id!, S.parseOrThrow(S.auditLogBody, call.json()).use_audit_log, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/backups", (call, ctx) =>
      state.setBackup(call.params.cluster_id!, S.parseOrThrow(S.backupBody, call.json()), ctx),
    ),
    mutation("DELETE", "/v1/clusters/{cluster_id}/backups", (call, ctx) => state.unsetBackup(call.params.cluster_id!, ctx)),
    route("GET", "/v1/clusters/{cluster_id}/backup-histories", (call) => {
      const limit = S.queryInt(call.req.query, "limit", undefined, 1);
      const page = S.queryInt(call.req.query, "page", 0)!;
      const r = state.listBackupHistories(call.params.cluster_id!, limit, page);
      return ok({ contents: r.contents.map(V.backupHistoryView), total_count: String(r.total) });
    }),
    mutation("PUT", "/v1/clusters/{cluster_id}/backup-histories", (call, ctx) =>
      state.removeBackupHistories(call.params.cluster_id!, S.parseOrThrow(S.backupHistoryNumbersBody, call.json()).backup_history_number, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/restore", (call, ctx) =>
      state.restoreCluster(call.params.cluster_id!, S.parseOrThrow(S.restoreBody, call.json()), ctx),
    ),

    // ---- minor version patch ----
    mutation("PUT", "/v1/clusters/{cluster_id}/patch", (call, ctx) => {
      const b = S.parseOrThrow(S.minorPatchBody, call.json());
      return state.patchMinorVersion(call.params.cluster_id!, b.software_version, b.backup_before_upgrade, ctx);
    }),

    // ---- archive ----
    route("GET", "/v1/clusters/{cluster_id}/archive", (call) => ok({ ...state.findCluster(call.params.cluster_id!).archive })),
    mutation("PUT", "/v1/clusters/{cluster_id}/archive", (call, ctx) => {
      const b = S.parseOrThrow(S.archiveConfigBody, call.json());
      return state.setArchiveConfig(call.params.cluster_id!, b.archive_enabled, b.retention_period_day, ctx);
    }),
    mutation("DELETE", "/v1/clusters/{cluster_id}/archive", (call, ctx) =>
      state.deleteArchiveLog(call.params.cluster_id!, queryStr(call, "type") ?? "ALL", ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/archive/sync", (call, ctx) => (noBody(call), state.syncArchiveConfig(call.params.cluster_id!, ctx))),

    // ---- log export ----
    route("GET", "/v1/clusters/{cluster_id}/log-export-configs", (call) => {
      const rows = state.listLogExportConfigs(call.params.cluster_id!, queryStr(call, "type"));
      return ok({ contents: rows.map((r) => V.logExportView(r.log_type, r.label, r.config)), count: rows.length });
    }),
    mutation("POST", "/v1/clusters/{cluster_id}/log-export-configs", (call, ctx) =>
      state.registerLogExportConfig(call.params.cluster_id!, S.parseOrThrow(S.logExportCreateBody, call.json()), ctx),
    ),
    mutation("PUT", "/v1/clusters/{cluster_id}/log-export-configs/{log_type}", (call, ctx) =>
      state.setLogExportConfig(call.params.cluster_id!, call.params.log_type!, S.parseOrThrow(S.logExportModifyBody, call.json()), ctx),
    ),
    mutation("DELETE", "/v1/clusters/{cluster_id}/log-export-configs/{log_type}", (call, ctx) =>
      state.unregisterLogExportConfig(call.params.cluster_id!, call.params.log_type!, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/log-export-configs/{log_type}/export", (call, ctx) =>
      (noBody(call), state.exportLog(call.params.cluster_id!, call.params.log_type!, ctx)),
    ),

    // ---- replicas ----
    route("GET", "/v1/clusters/{cluster_id}/replicas", (call) => {
      const rows = state.listReplicas(call.params.cluster_id!);
      return ok({ contents: rows.map(V.replicaItemView), count: String(rows.length) });
    }),
    mutation("POST", "/v1/clusters/{cluster_id}/replicas", (call, ctx) =>
      state.createReplicas(call.params.cluster_id!, S.parseOrThrow(S.replicasBody, call.json()), false, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/replicas/other-region", (call, ctx) =>
      state.createReplicas(call.params.cluster_id!, S.parseOrThrow(S.otherRegionReplicasBody, call.json()), true, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/promote", (call, ctx) => (noBody(call), state.promoteReplica(call.params.cluster_id!, ctx))),
    mutation("POST", "/v1/clusters/{replica_cluster_id}/reset-replica", (call, ctx) => (noBody(call), state.resetReplica(call.params.replica_cluster_id!, ctx))),
    mutation("POST", "/v1/clusters/{origin_cluster_id}/sync-replica-state", (call, ctx) =>
      (noBody(call), state.syncReplicaState(call.params.origin_cluster_id!, ctx)),
    ),
  ];
}
