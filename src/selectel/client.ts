// The Selectel side of the one HTTP client: Keystone token auth (cached until shortly before
// expiry, renewed once on 401), endpoint resolution, envelopes, and status waits. Operations on
// one datastore are serialised in process: the API refuses a second change while one runs.

import { lookUpCatalog } from "../core/catalog-cache";
import { coalescedPoll, join, type ListSource } from "../core/coalesce";
import { SettingError } from "../core/errors";
import { HttpClient, type Collection } from "../core/http";
import { assertEndpoint, credentialsMissing } from "../core/setting-messages";
import { registerSecret } from "../core/redact";
import { GONE, waitClock, waitFor, waitTuning } from "../core/wait";
import type { Context } from "../core/resource";
import {
  ACTIVE,
  CATALOG_SERVICE,
  DEFAULT_AUTH_URL,
  DEFAULT_REGION,
  FAILED,
  PENDING,
  SETTLE_DELAY_MS,
  TOKEN_RENEW_MARGIN_MS,
} from "./consts";
import { callEndpointRaw } from "../core/endpoints";
import { IDENTITY, callSelectel, childRowsOf, identityEndpoints, selectelPath, type ChildCollection } from "./endpoints";
import type { Datastore } from "./schemas";

/** Region names as the API's hosts use them (ru-7, uz-1): anything else could change the request host. */
const REGION = /^[a-z]{2}-\d{1,2}$/;
export const ENDPOINT_HINT = "check selectel:endpoint, selectel:region and selectel:authUrl";

/**
 * The API's own answer for a missing object: `{"error":{"code":404,"title":"Not Found","message":
 * "<entity> <id> not found."}}` (reference §1.2). A route the service does not know answers 404 in
 * the same envelope but says "The requested URL ... was not found on the server.", and a gateway
 * answers HTML: neither proves that the object is gone.
 */
export function isSelectelNotFound(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return (
    !!e &&
    typeof e === "object" &&
    Number(e.code) === 404 &&
    typeof e.message === "string" &&
    /\bnot found\.?$/.test(e.message) &&
    !/requested URL/i.test(e.message)
  );
}

/** The collections whose objects a not-found answer can be about (a datastore and its children), with the row that lists them. */
const CHILDREN: ChildCollection[] = ["users", "databases", "grants", "topics", "acls", "extensions"];
const COLLECTIONS = new Map<string, string>([
  ["datastores", selectelPath("GET /datastores")],
  ...CHILDREN.map((c) => [c, selectelPath(childRowsOf(c).list)] as [string, string]),
]);

/**
 * Every Selectel not-found answer about `/<collection>/{id}…` is confirmed by `GET /<collection>`
 * (core/http.ts `confirmNotFound`): `{"<collection>": [{id, status, …}]}` without the object, or
 * with it DELETED or PENDING_DELETE (on its way out, as a read counts it).
 */
export function selectelCollectionOf(path: string): Collection | undefined {
  const m = /^\/([a-z]+)\/([^/]+)(?:\/|$)/.exec(path);
  const list = m && COLLECTIONS.get(m[1]);
  if (!list) return undefined;
  const [, collection, raw] = m as unknown as [string, string, string];
  const id = decodeURIComponent(raw);
  return {
    what: `${collection.replace(/s$/, "")} list`,
    path: list,
    holds: (body) => {
      const rows = (body as Record<string, unknown> | null)?.[collection];
      if (!Array.isArray(rows) || !rows.every((r) => !!r && typeof r === "object" && typeof (r as { id?: unknown }).id === "string"))
        return undefined;
      return rows.some((r: { id: string; status?: unknown }) => r.id === id && r.status !== "DELETED" && r.status !== "PENDING_DELETE");
    },
  };
}

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
  validateEndpointSettings(s);
  if (missing.length > 0) {
    throw credentialsMissing(
      "Selectel",
      missing.map((k) => `selectel:${k}`).join(", "),
      "selectel:username, selectel:password (--secret), selectel:accountId and selectel:projectId in " +
        "stack config, or OS_USERNAME, OS_PASSWORD, OS_DOMAIN_NAME and OS_PROJECT_ID",
    );
  }
  registerSecret(s.password);
  return s as SelectelSettings;
}

