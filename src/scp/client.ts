// The SCP side of the one HTTP client: endpoint resolution, signing, API versions and what counts as
// the API's own not-found answer. Endpoint rows are in kit/endpoints.ts, waiters in kit/cluster.ts.

import { assertEndpoint, credentialsMissing } from "../core/setting-messages";
import { HttpClient, type Collection } from "../core/http";
import { registerSecret } from "../core/redact";
import type { Context } from "../core/resource";
import { signedHeaders } from "./signing";
import { API_VERSIONS, DEFAULT_ENVIRONMENT, DEFAULT_REGION, type ScpApi } from "./consts";
import { ClusterList } from "./schemas";

export interface ScpSettings {
  accessKey: string;
  secretKey: string;
  accountId: string;
  region: string;
  environment: string;
  endpoint?: string;
}

/** Stack config (`scp:*`, read in `configure`) first, then environment variables. */
export function scpSettings(ctx: Context): ScpSettings {
  const pick = (key: string, env: string) => ctx.config(`scp:${key}`) ?? process.env[env];
  const accessKey = pick("accessKey", "SCP_ACCESS_KEY");
  const secretKey = pick("secretKey", "SCP_SECRET_KEY");
  if (!accessKey || !secretKey) {
    throw credentialsMissing(
      "SCP",
      `${[!accessKey && "scp:accessKey / SCP_ACCESS_KEY", !secretKey && "scp:secretKey / SCP_SECRET_KEY"].filter(Boolean).join(", ")}`,
      "`pulumi config set --secret scp:accessKey …` and `pulumi config set --secret scp:secretKey …`, " +
        "or the environment variables SCP_ACCESS_KEY and SCP_SECRET_KEY",
    );
  }
  registerSecret(secretKey);
  return { accessKey, secretKey, accountId: pick("accountId", "SCP_ACCOUNT_ID") ?? "", ...checkScpEndpointSettings(ctx) };
}

/** Region, environment and endpoint override, validated (no credential needed: `check` runs it in preview). */
export function checkScpEndpointSettings(ctx: Pick<Context, "config">): Pick<ScpSettings, "region" | "environment" | "endpoint"> {
  const pick = (key: string, env: string) => ctx.config(`scp:${key}`) ?? process.env[env];
  const settings = {
    region: pick("region", "SCP_REGION") ?? DEFAULT_REGION,
    environment: pick("environment", "SCP_ENVIRONMENT") ?? DEFAULT_ENVIRONMENT,
    endpoint: pick("endpoint", "SCP_ENDPOINT"),
  };
  validateSettings(settings);
  return settings;
}

// Region and environment become part of the host name: anything but a DNS label could move the
// request (and its signature) to another host, e.g. `attacker.example/x?`. Checked whether or not
// an endpoint override is set, so a bad value never lies in wait.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function validateSettings(s: Pick<ScpSettings, "region" | "environment" | "endpoint">): void {
  if (!DNS_LABEL.test(s.region)) {
    throw new Error(
      `scp:region (or SCP_REGION) ${JSON.stringify(s.region)} is not a region name such as kr-west1: ` +
        `lower-case letters, digits and '-' only`,
    );
  }
  if (!DNS_LABEL.test(s.environment)) {
    throw new Error(
      `scp:environment (or SCP_ENVIRONMENT) ${JSON.stringify(s.environment)} is not an environment ` +
        `name such as e, s or g: lower-case letters and digits only`,
    );
  }
  if (s.endpoint !== undefined) {
    assertEndpoint(
      "scp:endpoint (or SCP_ENDPOINT)",
      s.endpoint,
      "https://{service}.kr-west1.e.samsungsdscloud.com",
      s.endpoint.replace("{service}", "postgresql").replace("{region}", s.region),
    );
  }
}

/** `https://<service>.<region>.<env>.samsungsdscloud.com`, or the override (`{service}` and `{region}` are substituted). */
export function serviceUrl(service: ScpApi, s: Pick<ScpSettings, "region" | "environment" | "endpoint">): string {
  if (s.endpoint) return s.endpoint.replace("{service}", service).replace("{region}", s.region).replace(/\/+$/, "");
  return `https://${service}.${s.region}.${s.environment}.samsungsdscloud.com`;
}

