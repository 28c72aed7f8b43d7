// The Selectel side of the one HTTP client: Keystone token auth (cached until shortly before
// expiry, renewed once on 401), endpoint resolution, envelopes, and status waits. Operations on
// one datastore are serialised in process: the API refuses a second change while one runs.

import { HttpClient } from "../core/http";
import { registerSecret } from "../core/redact";
import { GONE, waitFor } from "../core/wait";
import type { Context } from "../core/resource";
import { ACTIVE, CATALOG_SERVICE, DEFAULT_AUTH_URL, DEFAULT_REGION, PENDING, SETTLE_DELAY_MS, TOKEN_RENEW_MARGIN_MS } from "./consts";
import { DatastoreEnvelope, DatastoreTypes, type Datastore } from "./schemas";

export interface SelectelSettings {
  username: string;
  password: string;
  accountId: string;
  projectId: string;
  region: string;
  authUrl: string;
  endpoint?: string;
}

export function selectelSettings(ctx: Context): SelectelSettings {
  const pick = (key: string, ...envs: string[]) => ctx.config(`selectel:${key}`) ?? envs.map((e) => process.env[e]).find((v) => v);
  const s = {
    username: pick("username", "SELECTEL_USERNAME", "OS_USERNAME"),
    password: pick("password", "SELECTEL_PASSWORD", "OS_PASSWORD"),
    accountId: pick("accountId", "SELECTEL_ACCOUNT_ID", "OS_DOMAIN_NAME"),
    projectId: pick("projectId", "SELECTEL_PROJECT_ID", "OS_PROJECT_ID", "INFRA_PROJECT_ID"),
    region: pick("region", "SELECTEL_REGION", "INFRA_REGION") ?? DEFAULT_REGION,
    authUrl: (pick("authUrl", "SELECTEL_AUTH_URL", "OS_AUTH_URL") ?? DEFAULT_AUTH_URL).replace(/\/+$/, ""),
    endpoint: pick("endpoint", "SELECTEL_DBAAS_ENDPOINT"),
  };
  const missing = (["username", "password", "accountId", "projectId"] as const).filter((k) => !s[k]);
  if (missing.length > 0) {
    throw new Error(`Selectel credentials are missing (${missing.join(", ")}): set selectel:username, selectel:password (--secret), selectel:accountId and selectel:projectId in stack config, or OS_USERNAME, OS_PASSWORD, OS_DOMAIN_NAME and OS_PROJECT_ID`);
  }
  registerSecret(s.password);
  return s as SelectelSettings;
}

interface Token {
  value: string;
  issuedAt: number;
  expiresAt: number;
  catalog: unknown;
}

/** Renew ahead of expiry: 5 minutes before, or a tenth of the lifetime for short-lived tokens. */
function stillFresh(t: Token): boolean {
  const margin = Math.min(TOKEN_RENEW_MARGIN_MS, (t.expiresAt - t.issuedAt) / 10);
  return t.expiresAt - Date.now() > margin;
}

// Tokens live in this module (never in a serialized provider), one per identity and project.
const tokens = new Map<string, Promise<Token>>();

async function issueToken(s: SelectelSettings): Promise<Token> {
  const identity = new HttpClient({ baseUrl: s.authUrl, name: "selectel-identity" });
  const body = {
    auth: {
      identity: { methods: ["password"], password: { user: { name: s.username, domain: { name: s.accountId }, password: s.password } } },
      scope: { project: { id: s.projectId } },
    },
  };
  const { headers, json } = await identity.sendRaw("POST", "/auth/tokens", { body, idempotent: false });
  const value = headers["x-subject-token"];
  if (typeof value !== "string" || !value) throw new Error("Selectel identity answered without an X-Subject-Token header");
  registerSecret(value);
  const expires = Date.parse(String((json as any)?.token?.expires_at ?? "").replace(/(\d)$/, "$1Z"));
  const issuedAt = Date.now();
  return { value, issuedAt, expiresAt: Number.isFinite(expires) ? expires : issuedAt + 3600_000, catalog: (json as any)?.token?.catalog };
}

/** Forgets every cached token (tests and the benchmark compare cached and uncached runs). */
export function forgetTokens(): void {
  tokens.clear();
}