function validateEndpointSettings(s: Pick<SelectelSettings, "region" | "authUrl" | "endpoint">): void {
  if (!REGION.test(s.region)) {
    throw new SettingError(
      `selectel:region ${JSON.stringify(s.region)} is not a Selectel region name such as "ru-7" (lowercase letters, a dash and a number)`,
    );
  }
  for (const key of ["authUrl", "endpoint"] as const) {
    const url = s[key];
    if (url !== undefined)
      assertEndpoint(
        `selectel:${key}`,
        url,
        key === "authUrl" ? DEFAULT_AUTH_URL : "https://ru-7.dbaas.api.selcloud.ru/v1",
        url.replace("{region}", s.region),
      );
  }
}

/** Region, auth URL and endpoint override, validated (no credential needed: `check` runs it in preview). */
export function checkSelectelEndpointSettings(ctx: Pick<Context, "config">): void {
  const pick = (key: string, ...envs: string[]) => ctx.config(`selectel:${key}`) ?? envs.map((e) => process.env[e]).find((v) => v);
  validateEndpointSettings({
    region: pick("region", "SELECTEL_REGION", "INFRA_REGION") ?? DEFAULT_REGION,
    authUrl: (pick("authUrl", "SELECTEL_AUTH_URL", "OS_AUTH_URL") ?? DEFAULT_AUTH_URL).replace(/\/+$/, ""),
    endpoint: pick("endpoint", "SELECTEL_DBAAS_ENDPOINT"),
  });
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
  const { headers, json } = await callEndpointRaw(IDENTITY, identity, identityEndpoints, "POST /auth/tokens", { body, idempotent: false });
  const value = headers["x-subject-token"];
  if (typeof value !== "string" || !value) throw new Error("Selectel identity answered without an X-Subject-Token header");
  registerSecret(value);
  const expires = Date.parse(String(json?.token?.expires_at ?? "").replace(/(\d)$/, "$1Z"));
  const issuedAt = Date.now();
  return { value, issuedAt, expiresAt: Number.isFinite(expires) ? expires : issuedAt + 3600_000, catalog: json?.token?.catalog };
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

/** Runs `fn` after every earlier operation on the same datastore has finished (in this process). */
export { serialised } from "../core/serialise";

export class SelectelClient {
  private constructor(
    readonly http: HttpClient,
    readonly settings: SelectelSettings,
  ) {}

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
      isNotFoundAnswer: isSelectelNotFound,
      collectionOf: selectelCollectionOf,
      endpointSetting: "selectel:endpoint",
      endpointHint: ENDPOINT_HINT,
    });
    return new SelectelClient(http, s);
  }

  /** One project on one endpoint: keys the catalogue cache and the coalesced status list (no secret in it). */
  get accountKey(): string {
    return `${this.http.baseUrl}|${this.settings.accountId}|${this.settings.projectId}`;
  }

  /**
   * The datastore type whose id, or engine and version, match, from `GET /datastore-types` cached
   * per provider process for a bounded time (core/catalog-cache.ts); a miss in a cached answer asks
   * the API again before anyone refuses an input on it (a type may have been added).
   */
  async datastoreType(match: (t: { id: string; engine: string; version: string }) => boolean) {
    return lookUpCatalog(
      `${this.accountKey}|GET /datastore-types`,
      async () => (await callSelectel(this.http, "GET /datastore-types"))["datastore-types"],
      (types) => types.find(match),
    );
  }

  async datastore(id: string): Promise<Datastore> {
    return (await callSelectel(this.http, "GET /datastores/{id}", { params: { id } })).datastore;
  }

  /** Live datastores (not DELETED or PENDING_DELETE) of this name, filtered here whatever the API's filter did. */
  async datastoresNamed(name: string): Promise<Datastore[]> {
    const { datastores } = await callSelectel(this.http, "GET /datastores", { query: { name } });
    return datastores.filter((d) => d.name === name && d.status !== "DELETED" && d.status !== "PENDING_DELETE");
  }

  /**
   * Waits until the datastore is ACTIVE after a change, on evidence that cannot stall: a
   * transitional status read after the call, the requested values visible, or an `updated_at`
   * other than before the call. `updated_at` alone is not enough: it has whole seconds, so a change
   * that ends within the second it started leaves it unchanged. The call's own answer showing a
   * transitional status counts only for changes that cannot be read back (a password): a read
   * right after the call may still be the old ACTIVE, and the values tell that apart.
   * Without `evidence` any ACTIVE ends the wait (settling before a change).
   */
  async waitDatastore(id: string, what: string, operation: string, evidence?: ChangeEvidence): Promise<Datastore> {
    const membership = join(this.listSource(), id);
    try {
      // While other datastores of the project wait too, `GET /datastores` answers their polls
      // (core/coalesce.ts); a status the wait could stop on is confirmed by this datastore's GET.
      const poll = coalescedPoll(
        membership,
        () => this.datastore(id),
        (status) => (PENDING as readonly string[]).includes(status),
        (status) => ({ id, status }) as Datastore,
      );
      return await this.waitDatastoreWith(poll, id, what, operation, evidence);
    } finally {
      membership.leave();
    }
  }

  /** `GET /datastores` as a status source for coalesced polling. */
  private listSource(): ListSource {
    return {
      key: `${this.accountKey}|GET /datastores`,
      list: async () => {
        const { datastores } = await callSelectel(this.http, "GET /datastores");
        return { statuses: new Map(datastores.map((d) => [d.id, d.status])), requests: 1 };
      },
    };
  }

  private async waitDatastoreWith(
    poll: () => Promise<Datastore>,
    id: string,
    what: string,
    operation: string,
    evidence?: ChangeEvidence,
  ): Promise<Datastore> {
    let seen = false;
    const start = waitClock().now();
    let quietReads = 0;
    const done = (d: Datastore) => {
      if (!evidence || seen) return true;
      if (evidence.before !== undefined && d.updated_at !== "" && d.updated_at !== evidence.before) return true;
      if (evidence.applied ? evidence.applied(d) : evidence.sawTransitional === true) return true;
      // Last resort, so the wait can never stall: the call's answer said the operation started, and
      // the datastore has read ACTIVE for a while since. A stale read does not last that long.
      quietReads++;
      return evidence.sawTransitional === true && quietReads >= 3 && waitClock().now() - start >= STALE_READ_MS;
    };
    const r = await waitFor({
      resource: what,
      operation,
      initialDelayMs: evidence ? Math.min(SETTLE_DELAY_MS, waitTuning().minIntervalMs) : undefined,
      poll: async () => {
        const d = await poll();
        if ((PENDING as readonly string[]).includes(d.status)) seen = true;
        return d;
      },
      status: (d) => (d.status === ACTIVE && !done(d) ? NOT_VISIBLE_YET : d.status),
      target: [ACTIVE],
      pending: [...PENDING, NOT_VISIBLE_YET],
      key: `selectel:datastore:${operation}`,
    });
    return r.value!;
  }

  /**
   * Before a delete: waits until no operation runs on the datastore, whatever state it settles in
   * (a failed one can be deleted too). Answers that state, GONE, or PENDING_DELETE.
   */
  async waitDeletable(id: string, what: string): Promise<string> {
    const r = await waitFor({
      resource: what,
      operation: "delete",
      poll: () => this.datastore(id),
      status: (d) => d.status,
      target: [ACTIVE, ...FAILED, GONE, "DELETED", "PENDING_DELETE"],
      pending: [...PENDING],
    });
    return r.state;
  }

  async waitDatastoreGone(id: string, what: string): Promise<void> {
    await waitFor({
      resource: what,
      operation: "delete",
      poll: () => this.datastore(id),
      status: (d) => d.status,
      // A read right after DELETE may still show the state the delete started from.
      target: [GONE, "DELETED"],
      pending: ["PENDING_DELETE", ACTIVE, ...PENDING, ...FAILED],
    });
  }
}

/** What proves that a change was taken up (see `waitDatastore`). */
export interface ChangeEvidence {
  /** `updated_at` read before the call. */
  before?: string;
  /** The call's answer showed a transitional status (used when there is no `applied`). */
  sawTransitional?: boolean;
  /** The requested values are visible in the object. */
  applied?: (d: Datastore) => boolean;
}

/** How long ACTIVE reads after an accepted call may be stale ones. */
const STALE_READ_MS = 20_000;

/** The waiter's name for an ACTIVE read that does not show the change yet; it is plain words because it can appear in a timeout message. */
const NOT_VISIBLE_YET = "ACTIVE (change not visible yet)";

/** True when an API answer (`{"datastore":{...}}`) shows an operation running. */
export function answerShowsTransitional(answer: unknown): boolean {
  const status = (answer as { datastore?: { status?: unknown } } | undefined)?.datastore?.status;
  return typeof status === "string" && (PENDING as readonly string[]).includes(status);
}
