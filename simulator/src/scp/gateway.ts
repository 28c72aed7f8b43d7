/**
 * What every SCP service shares, as the API gateway does: routing (an unknown path gets the
 * gateway's HTML 404 page), unsigned version discovery at the base URL, signature check,
 * `Scp-Api-Version` check, and the `{"errors":[…]}` envelope of the services.
 * PostgreSQL, CacheStore and EventStreams mount the same way, each with its own product and versions.
 */
import type { SimClock } from "../clock";
import { gatewayNotFound } from "../gateway-page";
import { RouteTable, type RouteDef } from "../router";
import type { ServiceRequest, ServiceResponse, SimService } from "../service";
import { ScpApiError, ScpMalformedBodyError, ScpMethodNotAllowedError, ScpUnsupportedApiVersionError, scpErrorBody } from "./errors";
import { verifyScpRequest, type ScpCredentials } from "./signature";

export interface ScpCall {
  req: ServiceRequest;
  params: Record<string, string>;
  /** The negotiated version, e.g. `1.1`. */
  apiVersion: string;
  /** The parsed JSON body; throws MALFORMED_BODY when it was not JSON. */
  json(): unknown;
  /** The account of the key that signed the call. */
  account: string;
}

export type ScpHandler = (call: ScpCall) => ServiceResponse;

export interface ScpVersion {
  version: string;
  status: "CURRENT" | "SUPPORTED" | "DEPRECATED";
  notBefore: string;
  /**
   * From this day (YYYY-MM-DD, UTC) a header naming this version is refused: the documents say
   * "Deprecated versions with Not Before dates that have arrived or expired are no longer supported"
   * (EventStreams 1.0 after 2026-05-31). Unset: still served.
   */
  refusedFrom?: string;
}

export interface ScpServiceConfig {
  name: string;
  prefix: string;
  /** Product in `Scp-Api-Version: <product> <version>`, e.g. `postgresql`. */
  product: string;
  versions: ScpVersion[];
  routes: RouteDef<ScpHandler>[];
  /** Every known key, each with its account. */
  credentials: () => readonly ScpCredentials[];
  /** Runs a handler as the account's view of the state (each account sees only its own clusters). */
  inAccount?: <T>(account: string, fn: () => T) => T;
  clock: SimClock;
  reset(): void;
  dump(): unknown;
}

export class ScpService implements SimService {
  readonly name: string;
  readonly prefix: string;
  private readonly table: RouteTable<ScpHandler>;

  constructor(private readonly config: ScpServiceConfig) {
    this.name = config.name;
    this.prefix = config.prefix;
    this.table = new RouteTable(config.routes);
  }

  get routes(): Array<{ method: string; path: string }> {
    return this.table.routes.map(({ method, path }) => ({ method, path }));
  }

  errorResponse(status: number, code: string, detail: string): ServiceResponse {
    return { status, body: scpErrorBody(code, detail) };
  }

  reset(): void {
    this.config.reset();
  }

  dump(): unknown {
    return this.config.dump();
  }

  handle(req: ServiceRequest): ServiceResponse {
    try {
      if (req.method === "GET" && (req.path === "/" || req.path === "")) return this.versionDiscovery();
      // The gateway routes before anything else: a path no API serves gets its own HTML 404 page
      // (not the `{"errors":[…]}` envelope, which only the services behind it produce).
      const m = this.table.match(req.method, req.path);
      if (m.kind === "not-found") return gatewayNotFound();
      const account = verifyScpRequest(req.headers, req.method, req.fullUrl, this.config.credentials(), this.config.clock.now());
      const apiVersion = this.negotiateVersion(req);
      if (m.kind === "method-not-allowed") {
        throw new ScpMethodNotAllowedError(`${req.method} is not allowed on ${req.path} (allowed: ${m.allowed.join(", ")})`);
      }
      const run = () =>
        m.handler({
          req,
          params: m.params,
          apiVersion,
          json: () => {
            if (req.bodyInvalid) throw new ScpMalformedBodyError();
            return req.body;
          },
          account,
        });
      return this.config.inAccount ? this.config.inAccount(account, run) : run();
    } catch (err) {
      if (err instanceof ScpApiError) return { status: err.status, body: err.body() };
      throw err;
    }
  }

  /** Unsigned `GET {base}` (reference §1.3). */
  private versionDiscovery(): ServiceResponse {
    return {
      status: 200,
      body: {
        versions: this.config.versions.map((v) => ({
          id: `v${v.version}`,
          links: [{ href: `${this.prefix}/`, rel: "self" }],
          not_before: v.notBefore,
          status: v.status,
        })),
      },
    };
  }

  /** Absent header: the latest CURRENT version is served (SCP api-common docs). */
  private negotiateVersion(req: ServiceRequest): string {
    const raw = req.headers["scp-api-version"];
    const value = Array.isArray(raw) ? raw[0] : raw;
    const current = this.config.versions.find((v) => v.status === "CURRENT") ?? this.config.versions.at(-1)!;
    if (value === undefined || value.trim() === "") return current.version;
    const m = /^\s*([a-z]+)\s+(\d+\.\d+)\s*$/i.exec(value);
    const supported = this.config.versions.map((v) => `${this.config.product} ${v.version}`).join(", ");
    if (!m || m[1].toLowerCase() !== this.config.product) {
      throw new ScpUnsupportedApiVersionError(`Scp-Api-Version "${value}" is not valid for this service (supported: ${supported})`);
    }
    const version = this.config.versions.find((v) => v.version === m[2]);
    if (!version) {
      throw new ScpUnsupportedApiVersionError(`Scp-Api-Version "${value}" is not supported (supported: ${supported})`);
    }
    if (version.refusedFrom !== undefined && this.config.clock.now() >= Date.parse(`${version.refusedFrom}T00:00:00Z`)) {
      const served = this.config.versions
        .filter((v) => v !== version)
        .map((v) => `${this.config.product} ${v.version}`)
        .join(", ");
      throw new ScpUnsupportedApiVersionError(
        `Scp-Api-Version "${value}" is deprecated and no longer supported since ${version.refusedFrom} (use ${served})`,
      );
    }
    return m[2];
  }
}