function tokenKey(s: SelectelSettings) {
  return `${s.authUrl}|${s.accountId}|${s.username}|${s.projectId}`;
}

async function token(s: SelectelSettings, renew = false): Promise<Token> {
  const key = tokenKey(s);
  const cached = tokens.get(key);
  if (cached && !renew) {
    const t = await cached.catch(() => undefined);
    if (t && stillFresh(t)) return t;
  }
  const fresh = issueToken(s);
  tokens.set(key, fresh);
  fresh.catch(() => tokens.delete(key));
  return fresh;
}

/** The DBaaS base URL: explicit override, else the catalog entry for the region, else the documented pattern. */
function endpointFor(s: SelectelSettings, catalog: unknown): string {
  if (s.endpoint) return s.endpoint.replace("{region}", s.region);
  const services = Array.isArray(catalog) ? catalog : [];
  const svc = services.find((c: any) => c?.type === CATALOG_SERVICE);
  const ep = svc?.endpoints?.find((e: any) => (e.region_id ?? e.region) === s.region && (e.interface ?? "public") === "public");
  return ep?.url ?? `https://${s.region}.dbaas.selcloud.ru/v1`;
}

// The datastore-types catalogue is static: read once per endpoint and process, not on every read.
const datastoreTypeCache = new Map<string, Promise<{ id: string; engine: string; version: string }[]>>();

const locks = new Map<string, Promise<unknown>>();
/** Runs `fn` after every earlier operation on the same datastore has finished (in this process). */
export function serialised<T>(datastoreId: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(datastoreId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  locks.set(datastoreId, next.catch(() => undefined));
  return next;
}

export class SelectelClient {
  private constructor(readonly http: HttpClient, readonly settings: SelectelSettings) {}

  static async for(ctx: Context): Promise<SelectelClient> {
    const s = selectelSettings(ctx);
    const t = await token(s);
    const http = new HttpClient({
      baseUrl: endpointFor(s, t.catalog),
      name: "selectel-dbaas",
      auth: async () => ({ "X-Auth-Token": (await token(s)).value }),
      onUnauthorized: async () => {
        await token(s, true);
        return true;
      },
      log: ctx.log,
    });
    return new SelectelClient(http, s);
  }

  /** `GET /datastore-types`, cached per endpoint. */
  datastoreTypes(): Promise<{ id: string; engine: string; version: string }[]> {
    let cached = datastoreTypeCache.get(this.http.baseUrl);
    if (!cached) {
      cached = this.http.get("/datastore-types", { schema: DatastoreTypes }).then((r) => r["datastore-types"]);
      cached.catch(() => datastoreTypeCache.delete(this.http.baseUrl));
      datastoreTypeCache.set(this.http.baseUrl, cached);
    }
    return cached;
  }

  async datastore(id: string): Promise<Datastore> {
    return (await this.http.get(`/datastores/${id}`, { schema: DatastoreEnvelope })).datastore;
  }

  /**
   * Waits until the datastore is ACTIVE again after a change. A short initial delay, and an
   * `updated_at` that must move past `before`, keep a stale ACTIVE from ending the wait early.
   */
  async waitDatastore(id: string, what: string, operation: string, before?: string): Promise<Datastore> {
    const r = await waitFor({
      resource: what,
      operation,
      initialDelayMs: Math.min(SETTLE_DELAY_MS, Number(process.env.DBAAS_WAIT_MIN_INTERVAL_MS ?? SETTLE_DELAY_MS)),
      poll: () => this.datastore(id),
      status: (d) => (d.status === ACTIVE && before !== undefined && d.updated_at === before ? "ACTIVE_STALE" : d.status),
      target: [ACTIVE],
      pending: [...PENDING, "ACTIVE_STALE"],
    });
    return r.value!;
  }

  async waitDatastoreGone(id: string, what: string): Promise<void> {
    await waitFor({
      resource: what, operation: "delete", poll: () => this.datastore(id), status: (d) => d.status,
      target: [GONE, "DELETED"], pending: ["PENDING_DELETE", ACTIVE, ...PENDING],
    });
  }
}
