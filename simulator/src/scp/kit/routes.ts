/**
 * Route rows every SCP DBaaS document has with the same shape (master data, requests, list and
 * terminate, power, resize, security group, maintenance, parameters, backups), each parse → state →
 * serialise, grouped so an engine's route table lists the groups its document has plus its own rows.
 * No rules here.
 */
import type { z } from "zod";
import type { RouteDef } from "../../router";
import type { ServiceResponse } from "../../service";
import { ScpNotFoundError, ScpValidationError } from "../errors";
import type { ScpCall, ScpHandler } from "../gateway";
import type { ClusterOps } from "./cluster-ops";
import type { AsyncResult, KitCluster, MutationContext } from "./model";
import * as S from "./schemas";
import * as V from "./views";

type Method = RouteDef<ScpHandler>["method"];
type State = ClusterOps<KitCluster>;
/** What master data and Show Request need of a state. */
type Lookups = Pick<State, "catalog" | "findEngineVersion" | "showRequest">;

export const ok = (body: unknown): ServiceResponse => ({ status: 200, body });
const accepted = (body: unknown): ServiceResponse => ({ status: 202, body });
const mctx = (call: ScpCall): MutationContext => ({ takeFailure: () => call.req.takeOperationFault() });

export const route = (method: Method, path: string, handler: ScpHandler): RouteDef<ScpHandler> => ({ method, path, handler });

/** A mutation row: its 202 carries the request id and the resource id. */
export const mutation = (method: Method, path: string, run: (call: ScpCall, ctx: MutationContext) => AsyncResult): RouteDef<ScpHandler> =>
  route(method, path, (call) => accepted(V.asyncView(run(call, mctx(call)))));

export function queryBool(call: ScpCall, name: string, dflt: boolean): boolean {
  const v = call.req.query.get(name);
  if (v === null || v === "") return dflt;
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  throw ScpValidationError.field(["query", name], "must be true or false");
}

export function queryStr(call: ScpCall, name: string): string | undefined {
  const v = call.req.query.get(name);
  return v === null || v === "" ? undefined : v;
}

/** Endpoints that take no body reject one, so a client sending the wrong call is noticed. */
export function noBody(call: ScpCall): void {
  const b = call.json();
  if (b !== undefined && !(typeof b === "object" && b !== null && Object.keys(b).length === 0)) {
    throw ScpValidationError.field(["body"], "this operation takes no request body");
  }
}

