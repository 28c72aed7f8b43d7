/**
 * The simulated Avisi Cloud API, mounted at `/acloud` (stands for `https://api.avisi.cloud`). Every
 * call needs `Authorization: Token <personal access token>` (401 for a missing header, another
 * scheme such as Bearer, or another token); the organisation in the path must be the token's (403
 * otherwise, the document's answer). Errors are `{"message","details"}`; paths the API does not
 * serve get the framework's 404/405 (see errors.ts). Lists are Spring pages (`page`, `size`).
 *
 * Token `acpat_sim-token` and organisation `sim-org` by default (env `DBAAS_SIM_ACLOUD_TOKEN`,
 * `DBAAS_SIM_ACLOUD_ORG`). Control actions, `POST /_sim/services/acloud/<action>`:
 * - `advance-time` `{"hours"|"minutes"|"to"}`: move the virtual calendar forward (windows open, pass);
 * - `inject-outcome` `{"outcome":"FAILED"|"MISSED"|"SUPERSEDED","clusterIdentity"?,"reason"?}`: the
 *   next upgrade of that cluster (any cluster without one) reaching its window ends so;
 * - `set-cluster` `{"clusterIdentity","version"?,"autoUpgrade"?}`: out-of-band changes (platform upgrades);
 * - `endpoints` `{"read"?:bool,"cancel"?:bool}`: serve or withhold the inferred GET/list and DELETE
 *   of scheduled upgrades (public paths not confirmed by the documents; default served);
 * - `documented-only` `{"on":bool}`: serve only what the documents establish (the POST of seed 003,
 *   clusters, versions, channels): the inferred read, list and cancel are withheld, and every path
 *   not served is answered 404 in the API's own `{message, details}` shape, as a gateway that maps
 *   unknown routes to the documented error does: a client cannot tell it from "no such object";
 * - `slug-style` `{"style":"string"|"object"}`: slugs as plain strings or as `{"slugValue"}`;
 * - `upgrade-steps` `{"steps"}`: clock steps an upgrade stays IN_PROGRESS (default 3);
 * - `set-upgrade-status` `{"identity","status"}`: force any status, also one the documents do not list.
 */
import type { SimClock } from "../clock";
import { RouteTable, type RouteDef } from "../router";
import { fieldText, type ServiceRequest, type ServiceResponse, type SimService } from "../service";
import { AvisiApiError, answerAvisiErrors, badRequest, frameworkError } from "./errors";
import { AcloudState, INJECTABLE, TERMINAL, UPGRADE_STATUSES, type InjectedOutcome, type SimCluster, type SimUpgrade } from "./state";

export const ACLOUD_PREFIX = "/acloud";
export const DEFAULT_ACLOUD_TOKEN = "acpat_sim-token";
export const DEFAULT_ACLOUD_ORG = "sim-org";
export { SEED_CLUSTERS, SEED_SCHEDULE, SEED_VERSIONS } from "./state";

