// The Avisi side of the one HTTP client: settings, the `Token` auth scheme, Spring paging, cluster
// look-ups, and the scheduled-upgrade endpoints. Only `POST …/scheduled-cluster-upgrades` is
// documented publicly (seed 003); reading, listing and cancelling an upgrade use the admin API's
// paths under the public prefix (reference/avisi.md §2.2, an inference), so each of those calls is
// feature-detected: a 405, or a 404 that is not the API's own not-found answer, means "this API has
// no such endpoint" and the caller falls back (see cluster-upgrade.ts). An API (or a gateway in
// front of it) may answer an unknown path with its own documented 404 `{message, details}`, which
// reads like "no such object": a 404 on one of these undocumented paths is therefore taken as
// "not found" only when the collection answers without it (core/http.ts `confirmNotFound`, fed by
// `acloudCollectionOf`), and as "not served here" otherwise. The
// documented POST is never probed and never depends on the detection.

import { ApiError, SettingError, isNotFound } from "../core/errors";
import { assertEndpoint, credentialsMissing } from "../core/setting-messages";
import { HttpClient, type Collection } from "../core/http";
import { registerSecret } from "../core/redact";
import type { Context } from "../core/resource";
import { acloudPath, callAcloud, type ScheduleBody } from "./endpoints";
import { Cluster, ScheduledUpgrade, isAvisiError, pageOf, OPEN_STATUSES } from "./schemas";

export const DEFAULT_ENDPOINT = "https://api.avisi.cloud";
/** GC stops paging after 100 pages; so do we (50 per page: 5,000 objects). */
const MAX_PAGES = 100;

export interface AcloudSettings {
  token: string;
  organisation: string;
  endpoint: string;
}

/** Stack config (`acloud:*`, read in `configure`) first, then the variables the Terraform provider reads. */
export function acloudSettings(ctx: Pick<Context, "config">): AcloudSettings {
  const token = ctx.config("acloud:token") ?? process.env.ACLOUD_PERSONAL_ACCESS_TOKEN;
  const organisation = ctx.config("acloud:organisation") ?? process.env.ACLOUD_ORGANISATION;
  if (!token) {
    throw credentialsMissing(
      "Avisi Cloud",
      "acloud:token / ACLOUD_PERSONAL_ACCESS_TOKEN",
      "`pulumi config set --secret acloud:token acpat_…` or the environment variable ACLOUD_PERSONAL_ACCESS_TOKEN",
    );
  }
  if (!organisation) {
    throw new SettingError(
      "the Avisi Cloud organisation is missing: set `pulumi config set acloud:organisation <slug>` or " +
        "the environment variable ACLOUD_ORGANISATION",
    );
  }
  registerSecret(token);
  return { token, organisation, endpoint: acloudEndpoint(ctx) };
}

/** `acloud:endpoint` (or ACLOUD_API_ENDPOINT): an http(s) base URL without query, fragment or user info. */
export function acloudEndpoint(ctx: Pick<Context, "config">): string {
  const endpoint = (ctx.config("acloud:endpoint") ?? process.env.ACLOUD_API_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  assertEndpoint("acloud:endpoint (or ACLOUD_API_ENDPOINT)", endpoint, DEFAULT_ENDPOINT);
  return endpoint;
}

/** True when an answer says the endpoint itself does not exist (as opposed to the object). */
export function endpointMissing(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 405 || (err.status === 404 && !err.objectNotFound));
}

/** Any 404 (whatever its shape) or a 405: for a collection path, the path is not served. */
const notServed = (err: unknown): boolean => err instanceof ApiError && (err.status === 404 || err.status === 405);
/**
 * Avisi's not-found body is its generic error body, so a not-found answer about an upgrade or a
 * cluster is confirmed by its list (core/http.ts `confirmNotFound`), first page: a 404 there (an
 * API serving only the documented POST, or a wrong prefix) makes it an "endpoint missing" answer,
 * never "gone".
 */
export function acloudCollectionOf(path: string): Collection | undefined {
  const upgrade = /^(\/api\/v1\/orgs\/[^/]+\/scheduled-cluster-upgrades)\/([^/]+)$/.exec(path);
  const cluster = /^(\/api\/v1\/orgs\/[^/]+\/clusters\/[^/]+)\/([^/]+)$/.exec(path);
  const m = upgrade ?? cluster;
  if (!m) return undefined;
  const key = decodeURIComponent(m[2]);
  const item = upgrade ? ScheduledUpgrade : Cluster;
  return {
    what: upgrade ? "scheduled upgrade list" : "cluster list",
    path: m[1],
    holds: (body) => {
      const page = pageOf(item).safeParse(body);
      if (!page.success) return undefined;
      return page.data.content.some((o: any) => (upgrade ? o.identity : o.slug) === key);
    },
  };
}

export type Unsupported = { unsupported: true; why: string };
const unsupported = (err: unknown): Unsupported => ({ unsupported: true, why: err instanceof Error ? err.message : String(err) });
export const isUnsupported = (v: unknown): v is Unsupported => !!v && typeof v === "object" && (v as any).unsupported === true;

export type { ScheduleBody } from "./endpoints";

/** The Spring-paged list rows, by the item they hold. */
interface Paged {
  "GET /api/v1/orgs/{org}/clusters": Cluster;
  "GET /api/v1/orgs/{org}/scheduled-cluster-upgrades": ScheduledUpgrade;
}