/** Engine versions (with properties), server types, parameter groups and parameters. */
export function masterDataRoutes(state: Lookups): RouteDef<ScpHandler>[] {
  const cat = state.catalog;
  return [
    route("GET", "/v1/engine-versions", (call) => {
      const id = queryStr(call, "id");
      const image = queryStr(call, "product_image_type");
      const eos = queryBool(call, "eos_included", false);
      return ok({
        contents: cat.engineVersions
          .filter((e) => (eos || !e.end_of_service) && (!id || e.id === id) && (!image || e.product_image_type === image))
          .map(V.engineVersionView),
      });
    }),
    route("GET", "/v1/engine-versions/{dbaas_engine_version_id}/properties", (call) => {
      state.findEngineVersion(call.params.dbaas_engine_version_id);
      return ok({ contents: cat.engineVersionProperties.map((p) => ({ ...p })) });
    }),
    route("GET", "/v1/server-types", (call) => {
      const name = queryStr(call, "name");
      const image = queryStr(call, "product_image_type");
      return ok({
        contents: cat.serverTypes
          .filter((s) => (!name || s.name === name) && (!image || s.product_image_type === image))
          .map(V.serverTypeView),
      });
    }),
    route("GET", "/v1/parameter-groups", (call) => {
      const major = queryStr(call, "major_version");
      const image = queryStr(call, "product_image_type");
      const sort = queryStr(call, "sort") ?? "name:asc";
      const rows = cat.parameterGroups.filter((g) => (!major || g.major_version === major) && (!image || g.product_image_type === image));
      if (sort.endsWith(":desc")) rows.reverse();
      return ok({ contents: rows.map((g) => ({ ...g })), sort: [sort] });
    }),
    route("GET", "/v1/parameters", (call) => {
      const groupId = queryStr(call, "dbaas_parameter_group_id");
      if (!groupId) throw ScpValidationError.field(["query", "dbaas_parameter_group_id"], "field required");
      const group = cat.parameterGroups.find((g) => g.id === groupId);
      if (!group) throw new ScpNotFoundError("parameter group", groupId);
      const size = S.queryInt(call.req.query, "size", 20)!;
      const page = S.queryInt(call.req.query, "page", 0)!;
      const sort = queryStr(call, "sort") ?? "name:asc";
      const rows = cat.parameterDefs
        .map((d) => ({
          dbaas_parameter_group_id: group.id,
          default_value: d.default_value,
          description: d.description,
          id: cat.parameterId(group.major_version, d),
          name: d.name,
          software_type: cat.softwareType,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (sort.endsWith(":desc")) rows.reverse();
      return ok({ contents: rows.slice(page * size, page * size + size), count: rows.length, page, size, sort: [sort] });
    }),
  ];
}

export function requestRoutes(state: Lookups): RouteDef<ScpHandler>[] {
  return [route("GET", "/v1/requests/{request_id}", (call) => ok(V.requestView(state.showRequest(call.params.request_id))))];
}

/** List Clusters (with the engine's row view and extra query filters) and Terminate Cluster. */
export function listAndTerminateRoutes<C extends KitCluster>(
  state: ClusterOps<C>,
  summary: (c: C) => unknown,
  extraFilter: (call: ScpCall) => (c: C) => boolean = () => () => true,
): RouteDef<ScpHandler>[] {
  return [
    route("GET", "/v1/clusters", (call) => {
      const size = S.queryInt(call.req.query, "size", 20)!;
      const page = S.queryInt(call.req.query, "page", 0)!;
      const sort = queryStr(call, "sort") ?? "name:asc";
      const r = state.listClusters(
        { size, page, sort, name: queryStr(call, "name"), service_state: queryStr(call, "service_state") },
        extraFilter(call),
      );
      return ok({ contents: r.contents.map(summary), count: r.count, page, size, sort: [sort] });
    }),
    mutation("DELETE", "/v1/clusters/{cluster_id}", (call, ctx) => state.terminateCluster(call.params.cluster_id, ctx)),
  ];
}

/**
 * The rows every engine has around a cluster: master data, Show Request, List, Create (the engine's
 * `create`), Show (the engine's `detail` view) and Terminate.
 */
export function clusterCoreRoutes<C extends KitCluster>(
  state: ClusterOps<C>,
  o: {
    create: (call: ScpCall, ctx: MutationContext) => AsyncResult;
    detail: (c: C, call: ScpCall) => unknown;
    summary: (c: C) => unknown;
    extraFilter?: (call: ScpCall) => (c: C) => boolean;
  },
): RouteDef<ScpHandler>[] {
  return [
    ...masterDataRoutes(state),
    ...requestRoutes(state),
    ...listAndTerminateRoutes(state, o.summary, o.extraFilter),
    mutation("POST", "/v1/clusters", o.create),
    route("GET", "/v1/clusters/{cluster_id}", (call) => ok(o.detail(state.findCluster(call.params.cluster_id), call))),
  ];
}

const POWER = {
  start: (s: State) => s.startCluster.bind(s),
  stop: (s: State) => s.stopCluster.bind(s),
  restart: (s: State) => s.restartCluster.bind(s),
  "sync-state": (s: State) => s.syncClusterState.bind(s),
} as const;

/** Bodyless cluster actions; each engine lists the ones its document has. */
export function powerRoutes(state: State, actions: Array<keyof typeof POWER>): RouteDef<ScpHandler>[] {
  return actions.map((a) =>
    mutation("POST", `/v1/clusters/{cluster_id}/${a}`, (call, ctx) => (noBody(call), POWER[a](state)(call.params.cluster_id, ctx))),
  );
}

/** Server type, block storage size, security-group rules, maintenance set/unset. */
export function editRoutes(state: State): RouteDef<ScpHandler>[] {
  return [
    mutation("POST", "/v1/instance-groups/{instance_group_id}/resize", (call, ctx) =>
      state.setServerType(call.params.instance_group_id, S.parseOrThrow(S.resizeInstanceGroupBody, call.json()).server_type_name, ctx),
    ),
    mutation("POST", "/v1/block-storage-groups/{block_storage_group_id}/resize", (call, ctx) =>
      state.setBlockStorageSize(call.params.block_storage_group_id, S.parseOrThrow(S.resizeBlockStorageBody, call.json()).size_gb, ctx),
    ),
    mutation("POST", "/v1/clusters/{cluster_id}/security-group-rules", (call, ctx) => {
      const b = S.parseOrThrow(S.securityGroupRulesBody, call.json());
      return state.setSecurityGroupRules(call.params.cluster_id, b.add_ip_addresses ?? [], b.del_ip_addresses ?? [], ctx);
    }),
    mutation("POST", "/v1/clusters/{cluster_id}/maintenance", (call, ctx) =>
      state.setMaintenance(call.params.cluster_id, S.parseOrThrow(S.maintenanceBody, call.json()), ctx),
    ),
    mutation("DELETE", "/v1/clusters/{cluster_id}/maintenance", (call, ctx) => state.unsetMaintenance(call.params.cluster_id, ctx)),
  ];
}

/** List / set parameter values, and (where the document has it) synchronize them. */
export function parameterRoutes(state: State, opts: { sync: boolean }): RouteDef<ScpHandler>[] {
  return [
    route("GET", "/v1/clusters/{cluster_id}/parameters", (call) =>
      ok(V.parameterValuesView(state.findCluster(call.params.cluster_id), state.catalog.softwareType)),
    ),
    mutation("PUT", "/v1/clusters/{cluster_id}/parameters", (call, ctx) =>
      state.setParameterValues(call.params.cluster_id, S.parseOrThrow(S.parametersBody, call.json()).parameters, ctx),
    ),
    ...(opts.sync
      ? [
          mutation(
            "POST",
            "/v1/clusters/{cluster_id}/parameters/sync",
            (call, ctx) => (noBody(call), state.syncParameterValues(call.params.cluster_id, ctx)),
          ),
        ]
      : []),
  ];
}

/** Set / unset backup (with the engine's backup body) and list / remove backup histories. */
export function backupRoutes(state: State, backupBody: z.ZodType<Record<string, string>>): RouteDef<ScpHandler>[] {
  return [
    mutation("POST", "/v1/clusters/{cluster_id}/backups", (call, ctx) =>
      state.setBackup(call.params.cluster_id, S.parseOrThrow(backupBody, call.json()), ctx),
    ),
    mutation("DELETE", "/v1/clusters/{cluster_id}/backups", (call, ctx) => state.unsetBackup(call.params.cluster_id, ctx)),
    route("GET", "/v1/clusters/{cluster_id}/backup-histories", (call) => {
      const limit = S.queryInt(call.req.query, "limit", undefined, 1);
      const page = S.queryInt(call.req.query, "page", 0)!;
      const r = state.listBackupHistories(call.params.cluster_id, limit, page);
      return ok({ contents: r.contents.map(V.backupHistoryView), total_count: String(r.total) });
    }),
    mutation("PUT", "/v1/clusters/{cluster_id}/backup-histories", (call, ctx) =>
      state.removeBackupHistories(
        call.params.cluster_id,
        S.parseOrThrow(S.backupHistoryNumbersBody, call.json()).backup_history_number,
        ctx,
      ),
    ),
  ];
}
