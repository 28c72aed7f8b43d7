/**
 * The simulated Selectel DBaaS service, mounted at `/selectel/dbaas`: `/selectel/dbaas/<region>/v1/...`
 * stands for `https://<region>.dbaas.selcloud.ru/v1/...`. Every call needs `X-Auth-Token` with an
 * unexpired project-scoped token from the simulated Keystone (401 otherwise); then routing, then
 * the route's handler. Every non-2xx body is `{"error":{"code","title","message"}}`.
 *
 * Control actions (`POST /_sim/services/selectel-dbaas/<action>`):
 * - `set-status` `{"region","datastore_id","status"}`: force a datastore status (e.g. DEGRADED,
 *   DISK_FULL, DOWN, ERROR, ACTIVE) to test how clients react.
 * - `quirks` `{"ignoreTypeFilter": bool}`: see {@link Quirks}; cleared by reset.
 */
import type { SimClock } from "../clock";
import { RouteTable } from "../router";
import { fieldText, type ServiceRequest, type ServiceResponse, type SimService } from "../service";
import { SELECTEL_REGIONS } from "./catalog";
import { NotFoundError, SelectelApiError, UnauthorizedError, ValidationError, selectelErrorBody, answerSelectelErrors } from "./errors";
import { headerValue, SELECTEL_DBAAS_PREFIX, type IdentityState } from "./identity";
import { dbaasRoutes, type DbaasHandler } from "./routes";
import { DbaasState, STATUSES, type Quirks, type Status } from "./state";

export class SelectelDbaasService implements SimService {
  readonly name = "selectel-dbaas";
  readonly prefix = SELECTEL_DBAAS_PREFIX;
  readonly state: DbaasState;
  private readonly table = new RouteTable<DbaasHandler>(dbaasRoutes());

  constructor(
    clock: SimClock,
    private readonly identity: IdentityState,
  ) {
    this.state = new DbaasState(SELECTEL_REGIONS, clock);
  }

  get routes(): Array<{ method: string; path: string }> {
    return this.table.routes.map(({ method, path }) => ({ method, path }));
  }

  handle(req: ServiceRequest): ServiceResponse {
    return answerSelectelErrors(() => {
      const m = /^\/([^/]+)(\/.*)?$/.exec(req.path);
      const region = m ? this.state.regions.get(m[1]) : undefined;
      if (!m || !region)
        throw new SelectelApiError(404, `region ${m?.[1] ?? "(none)"} not found: use one of ${SELECTEL_REGIONS.join(", ")}.`);
      const apiPath = (m[2] ?? "/").replace(/(.)\/+$/, "$1");
      const check = this.identity.check(headerValue(req, "x-auth-token"));
      if (!check.ok) throw new UnauthorizedError(check.reason);
      if (check.token.scope !== "project" || check.token.project === null)
        throw new UnauthorizedError("The token is not scoped to a project.");
      const project = check.token.project;
      const r = this.table.match(req.method, apiPath);
      if (r.kind === "not-found") throw new SelectelApiError(404, `The requested URL ${apiPath} was not found on the server.`);
      if (r.kind === "method-not-allowed")
        throw new SelectelApiError(405, `The method ${req.method} is not allowed for the requested URL.`);
      return r.handler({
        req,
        params: r.params,
        region,
        project,
        ctx: { project, takeFailure: () => req.takeOperationFault() },
        json: () => {
          if (req.bodyInvalid) throw ValidationError.field("", "Failed to decode JSON object");
          return req.body;
        },
      });
    });
  }

  errorResponse(status: number, _code: string, detail: string): ServiceResponse {
    return { status, body: selectelErrorBody(status, detail) };
  }

  reset(): void {
    this.state.reset();
  }

  dump(): unknown {
    return this.state.dump();
  }

  control(action: string, body: unknown): ServiceResponse {
    const o = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    switch (action) {
      case "set-status": {
        const region = this.state.regions.get(fieldText(o.region ?? ""));
        if (!region) return { status: 400, body: { error: `region must be one of ${SELECTEL_REGIONS.join(", ")}` } };
        if (typeof o.status !== "string" || !(STATUSES as readonly string[]).includes(o.status)) {
          return { status: 400, body: { error: `status must be one of ${STATUSES.join(", ")}` } };
        }
        try {
          const d = region.forceStatus(fieldText(o.datastore_id ?? ""), o.status as Status);
          return { status: 200, body: { id: d.id, status: d.status } };
        } catch (err) {
          if (err instanceof NotFoundError) return { status: 404, body: { error: err.message } };
          throw err;
        }
      }
      case "quirks": {
        for (const [k, v] of Object.entries(o)) {
          if (!(k in this.state.quirks) || typeof v !== "boolean")
            return {
              status: 400,
              body: { error: `unknown quirk or non-boolean value: ${k} (${Object.keys(this.state.quirks).join(", ")})` },
            };
          this.state.quirks[k as keyof Quirks] = v;
        }
        return { status: 200, body: { ...this.state.quirks } };
      }
      default:
        return { status: 404, body: { error: `unknown action ${action} (set-status, quirks)` } };
    }
  }
}