export class AcloudClient {
  readonly http: HttpClient;
  readonly organisation: string;

  constructor(settings: AcloudSettings, log?: (line: string) => void) {
    this.organisation = settings.organisation;
    this.http = new HttpClient({
      baseUrl: settings.endpoint,
      name: "acloud",
      headers: { "user-agent": "pulumi-dbaas" },
      // The scheme is `Token`, not `Bearer` (DOCS-PAT; GC authenticator.go).
      auth: () => ({ authorization: `Token ${settings.token}` }),
      isNotFoundAnswer: isAvisiError,
      collectionOf: acloudCollectionOf,
      endpointSetting: "acloud:endpoint",
      endpointHint: "check acloud:endpoint / ACLOUD_API_ENDPOINT and acloud:organisation / ACLOUD_ORGANISATION",
      timeoutMs: 15_000, // GC's request timeout
      log,
    });
  }

  static for(ctx: Context): AcloudClient {
    return new AcloudClient(acloudSettings(ctx), ctx.log);
  }

  /** The path parameter every organisation row takes. */
  private get org(): { org: string } {
    return { org: this.organisation };
  }

  /** The organisation's scheduled-upgrade collection (messages name it). */
  get upgradesPath(): string {
    return acloudPath("GET /api/v1/orgs/{org}/scheduled-cluster-upgrades", this.org);
  }

  /** Every item of a Spring-paged list row (`page=0,1,…` until `last`). */
  async all<K extends keyof Paged>(key: K, query: Record<string, string> = {}): Promise<Paged[K][]> {
    const out: Paged[K][] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = (await callAcloud(this.http, key, { params: this.org, query: { ...query, page } })) as {
        content: Paged[K][];
        last: boolean;
      };
      out.push(...answer.content);
      if (answer.last || answer.content.length === 0) return out;
    }
    return out;
  }

  async clusterBySlug(environment: string, slug: string): Promise<Cluster | undefined> {
    try {
      return await callAcloud(this.http, "GET /api/v1/orgs/{org}/clusters/{environment}/{slug}", {
        params: { ...this.org, environment, slug },
      });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** No path reads a cluster by identity: the organisation's list is searched. */
  async clusterByIdentity(identity: string): Promise<Cluster | undefined> {
    return (await this.all("GET /api/v1/orgs/{org}/clusters")).find((c) => c.identity === identity);
  }

  /** The versions a cluster may move to: the catalogue plus its update channel's current version. */
  async availableVersions(cluster: Cluster): Promise<string[]> {
    const versions = new Set(await callAcloud(this.http, "GET /api/v1/cluster-versions").then((p) => p.content));
    const channel = cluster.updateChannel;
    if (channel?.name) {
      let channelVersion = "kubernetesClusterVersion" in channel ? channel.kubernetesClusterVersion : undefined;
      if (!channelVersion) {
        const channels = await callAcloud(this.http, "GET /api/v1/orgs/{org}/update-channels", { params: this.org });
        channelVersion = channels.content.find((c) => c.name === channel.name)?.kubernetesClusterVersion;
      }
      if (channelVersion) versions.add(channelVersion);
    }
    return [...versions];
  }

  /** Schedules or reschedules (seed 003: the same POST does both). Never retried blindly. */
  async schedule(body: ScheduleBody): Promise<ScheduledUpgrade> {
    return callAcloud(this.http, "POST /api/v1/orgs/{org}/scheduled-cluster-upgrades", { params: this.org, body });
  }

  /** One upgrade; undefined when the API says it is gone; Unsupported when there is no such endpoint. */
  async upgrade(identity: string): Promise<ScheduledUpgrade | undefined | Unsupported> {
    try {
      return await callAcloud(this.http, "GET /api/v1/orgs/{org}/scheduled-cluster-upgrades/{identity}", {
        params: { ...this.org, identity },
      });
    } catch (err) {
      // The API's own 404 counts as gone only once the upgrade list confirmed it (core/http.ts
      // `confirmNotFound`); a list that 404s too makes it an "endpoint missing" answer.
      if (isNotFound(err)) return undefined;
      if (endpointMissing(err)) return unsupported(err);
      throw err;
    }
  }

  /** A cluster's scheduled-and-unfinished upgrades (the admin list's filters, under the public prefix). */
  async openUpgrades(clusterIdentity: string): Promise<ScheduledUpgrade[] | Unsupported> {
    try {
      return await this.all("GET /api/v1/orgs/{org}/scheduled-cluster-upgrades", {
        clusterIdentities: clusterIdentity,
        statuses: OPEN_STATUSES.join(","),
      });
    } catch (err) {
      // A collection has no "object not found": any 404 says the path is not served here.
      if (notServed(err)) return unsupported(err);
      throw err;
    }
  }

  /** Cancels a pending upgrade: "cancelled", "gone", or Unsupported when there is no public cancel. */
  async cancel(identity: string): Promise<"cancelled" | "gone" | Unsupported> {
    try {
      await callAcloud(this.http, "DELETE /api/v1/orgs/{org}/scheduled-cluster-upgrades/{identity}", { params: { ...this.org, identity } });
      return "cancelled";
    } catch (err) {
      if (isNotFound(err)) return "gone";
      if (endpointMissing(err)) return unsupported(err);
      throw err;
    }
  }
}
