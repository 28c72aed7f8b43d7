/**
 * The HTTP layer of the simulated Selectel DBaaS API (paths relative to `https://{region}.dbaas.selcloud.ru`,
 * reference §1.3): one row per endpoint, each parse → state → serialise. No rules here.
 */
import type { RouteDef } from "../router";
import type { ServiceRequest, ServiceResponse } from "../service";
import { AVAILABLE_EXTENSIONS, CONFIG_PARAMETERS, DATASTORE_TYPES, FLAVORS } from "./catalog";
import { NotFoundError, ValidationError } from "./errors";
import * as S from "./schemas";
import type { ChildKind, ChildKinds, MutationContext, RegionState } from "./state";
import * as V from "./views";

export interface DbaasCall {
  req: ServiceRequest;
  params: Record<string, string>;
  region: RegionState;
  /** The token's project. */
  project: string;
  ctx: MutationContext;
  /** The parsed JSON body (400 when it is not JSON). */
  json(): unknown;
}
export type DbaasHandler = (call: DbaasCall) => ServiceResponse;

const ok = (body: unknown): ServiceResponse => ({ status: 200, body });
const created = (body: unknown): ServiceResponse => ({ status: 201, body });
const noContent: ServiceResponse = { status: 204 };

/** Keep rows whose serialised field equals the query value, for each filter given. */
function filtered<T extends Record<string, unknown>>(rows: T[], query: URLSearchParams, keys: readonly string[]): T[] {
  const active = keys.filter((k) => query.get(k) !== null && query.get(k) !== "");
  return rows.filter((r) => active.every((k) => String(r[k]) === query.get(k)));
}

/** Endpoints without a body reject one, so a client sending the wrong call is noticed. */
function noBody(call: DbaasCall): void {
  const b = call.json();
  if (b !== undefined && !(typeof b === "object" && b !== null && Object.keys(b).length === 0)) {
    throw ValidationError.field("", "this operation takes no request body");
  }
}

interface ChildSpec<K extends ChildKind> {
  kind: K;
  /** Envelope key of one object. */
  one: string;
  filters: readonly string[];
  create(call: DbaasCall): ChildKinds[K];
  update?: (call: DbaasCall, id: string) => ChildKinds[K];
}