interface Call {
  req: ServiceRequest;
  params: Record<string, string>;
}
type Handler = (call: Call) => ServiceResponse;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export class AcloudService implements SimService {
  readonly name = "acloud";
  readonly prefix = ACLOUD_PREFIX;
  readonly state: AcloudState;
  private slugStyle: "string" | "object" = "string";
  private serve = { read: true, cancel: true };
  /** How a path that is not served is answered: the framework's 404 (default), or the API's own shape. */
  private unservedShape: "framework" | "api" = "framework";
  private readonly table: RouteTable<Handler>;

  constructor(
    private readonly clock: SimClock,
    readonly credentials: { token: string; organisation: string },
  ) {
    this.state = new AcloudState(clock, credentials.organisation);
    this.table = new RouteTable<Handler>(this.routes());
  }

  handle(req: ServiceRequest): ServiceResponse {
    this.state.tick();
    const m = this.table.match(req.method, req.path.replace(/(.)\/+$/, "$1"));
    if (m.kind !== "found") return this.unserved(m.kind === "not-found" ? 404 : 405, req.path);
    return answerAvisiErrors(() => {
      this.authenticate(req);
      if (m.params.org !== undefined && m.params.org !== this.credentials.organisation) {
        throw new AvisiApiError(403, [`the token has no access to organisation ${m.params.org}`]);
      }
      return m.handler({ req, params: m.params });
    });
  }

  /** The answer for a path (or method) this API does not serve. */
  private unserved(status: 404 | 405, path: string): ServiceResponse {
    if (this.unservedShape === "api") return { status: 404, body: new AvisiApiError(404, [`No endpoint ${path}`]).body() };
    return frameworkError(status, path, this.state.now());
  }

  private authenticate(req: ServiceRequest): void {
    // Node keeps one Authorization header (a duplicate is dropped), so this is a string or nothing.
    const value = req.headers.authorization;
    if (!value) throw new AvisiApiError(401, ["missing Authorization header: send Authorization: Token <personal access token>"]);
    const [scheme, token] = value.split(/\s+/, 2);
    if (scheme !== "Token")
      throw new AvisiApiError(401, [`unsupported authorization scheme ${scheme}: personal access tokens use the Token scheme`]);
    if (token !== this.credentials.token) throw new AvisiApiError(401, ["invalid personal access token"]);
  }

  errorResponse(status: number, _code: string, detail: string): ServiceResponse {
    return { status, body: new AvisiApiError(status, [detail]).body() };
  }

  reset(): void {
    this.state.reset();
    this.slugStyle = "string";
    this.serve = { read: true, cancel: true };
    this.unservedShape = "framework";
  }

  dump(): unknown {
    return {
      now: new Date(this.state.now()).toISOString(),
      clusters: [...this.state.clusters.values()],
      upgrades: [...this.state.upgrades.values()],
      injected: Object.fromEntries(this.state.injected),
      serve: this.serve,
      unservedShape: this.unservedShape,
    };
  }

  control(action: string, body: unknown): ServiceResponse {
    const o = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const fail = (error: string): ServiceResponse => ({ status: 400, body: { error } });
    this.state.tick();
    switch (action) {
      case "advance-time": {
        let ms: number;
        if (typeof o.to === "string") {
          const to = Date.parse(o.to);
          if (Number.isNaN(to)) return fail("to must be an ISO 8601 date-time");
          ms = to - this.state.now();
          if (ms < 0) return fail(`to is in the past of the virtual calendar (${new Date(this.state.now()).toISOString()})`);
        } else {
          const hours = o.hours ?? 0;
          const minutes = o.minutes ?? 0;
          if (typeof hours !== "number" || typeof minutes !== "number" || hours < 0 || minutes < 0)
            return fail("hours and minutes must be numbers >= 0");
          ms = (hours * 60 + minutes) * 60_000;
        }
        this.state.advanceTime(ms);
        return { status: 200, body: { now: new Date(this.state.now()).toISOString() } };
      }
      case "inject-outcome": {
        if (!(INJECTABLE as readonly string[]).includes(String(o.outcome))) return fail(`outcome must be one of ${INJECTABLE.join(", ")}`);
        const cluster = o.clusterIdentity === undefined ? "*" : fieldText(o.clusterIdentity);
        if (cluster !== "*" && !this.state.clusters.has(cluster)) return fail(`no cluster ${cluster}`);
        this.state.injected.set(cluster, {
          outcome: o.outcome as InjectedOutcome,
          ...(typeof o.reason === "string" ? { reason: o.reason } : {}),
        });
        return { status: 200, body: { cluster, outcome: o.outcome } };
      }
      case "set-cluster": {
        const c = this.state.clusters.get(fieldText(o.clusterIdentity ?? ""));
        if (!c) return fail(`no cluster ${fieldText(o.clusterIdentity)}`);
        if (o.version !== undefined) c.version = fieldText(o.version);
        if (o.autoUpgrade !== undefined) c.autoUpgrade = o.autoUpgrade === true;
        return { status: 200, body: this.clusterView(c) };
      }
      case "endpoints":
        if (o.read !== undefined) this.serve.read = o.read === true;
        if (o.cancel !== undefined) this.serve.cancel = o.cancel === true;
        return { status: 200, body: this.serve };
      case "documented-only": {
        const on = o.on !== false;
        this.serve = { read: !on, cancel: !on };
        this.unservedShape = on ? "api" : "framework";
        return { status: 200, body: { serve: this.serve, unservedShape: this.unservedShape } };
      }
      case "slug-style":
        if (o.style !== "string" && o.style !== "object") return fail("style must be string or object");
        this.slugStyle = o.style;
        return { status: 200, body: { style: this.slugStyle } };
      case "set-upgrade-status": {
        // Any status string, including ones the documents do not list yet: clients must wait on
        // statuses they do not know (reference/avisi.md §2.3).
        const u = this.state.upgrades.get(fieldText(o.identity ?? ""));
        if (!u) return fail(`no scheduled upgrade ${fieldText(o.identity)}`);
        if (typeof o.status !== "string" || !/^[A-Z_]+$/.test(o.status)) return fail("status must be an upper-case status name");
        u.status = o.status as typeof u.status;
        u.generation++; // a forced status stops the upgrade's own progress
        return { status: 200, body: this.upgradeView(u) };
      }
      case "upgrade-steps":
        if (typeof o.steps !== "number" || !Number.isInteger(o.steps) || o.steps < 1) return fail("steps must be an integer >= 1");
        this.state.upgradeSteps = o.steps;
        return { status: 200, body: { steps: o.steps } };
      default:
        return {
          status: 404,
          body: {
            error:
              `unknown action ${action} (advance-time, inject-outcome, set-cluster, endpoints, ` +
              `documented-only, slug-style, upgrade-steps, set-upgrade-status)`,
          },
        };
    }
  }

  // ---- views ----

  private slug(s: string): unknown {
    return this.slugStyle === "object" ? { slugValue: s } : s;
  }

  private clusterView(c: SimCluster) {
    const schedule = c.maintenanceScheduleIdentity ? this.state.schedules.get(c.maintenanceScheduleIdentity) : undefined;
    const channel = this.state.channels.get(c.updateChannel);
    return {
      identity: c.identity,
      name: c.name,
      slug: this.slug(c.slug),
      environmentSlug: this.slug(c.environmentSlug),
      customerSlug: this.slug(this.credentials.organisation),
      version: c.version,
      updateChannel: channel ?? null,
      autoUpgrade: c.autoUpgrade,
      status: c.status,
      createdAt: c.createdAt,
      modifiedAt: c.modifiedAt,
      ...(schedule ? { maintenanceSchedule: schedule } : {}),
    };
  }

  private upgradeView(u: SimUpgrade) {
    const c = this.state.clusters.get(u.clusterIdentity);
    const { history: _h, generation: _g, ...rest } = u;
    return {
      ...rest,
      clusterSlug: c ? this.slug(c.slug) : null,
      environmentSlug: c ? this.slug(c.environmentSlug) : null,
      organisationSlug: this.slug(this.credentials.organisation),
    };
  }

  /** A Spring page of `items` (`page` is 0-based; `size` defaults to 50, at most 100). */
  private page<T>(req: ServiceRequest, items: T[]): ServiceResponse {
    const page = Number(req.query.get("page") ?? "0");
    const size = Number(req.query.get("size") ?? "50");
    if (!Number.isInteger(page) || page < 0) throw badRequest("page: must be an integer >= 0");
    if (!Number.isInteger(size) || size < 1 || size > 100) throw badRequest("size: must be an integer from 1 to 100");
    const content = items.slice(page * size, (page + 1) * size);
    const totalPages = Math.max(1, Math.ceil(items.length / size));
    return {
      status: 200,
      body: {
        content,
        number: page,
        size,
        totalElements: items.length,
        totalPages,
        numberOfElements: content.length,
        first: page === 0,
        last: page >= totalPages - 1,
        empty: content.length === 0,
        pageable: { pageNumber: page, pageSize: size, offset: page * size, paged: true, unpaged: false },
        sort: { sorted: false, unsorted: true, empty: true },
      },
    };
  }

  // ---- routes: parse → state → view ----

  private routes(): RouteDef<Handler>[] {
    const r = (method: RouteDef<Handler>["method"], path: string, handler: Handler): RouteDef<Handler> => ({ method, path, handler });
    const ok = (body: unknown): ServiceResponse => ({ status: 200, body });
    const s = this.state;
    const clusters = () => [...s.clusters.values()];
    const upgrades = "/api/v1/orgs/{org}/scheduled-cluster-upgrades";
    const inferred =
      (which: "read" | "cancel", h: Handler): Handler =>
      (call) => {
        if (!this.serve[which]) return this.unserved(404, call.req.path);
        return h(call);
      };
    return [
      r("GET", "/api/v1/organisations/{org}", () => ok({ slug: this.slug(s.organisation), name: s.organisation })),
      r("GET", "/api/v1/organisations/{org}/maintenance-schedule", () => ok([...s.schedules.values()])),
      r("GET", "/api/v1/organisations/{org}/maintenance-schedule/{id}", ({ params }) => {
        const m = s.schedules.get(params.id);
        if (!m) throw new AvisiApiError(404, [`Maintenance schedule ${params.id} not found`]);
        return ok(m);
      }),
      r("GET", "/api/v1/orgs/{org}/environments", ({ req }) =>
        this.page(
          req,
          [...s.environments.values()].map((e) => ({ ...e, slug: this.slug(e.slug) })),
        ),
      ),
      r("GET", "/api/v1/orgs/{org}/clusters", ({ req }) =>
        this.page(
          req,
          clusters().map((c) => this.clusterView(c)),
        ),
      ),
      r("GET", "/api/v1/orgs/{org}/clusters/{env}", ({ req, params }) => {
        if (!s.environments.has(params.env)) throw new AvisiApiError(404, [`Environment ${params.env} not found`]);
        return this.page(
          req,
          clusters()
            .filter((c) => c.environmentSlug === params.env)
            .map((c) => this.clusterView(c)),
        );
      }),
      r("GET", "/api/v1/orgs/{org}/clusters/{env}/{slug}", ({ params }) => ok(this.clusterView(s.clusterBySlug(params.env, params.slug)))),
      r("GET", "/api/v1/cluster-versions", () => ok(s.versions.map((version) => ({ version })))),
      r("GET", "/api/v1/orgs/{org}/update-channels", () => ok([...s.channels.values()])),
      r("POST", upgrades, ({ req }) => {
        const body = parseUpgradeRequest(req);
        // The generic `fail-operation` fault: the accepted upgrade ends FAILED when it runs.
        if (req.takeOperationFault())
          s.injected.set(body.clusterIdentity, { outcome: "FAILED", reason: "injected fault: the upgrade failed" });
        // Seed 003 documents one success answer ("Request was successfully processed"), for a first
        // schedule and a reschedule alike.
        return ok(this.upgradeView(s.requestUpgrade(body).upgrade));
      }),
      r(
        "GET",
        upgrades,
        inferred("read", ({ req }) => {
          const ids = req.query.get("clusterIdentities")?.split(",").filter(Boolean);
          const statuses = req.query.get("statuses")?.split(",").filter(Boolean);
          for (const st of statuses ?? [])
            if (!(UPGRADE_STATUSES as readonly string[]).includes(st)) throw badRequest(`statuses: unknown status ${st}`);
          const list = [...s.upgrades.values()].filter(
            (u) => (!ids || ids.includes(u.clusterIdentity)) && (!statuses || statuses.includes(u.status)),
          );
          return this.page(
            req,
            list.map((u) => this.upgradeView(u)),
          );
        }),
      ),
      r(
        "GET",
        `${upgrades}/{id}`,
        inferred("read", ({ params }) => ok(this.upgradeView(s.upgrade(params.id)))),
      ),
      r(
        "DELETE",
        `${upgrades}/{id}`,
        inferred("cancel", ({ params }) => ok(this.upgradeView(s.cancel(params.id)))),
      ),
    ];
  }
}