/**
 * The API's own "no such object" answer: the `{"errors":[{code, detail}]}` envelope every SCP
 * service uses. A 404 in any other shape (a gateway's HTML page for a route it does not know, a
 * wrong endpoint prefix, another service) says nothing about the object and must never be read as
 * "gone" (issue 6 §3).
 */
export function isScpNotFoundAnswer(body: unknown): boolean {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const errors = (body as { errors?: unknown }).errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((e) => !!e && typeof e === "object" && (typeof e.code === "string" || e.detail !== undefined))
  );
}

/**
 * Every SCP not-found answer about `/v1/clusters/{id}…` (a cluster or replica, or a setting of it)
 * is confirmed by `GET /v1/clusters` (core/http.ts `confirmNotFound`): its documented page, without
 * the cluster, or with it TERMINATED. Only the first page (100) is read: a cluster further down an
 * account's list counts as not held, as the object's own not-found answer already said.
 */
export function scpCollectionOf(path: string): Collection | undefined {
  const m = /^\/v1\/clusters\/([^/]+)(?:\/|$)/.exec(path);
  if (!m) return undefined;
  const id = decodeURIComponent(m[1]);
  return {
    what: "cluster list",
    path: "/v1/clusters",
    query: { page: 0, size: 100 },
    holds: (body) => {
      const list = ClusterList.safeParse(body);
      return list.success ? list.data.contents.some((c) => c.id === id && c.service_state !== "TERMINATED") : undefined;
    },
  };
}

/**
 * A context whose SCP calls go to `region` (an other-region replica lives behind that region's
 * endpoint): the region is derived exactly as the configured one is. An `scp:endpoint` override
 * names one host; unless it has a `{region}` placeholder it cannot stand for another region, and
 * sending that region's calls to it would reach the wrong cluster list, so that is an error.
 */
export function regionalContext(ctx: Context, region: string | undefined): Context {
  if (region === undefined) return ctx;
  const home = scpSettings(ctx);
  if (region === home.region) return ctx;
  if (!DNS_LABEL.test(region)) throw new Error(`region ${JSON.stringify(region)} is not a region name such as kr-east1`);
  if (home.endpoint !== undefined && !home.endpoint.includes("{region}")) {
    throw new Error(
      `region ${region}: scp:endpoint (${home.endpoint}) has no {region} placeholder, so it cannot ` +
        `reach another region than ${home.region}; use e.g. ` +
        `https://{service}.{region}.${home.environment}.samsungsdscloud.com`,
    );
  }
  // One context per (context, region): per-update caches keyed by the context keep working.
  const known = regional.get(ctx) ?? new Map<string, Context>();
  regional.set(ctx, known);
  let scoped = known.get(region);
  if (!scoped) {
    scoped = { ...ctx, config: (key) => (key === "scp:region" ? region : ctx.config(key)) };
    known.set(region, scoped);
    homes.set(scoped, ctx);
  }
  return scoped;
}

/** The context a regional one was made from (the stack's region: where the source cluster lives). */
export const homeContext = (ctx: Context): Context => homes.get(ctx) ?? ctx;

const homes = new WeakMap<Context, Context>();
const regional = new WeakMap<Context, Map<string, Context>>();

export const ENDPOINT_HINT = "check scp:endpoint, scp:region and scp:environment";

export class ScpClient {
  readonly http: HttpClient;
  /** One account on one service endpoint: keys the catalogue cache and the coalesced status list (no secret in it). */
  readonly accountKey: string;

  constructor(
    readonly service: ScpApi,
    settings: ScpSettings,
    log?: (line: string) => void,
  ) {
    this.http = new HttpClient({
      baseUrl: serviceUrl(service, settings),
      name: `scp-${service}`,
      headers: {
        "Scp-Api-Version": `${service} ${API_VERSIONS[service]}`,
        "Accept-Language": "en-US",
      },
      auth: ({ method, url }) =>
        signedHeaders({ method, url, accessKey: settings.accessKey, secretKey: settings.secretKey, accountId: settings.accountId }),
      log,
      isNotFoundAnswer: isScpNotFoundAnswer,
      collectionOf: scpCollectionOf,
      endpointSetting: "scp:endpoint",
      endpointHint: ENDPOINT_HINT,
    });
    this.accountKey = `${this.http.baseUrl}|${settings.accountId}|${settings.accessKey}`;
  }

  static for(ctx: Context, service: ScpApi): ScpClient {
    return new ScpClient(service, scpSettings(ctx), ctx.log);
  }
}