export function dbaasRoutes(): RouteDef<DbaasHandler>[] {
  const route = (method: RouteDef<DbaasHandler>["method"], path: string, handler: DbaasHandler): RouteDef<DbaasHandler> => ({
    method,
    path,
    handler,
  });
  const ds = (call: DbaasCall, d: Parameters<typeof V.datastoreView>[0]) => ({ datastore: V.datastoreView(d, call.region) });
  const dsId = (call: DbaasCall) => call.params.datastore_id;

  /** `quirkFilters`: filters dropped when the `ignoreTypeFilter` quirk is on. */
  const catalogue = <T extends { id: string }>(
    plural: string,
    one: string,
    entity: string,
    rows: readonly T[],
    view: (t: T) => Record<string, unknown>,
    filters: readonly string[],
    extra?: (rows: T[], q: URLSearchParams) => T[],
    quirkFilters: readonly string[] = [],
  ) => [
    route("GET", `/v1/${plural}`, (call) => {
      const honoured = call.region.quirks.ignoreTypeFilter ? filters.filter((f) => !quirkFilters.includes(f)) : filters;
      let list = filtered(rows.map(view), call.req.query, honoured);
      if (extra) {
        const ids = new Set(extra([...rows], call.req.query).map((r) => r.id));
        list = list.filter((r) => ids.has(r.id as string));
      }
      return ok({ [plural]: list });
    }),
    route("GET", `/v1/${plural}/{id}`, (call) => {
      const r = rows.find((x) => x.id === call.params.id);
      if (!r) throw new NotFoundError(entity, call.params.id);
      return ok({ [one]: view(r) });
    }),
  ];

  const child = <K extends ChildKind>(spec: ChildSpec<K>) => {
    const view = V.CHILD_VIEWS[spec.kind] as (c: ChildKinds[K]) => Record<string, unknown>;
    const rows: RouteDef<DbaasHandler>[] = [
      route("GET", `/v1/${spec.kind}`, (call) =>
        ok({ [spec.kind]: filtered(call.region.listChildren(spec.kind, call.project).map(view), call.req.query, spec.filters) }),
      ),
      route("POST", `/v1/${spec.kind}`, (call) => created({ [spec.one]: view(spec.create(call)) })),
      route("GET", `/v1/${spec.kind}/{id}`, (call) =>
        ok({ [spec.one]: view(call.region.findChild(spec.kind, call.params.id, call.project)) }),
      ),
      route(
        "DELETE",
        `/v1/${spec.kind}/{id}`,
        (call) => (noBody(call), call.region.deleteChild(spec.kind, call.params.id, call.ctx), noContent),
      ),
    ];
    if (spec.update) {
      const update = spec.update;
      rows.push(route("PUT", `/v1/${spec.kind}/{id}`, (call) => ok({ [spec.one]: view(update(call, call.params.id)) })));
    }
    return rows;
  };

  return [
    // ---- catalogue ----
    ...catalogue("datastore-types", "datastore-type", "datastore type", DATASTORE_TYPES, V.datastoreTypeView, ["id", "engine", "version"]),
    ...catalogue("flavors", "flavor", "flavor", FLAVORS, V.flavorView, ["id", "name", "fl_size"], (rows, q) =>
      q.get("datastore_type_id") ? rows.filter((f) => f.datastore_type_ids.includes(q.get("datastore_type_id")!)) : rows,
    ),
    ...catalogue(
      "configuration-parameters",
      "configuration-parameter",
      "configuration parameter",
      CONFIG_PARAMETERS,
      V.configParameterView,
      ["id", "datastore_type_id", "name"],
      undefined,
      ["datastore_type_id"],
    ),
    ...catalogue(
      "available-extensions",
      "available-extension",
      "available extension",
      AVAILABLE_EXTENSIONS,
      V.availableExtensionView,
      ["id", "name"],
      (rows, q) => (q.get("datastore_type_id") ? rows.filter((a) => a.datastore_type_ids.includes(q.get("datastore_type_id")!)) : rows),
    ),

    // ---- datastores ----
    route("GET", "/v1/datastores", (call) =>
      ok({
        datastores: filtered(
          call.region.listDatastores(call.project).map((d) => V.datastoreView(d, call.region)),
          call.req.query,
          [
            "id",
            "project_id",
            "name",
            "status",
            "enabled",
            "type_id",
            "flavor_id",
            "subnet_id",
            "allow_restore",
            "is_maintenance",
            "is_protected",
          ],
        ),
      }),
    ),
    route("POST", "/v1/datastores", (call) => {
      const b = S.parse<{ datastore: S.DatastoreCreate }>(S.datastoreCreateBody, call.json());
      return created(ds(call, call.region.createDatastore(b.datastore, call.ctx)));
    }),
    route("GET", "/v1/datastores/{datastore_id}", (call) => ok(ds(call, call.region.findDatastore(dsId(call), call.project)))),
    route("PUT", "/v1/datastores/{datastore_id}", (call) => {
      const b = S.parse<{ datastore: { name: string } }>(S.datastoreUpdateBody, call.json());
      return ok(ds(call, call.region.renameDatastore(dsId(call), b.datastore.name, call.ctx)));
    }),
    route(
      "DELETE",
      "/v1/datastores/{datastore_id}",
      (call) => (noBody(call), call.region.deleteDatastore(dsId(call), call.ctx), noContent),
    ),
    route("POST", "/v1/datastores/{datastore_id}/resize", (call) => {
      const b = S.parse<{ resize: S.ResizeSpec }>(S.resizeBody, call.json());
      return ok(ds(call, call.region.resizeDatastore(dsId(call), b.resize, call.ctx)));
    }),
    route("PUT", "/v1/datastores/{datastore_id}/pooler", (call) => {
      const b = S.parse<{ pooler: S.PoolerSpec & { datastore_id?: string } }>(S.poolerBody, call.json());
      return ok(ds(call, call.region.setPooler(dsId(call), b.pooler, call.ctx)));
    }),
    route("PUT", "/v1/datastores/{datastore_id}/firewall", (call) => {
      const b = S.parse<{ firewall: { ips: string[] } }>(S.firewallBody, call.json());
      return ok(ds(call, call.region.setFirewall(dsId(call), b.firewall.ips, call.ctx)));
    }),
    route("PUT", "/v1/datastores/{datastore_id}/config", (call) => {
      const b = S.parse<{ config: Record<string, unknown> }>(S.configBody, call.json());
      return ok(ds(call, call.region.setConfig(dsId(call), b.config, call.ctx)));
    }),
    route("PUT", "/v1/datastores/{datastore_id}/password", (call) => {
      const b = S.parse<{ password: { redis_password: string } }>(S.passwordBody, call.json());
      return ok(ds(call, call.region.setRedisPassword(dsId(call), b.password.redis_password, call.ctx)));
    }),
    route("PUT", "/v1/datastores/{datastore_id}/backups", (call) => {
      const b = S.parse<{ backups: { backup_retention_days: number } }>(S.backupsBody, call.json());
      return ok(ds(call, call.region.setBackups(dsId(call), b.backups.backup_retention_days, call.ctx)));
    }),
    route("PUT", "/v1/datastores/{datastore_id}/security-groups", (call) => {
      const b = S.parse<{ security_groups: string[] }>(S.securityGroupsBody, call.json());
      return ok(ds(call, call.region.setSecurityGroups(dsId(call), b.security_groups, call.ctx)));
    }),
    route("PUT", "/v1/datastores/{datastore_id}/log-platform", (call) => {
      const b = S.parse<{ log_platform: { log_group: string } }>(S.logPlatformBody, call.json());
      return ok(ds(call, call.region.setLogPlatform(dsId(call), b.log_platform.log_group, call.ctx)));
    }),
    route(
      "DELETE",
      "/v1/datastores/{datastore_id}/log-platform",
      (call) => (noBody(call), call.region.setLogPlatform(dsId(call), null, call.ctx), noContent),
    ),
    route("PUT", "/v1/datastores/{datastore_id}/protection", (call) => {
      const b = S.parse<{ protection: boolean }>(S.protectionBody, call.json());
      return ok(ds(call, call.region.setProtection(dsId(call), b.protection, call.ctx)));
    }),

    // ---- floating IPs (DELETE carries a JSON body) ----
    route("POST", "/v1/floating-ips", (call) => {
      const b = S.parse<{ floating_ip: { instance_id: string } }>(S.floatingIpBody, call.json());
      call.region.addFloatingIp(b.floating_ip.instance_id, call.ctx);
      return noContent;
    }),
    route("DELETE", "/v1/floating-ips", (call) => {
      const b = S.parse<{ floating_ip: { instance_id: string } }>(S.floatingIpBody, call.json());
      call.region.removeFloatingIp(b.floating_ip.instance_id, call.ctx);
      return noContent;
    }),

    // ---- children ----
    ...child({
      kind: "users",
      one: "user",
      filters: ["id", "project_id", "name", "datastore_id", "status"],
      create: (call) =>
        call.region.createUser(
          S.parse<{ user: { datastore_id: string; name: string; password: string } }>(S.userCreateBody, call.json()).user,
          call.ctx,
        ),
      update: (call, id) =>
        call.region.updateUser(id, S.parse<{ user: { password: string } }>(S.userUpdateBody, call.json()).user.password, call.ctx),
    }),
    ...child({
      kind: "databases",
      one: "database",
      filters: ["id", "project_id", "name", "datastore_id", "status"],
      create: (call) =>
        call.region.createDatabase(
          S.parse<{ database: Parameters<RegionState["createDatabase"]>[0] }>(S.databaseCreateBody, call.json()).database,
          call.ctx,
        ),
      update: (call, id) =>
        call.region.updateDatabase(
          id,
          S.parse<{ database: { owner_id: string } }>(S.databaseUpdateBody, call.json()).database.owner_id,
          call.ctx,
        ),
    }),
    ...child({
      kind: "grants",
      one: "grant",
      filters: ["id", "project_id", "datastore_id", "database_id", "user_id", "status"],
      create: (call) =>
        call.region.createGrant(
          S.parse<{ grant: Parameters<RegionState["createGrant"]>[0] }>(S.grantCreateBody, call.json()).grant,
          call.ctx,
        ),
    }),
    ...child({
      kind: "extensions",
      one: "extension",
      filters: ["id", "project_id", "available_extension_id", "datastore_id", "database_id", "status"],
      create: (call) =>
        call.region.createExtension(
          S.parse<{ extension: Parameters<RegionState["createExtension"]>[0] }>(S.extensionCreateBody, call.json()).extension,
          call.ctx,
        ),
    }),
    ...child({
      kind: "topics",
      one: "topic",
      filters: ["id", "project_id", "datastore_id", "name", "status"],
      create: (call) =>
        call.region.createTopic(
          S.parse<{ topic: Parameters<RegionState["createTopic"]>[0] }>(S.topicCreateBody, call.json()).topic,
          call.ctx,
        ),
      update: (call, id) =>
        call.region.updateTopic(id, S.parse<{ topic: { partitions: number } }>(S.topicUpdateBody, call.json()).topic.partitions, call.ctx),
    }),
    ...child({
      kind: "acls",
      one: "acl",
      filters: ["id", "project_id", "datastore_id", "pattern", "pattern_type", "user_id", "status"],
      create: (call) =>
        call.region.createAcl(S.parse<{ acl: Parameters<RegionState["createAcl"]>[0] }>(S.aclCreateBody, call.json()).acl, call.ctx),
      update: (call, id) =>
        call.region.updateAcl(
          id,
          S.parse<{ acl: { allow_read: boolean; allow_write: boolean } }>(S.aclUpdateBody, call.json()).acl,
          call.ctx,
        ),
    }),
    ...child({
      kind: "logical-replication-slots",
      one: "logical-replication-slot",
      filters: ["id", "project_id", "name", "datastore_id", "database_id", "status", "in_use"],
      create: (call) =>
        call.region.createSlot(
          S.parse<{ "logical-replication-slot": Parameters<RegionState["createSlot"]>[0] }>(S.slotCreateBody, call.json())[
            "logical-replication-slot"
          ],
          call.ctx,
        ),
    }),

    // ---- prometheus metrics tokens ----
    route("GET", "/v1/prometheus-metrics-tokens", (call) =>
      ok({
        "prometheus-metrics-tokens": filtered(
          [...call.region.prometheusTokens.values()].filter((t) => t.project_id === call.project).map(V.prometheusTokenView),
          call.req.query,
          ["id", "project_id", "name", "value"],
        ),
      }),
    ),
    route("POST", "/v1/prometheus-metrics-tokens", (call) => {
      const b = S.parse<{ "prometheus-metrics-token": { name: string } }>(S.prometheusTokenBody, call.json());
      return created({
        "prometheus-metrics-token": V.prometheusTokenView(call.region.createPrometheusToken(b["prometheus-metrics-token"].name, call.ctx)),
      });
    }),
    route("GET", "/v1/prometheus-metrics-tokens/{id}", (call) =>
      ok({ "prometheus-metrics-token": V.prometheusTokenView(call.region.findPrometheusToken(call.params.id, call.project)) }),
    ),
    route("PUT", "/v1/prometheus-metrics-tokens/{id}", (call) => {
      const b = S.parse<{ "prometheus-metrics-token": { name: string } }>(S.prometheusTokenBody, call.json());
      return ok({
        "prometheus-metrics-token": V.prometheusTokenView(
          call.region.renamePrometheusToken(call.params.id, b["prometheus-metrics-token"].name, call.ctx),
        ),
      });
    }),
    route(
      "DELETE",
      "/v1/prometheus-metrics-tokens/{id}",
      (call) => (noBody(call), call.region.deletePrometheusToken(call.params.id, call.ctx), noContent),
    ),
  ];
}