/** The request body of seed 003: clusterIdentity (uuid) and version (length ≥ 1) required. */
function parseUpgradeRequest(req: ServiceRequest) {
  if (req.bodyInvalid) throw badRequest("the request body is not valid JSON");
  const b = req.body;
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw badRequest("the request body must be a JSON object");
  const o = b as Record<string, unknown>;
  const details: string[] = [];
  if (typeof o.clusterIdentity !== "string") details.push("clusterIdentity: must not be null");
  else if (!UUID.test(o.clusterIdentity)) details.push("clusterIdentity: must be a UUID");
  if (typeof o.version !== "string") details.push("version: must not be null");
  else if (o.version.length < 1) details.push("version: length must be at least 1");
  if (
    o.scheduleRequestDate !== undefined &&
    o.scheduleRequestDate !== null &&
    (typeof o.scheduleRequestDate !== "string" || !DATE_TIME.test(o.scheduleRequestDate))
  ) {
    details.push("scheduleRequestDate: must be a date-time");
  }
  if (
    o.ignoreMaintenanceSchedule !== undefined &&
    o.ignoreMaintenanceSchedule !== null &&
    typeof o.ignoreMaintenanceSchedule !== "boolean"
  ) {
    details.push("ignoreMaintenanceSchedule: must be a boolean");
  }
  if (details.length > 0) throw badRequest(...details);
  return {
    clusterIdentity: o.clusterIdentity as string,
    version: o.version as string,
    ...(typeof o.scheduleRequestDate === "string" ? { scheduleRequestDate: new Date(o.scheduleRequestDate).toISOString() } : {}),
    ...(typeof o.ignoreMaintenanceSchedule === "boolean" ? { ignoreMaintenanceSchedule: o.ignoreMaintenanceSchedule } : {}),
  };
}

export function createAcloudService(clock: SimClock, opts: { token?: string; organisation?: string } = {}): AcloudService {
  return new AcloudService(clock, {
    token: opts.token ?? process.env.DBAAS_SIM_ACLOUD_TOKEN ?? DEFAULT_ACLOUD_TOKEN,
    organisation: opts.organisation ?? process.env.DBAAS_SIM_ACLOUD_ORG ?? DEFAULT_ACLOUD_ORG,
  });
}

export { TERMINAL };
