/**
 * The simulated Selectel Keystone (identity v3), mounted at `/selectel/identity`: stands for
 * `https://cloud.api.selcloud.ru/identity`. Password auth only (reference §1.1, AUTHDOC): the user
 * is the service user's name, `user.domain.name` is the account id, the scope is a project id. The
 * token comes back in `X-Subject-Token`, the body carries `expires_at` and, for project-scoped
 * tokens, a catalog with one `managed-database` endpoint per region pointing at this simulator.
 *
 * Control actions (`POST /_sim/services/selectel-identity/<action>`):
 * - `expire-tokens`: every token issued so far expires now;
 * - `token-ttl` `{"seconds": n}`: lifetime of tokens issued from now on.
 */
import { randomBytes } from "node:crypto";
import type { SimClock } from "../clock";
import { RouteTable, type RouteDef } from "../router";
import type { ServiceRequest, ServiceResponse, SimService } from "../service";
import { DBAAS_SERVICE_TYPE, SELECTEL_REGIONS } from "./catalog";
import { BadRequestError, NotFoundError, SelectelApiError, UnauthorizedError, selectelErrorBody, answerSelectelErrors } from "./errors";

export const SELECTEL_IDENTITY_PREFIX = "/selectel/identity";
export const SELECTEL_DBAAS_PREFIX = "/selectel/dbaas";

export interface SelectelCredentials {
  user: string;
  password: string;
  /** Account id = the user's domain name. */
  account: string;
  /** The user's project (32 hex digits): the default. */
  project: string;
  /**
   * Further projects of the same account the user has a role in (a token is scoped to one of
   * them): each project's objects are its own (a datastore of one is not another's).
   */
  projects?: readonly string[];
}

export interface Token {
  id: string;
  user: string;
  account: string;
  /** Project id for project-scoped tokens, `null` for unscoped or domain-scoped ones. */
  project: string | null;
  scope: "project" | "domain" | "unscoped";
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export type TokenCheck = { ok: true; token: Token } | { ok: false; reason: string };

/** Token store shared by the identity service and the DBaaS service. No HTTP here. */
export class IdentityState {
  readonly tokens = new Map<string, Token>();
  ttlMs: number;

  constructor(
    private readonly clock: SimClock,
    readonly credentials: () => SelectelCredentials,
    private readonly defaultTtlMs: number,
  ) {
    this.ttlMs = defaultTtlMs;
  }

  reset(): void {
    this.tokens.clear();
    this.ttlMs = this.defaultTtlMs;
  }

  issue(user: string, account: string, scope: Token["scope"], project: string | null): Token {
    const now = this.clock.now();
    const token: Token = {
      id: `gAAAAA${randomBytes(96).toString("base64url")}`,
      user,
      account,
      project,
      scope,
      issuedAt: now,
      expiresAt: now + this.ttlMs,
      revoked: false,
    };
    this.tokens.set(token.id, token);
    return token;
  }

  check(id: string | undefined): TokenCheck {
    if (id === undefined || id === "") return { ok: false, reason: "The request you have made requires authentication." };
    const t = this.tokens.get(id);
    if (!t || t.revoked) return { ok: false, reason: "The request you have made requires authentication." };
    if (this.clock.now() >= t.expiresAt) return { ok: false, reason: "The token has expired." };
    return { ok: true, token: t };
  }

  expireAll(): number {
    const now = this.clock.now();
    let n = 0;
    for (const t of this.tokens.values()) {
      if (t.expiresAt > now) n++;
      t.expiresAt = Math.min(t.expiresAt, now);
    }
    return n;
  }

  dump(): unknown {
    return {
      ttlSeconds: this.ttlMs / 1000,
      tokens: [...this.tokens.values()].map((t) => ({
        id: `${t.id.slice(0, 12)}…`,
        user: t.user,
        scope: t.scope,
        project: t.project,
        expires_at: keystoneTime(t.expiresAt),
        expired: this.clock.now() >= t.expiresAt,
        revoked: t.revoked,
      })),
    };
  }
}

/** Keystone's timestamp format: `2026-01-01T12:00:00.000000Z`. */
export function keystoneTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

export function headerValue(req: ServiceRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

type IdentityHandler = (req: ServiceRequest) => ServiceResponse;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export class SelectelIdentityService implements SimService {
  readonly name = "selectel-identity";
  readonly prefix = SELECTEL_IDENTITY_PREFIX;
  private readonly table: RouteTable<IdentityHandler>;

  constructor(readonly state: IdentityState) {
    const routes: RouteDef<IdentityHandler>[] = [
      { method: "GET", path: "/v3", handler: (req) => this.versionDoc(req) },
      { method: "POST", path: "/v3/auth/tokens", handler: (req) => this.authenticate(req) },
      { method: "GET", path: "/v3/auth/tokens", handler: (req) => this.validateToken(req) },
      { method: "DELETE", path: "/v3/auth/tokens", handler: (req) => this.revokeToken(req) },
    ];
    this.table = new RouteTable(routes);
  }

  handle(req: ServiceRequest): ServiceResponse {
    return answerSelectelErrors(() => {
      const m = this.table.match(req.method, req.path.replace(/\/+$/, "") || "/");
      if (m.kind === "not-found") throw new SelectelApiError(404, "The resource could not be found.");
      if (m.kind === "method-not-allowed") throw new SelectelApiError(405, `The method ${req.method} is not supported for this resource.`);
      return m.handler(req);
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
    const o = isObj(body) ? body : {};
    switch (action) {
      case "expire-tokens":
        return { status: 200, body: { expired: this.state.expireAll() } };
      case "token-ttl": {
        const s = o.seconds;
        if (typeof s !== "number" || !Number.isFinite(s) || s <= 0)
          return { status: 400, body: { error: "seconds must be a positive number" } };
        this.state.ttlMs = Math.round(s * 1000);
        return { status: 200, body: { seconds: s } };
      }
      default:
        return { status: 404, body: { error: `unknown action ${action} (expire-tokens, token-ttl)` } };
    }
  }

  private baseUrl(req: ServiceRequest): string {
    return `http://${headerValue(req, "host") ?? "127.0.0.1"}`;
  }

  private versionDoc(req: ServiceRequest): ServiceResponse {
    return {
      status: 200,
      body: {
        version: {
          id: "v3.14",
          status: "stable",
          updated: "2020-04-07T00:00:00Z",
          links: [{ rel: "self", href: `${this.baseUrl(req)}${this.prefix}/v3/` }],
        },
      },
    };
  }

  /** Keystone v3 password auth. Shape errors are 400, any credential or scope mismatch is 401. */
  private authenticate(req: ServiceRequest): ServiceResponse {
    if (req.bodyInvalid) throw new BadRequestError("Malformed request body: expecting a JSON object.");
    const body = req.body;
    if (!isObj(body) || !isObj(body.auth)) throw new BadRequestError("Expecting to find auth in request body.");
    const auth = body.auth;
    if (!isObj(auth.identity)) throw new BadRequestError("Expecting to find identity in auth.");
    const methods = auth.identity.methods;
    if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === "string")) {
      throw new BadRequestError("Expecting to find methods in identity.");
    }
    if (!methods.includes("password")) throw new UnauthorizedError("Attempted to authenticate with an unsupported method.");
    const password = auth.identity.password;
    if (!isObj(password) || !isObj(password.user)) throw new BadRequestError("Expecting to find user in password.");
    const user = password.user;
    if (typeof user.password !== "string") throw new BadRequestError("Expecting to find password in user.");
    if (typeof user.name !== "string" && typeof user.id !== "string") throw new BadRequestError("Expecting to find id or name in user.");
    const creds = this.state.credentials();
    let userOk: boolean;
    if (typeof user.name === "string") {
      if (!isObj(user.domain) || (typeof user.domain.name !== "string" && typeof user.domain.id !== "string")) {
        throw new BadRequestError("Expecting to find domain in user.");
      }
      const domain = (user.domain.name ?? user.domain.id) as string;
      userOk = user.name === creds.user && domain === creds.account;
    } else {
      userOk = user.id === userId(creds);
    }
    if (!userOk || user.password !== creds.password) throw new UnauthorizedError();

    let scope: Token["scope"] = "unscoped";
    let project: string | null = null;
    if (auth.scope !== undefined && auth.scope !== "unscoped") {
      if (!isObj(auth.scope)) throw new BadRequestError("Invalid scope.");
      if (isObj(auth.scope.project)) {
        const pr = auth.scope.project;
        if (typeof pr.id === "string") {
          if (pr.id !== creds.project && !(creds.projects ?? []).includes(pr.id))
            throw new UnauthorizedError(`User ${userId(creds)} has no access to project ${pr.id}.`);
        } else if (typeof pr.name === "string") {
          throw new UnauthorizedError(`Could not find project: ${pr.name}. Scope the token with the project id.`);
        } else {
          throw new BadRequestError("Expecting to find id or name in project.");
        }
        scope = "project";
        project = pr.id;
      } else if (isObj(auth.scope.domain)) {
        const d = auth.scope.domain;
        if ((d.name ?? d.id) !== creds.account)
          throw new UnauthorizedError(`User ${userId(creds)} has no access to domain ${String(d.name ?? d.id)}.`);
        scope = "domain";
      } else {
        throw new BadRequestError("Expecting to find project or domain in scope.");
      }
    }
    const token = this.state.issue(creds.user, creds.account, scope, project);
    return { status: 201, headers: { "x-subject-token": token.id }, body: { token: this.tokenBody(token, req) } };
  }

  private validateToken(req: ServiceRequest): ServiceResponse {
    const caller = this.state.check(headerValue(req, "x-auth-token"));
    if (!caller.ok) throw new UnauthorizedError(caller.reason);
    const subject = this.state.check(headerValue(req, "x-subject-token"));
    if (!subject.ok) throw new NotFoundError("token", "(X-Subject-Token)");
    return { status: 200, headers: { "x-subject-token": subject.token.id }, body: { token: this.tokenBody(subject.token, req) } };
  }

  private revokeToken(req: ServiceRequest): ServiceResponse {
    const caller = this.state.check(headerValue(req, "x-auth-token"));
    if (!caller.ok) throw new UnauthorizedError(caller.reason);
    const subject = this.state.check(headerValue(req, "x-subject-token"));
    if (!subject.ok) throw new NotFoundError("token", "(X-Subject-Token)");
    subject.token.revoked = true;
    return { status: 204 };
  }

  private tokenBody(t: Token, req: ServiceRequest): Record<string, unknown> {
    const creds = this.state.credentials();
    const domain = { id: t.account, name: t.account };
    const base = this.baseUrl(req);
    const body: Record<string, unknown> = {
      methods: ["password"],
      user: { id: userId(creds), name: t.user, domain, password_expires_at: null },
      audit_ids: [randomBytes(16).toString("base64url").slice(0, 22)],
      expires_at: keystoneTime(t.expiresAt),
      issued_at: keystoneTime(t.issuedAt),
    };
    if (t.scope === "project") {
      body.project = { id: t.project, name: "sim-project", domain };
      body.roles = [
        { id: "f6c1bc1cee2f4c7ba6d8ab1d2e5a0e11", name: "member" },
        { id: "3f5b8a6ce9bd4d4c9c8bd59b7f0e1a22", name: "reader" },
      ];
      body.catalog = [
        {
          id: "4a6b0d2e8f1c4b3aa7e5d9c2b1f0e3d4",
          type: DBAAS_SERVICE_TYPE,
          name: DBAAS_SERVICE_TYPE,
          endpoints: SELECTEL_REGIONS.map((r) => ({
            id: stableHexId(`dbaas-endpoint:${r}`),
            interface: "public",
            region_id: r,
            region: r,
            url: `${base}${SELECTEL_DBAAS_PREFIX}/${r}/v1`,
          })),
        },
        {
          id: "9d0c1b2a3f4e4d5c8b7a6f5e4d3c2b1a",
          type: "identity",
          name: "keystone",
          endpoints: [
            { id: stableHexId("identity-endpoint"), interface: "public", region_id: "ru-1", region: "ru-1", url: `${base}${this.prefix}` },
          ],
        },
      ];
    } else if (t.scope === "domain") {
      body.domain = domain;
    }
    return body;
  }
}

export function userId(creds: SelectelCredentials): string {
  return stableHexId(`user:${creds.account}:${creds.user}`);
}

function stableHexId(s: string): string {
  let h = 0x811c9dc5;
  const out: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${s}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out.push(h.toString(16).padStart(8, "0"));
  }
  return out.join("");
}
