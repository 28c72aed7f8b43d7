// The SCP side of the one HTTP client: endpoint resolution, signing, API versions, and the wait
// that follows every 202 (the request's own state, then the cluster's service_state).

import { HttpClient } from "../core/http";
import { registerSecret } from "../core/redact";
import { GONE, waitFor } from "../core/wait";
import type { Context } from "../core/resource";
import { signedHeaders } from "./signing";
import {
  API_VERSIONS, DEFAULT_ENVIRONMENT, DEFAULT_REGION, REQUEST_DONE, REQUEST_FAILED, TRANSITIONAL_STATES,
  type ScpService,
} from "./consts";
import { AsyncResponse, RequestState } from "./schemas";

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
    throw new Error("SCP credentials are missing: set `pulumi config set scp:accessKey …` and `pulumi config set --secret scp:secretKey …`, or the environment variables SCP_ACCESS_KEY and SCP_SECRET_KEY");
  }
  registerSecret(secretKey);
  return {
    accessKey,
    secretKey,
    accountId: pick("accountId", "SCP_ACCOUNT_ID") ?? "",
    region: pick("region", "SCP_REGION") ?? DEFAULT_REGION,
    environment: pick("environment", "SCP_ENVIRONMENT") ?? DEFAULT_ENVIRONMENT,
    endpoint: pick("endpoint", "SCP_ENDPOINT"),
  };
}

/** `https://<service>.<region>.<env>.samsungsdscloud.com`, or the override (`{service}` is substituted). */
export function serviceUrl(service: ScpService, s: Pick<ScpSettings, "region" | "environment" | "endpoint">): string {
  if (s.endpoint) return s.endpoint.replace("{service}", service).replace(/\/+$/, "");
  return `https://${service}.${s.region}.${s.environment}.samsungsdscloud.com`;
}

export class ScpClient {
  readonly http: HttpClient;

  constructor(readonly service: ScpService, settings: ScpSettings, log?: (line: string) => void) {
    this.http = new HttpClient({
      baseUrl: serviceUrl(service, settings),
      name: `scp-${service}`,
      headers: {
        "Scp-Api-Version": `${service} ${API_VERSIONS[service]}`,
        "Accept-Language": "en-US",
      },
      auth: ({ method, url }) => signedHeaders({ method, url, accessKey: settings.accessKey, secretKey: settings.secretKey, accountId: settings.accountId }),
      log,
    });
  }

  static for(ctx: Context, service: ScpService): ScpClient {
    return new ScpClient(service, scpSettings(ctx), ctx.log);
  }

  /** Sends a mutation (answered 202) and returns the accepted request id and resource id. */
  async mutate(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown) {
    return this.http.send(method, path, { body, schema: AsyncResponse }) as Promise<{ request_id: string; resource: { id: string } }>;
  }

  /** Waits until `GET /v1/requests/{id}` reports the request finished; FAILED ends the wait with an error. */
  async waitRequest(requestId: string, resource: string, operation: string): Promise<void> {
    await waitFor({
      resource,
      operation,
      poll: () => this.http.get(`/v1/requests/${encodeURIComponent(requestId)}`, { schema: RequestState }),
      status: (r) => (REQUEST_DONE.includes(r.state.toUpperCase()) ? "DONE" : REQUEST_FAILED.includes(r.state.toUpperCase()) ? "FAILED" : "PENDING"),
      // A request record that expired (404) says nothing either way: the state wait that follows decides.
      target: ["DONE", GONE],
      pending: ["PENDING"],
      explain: (r) => (r ? `request ${r.request_id} ended ${r.state}` : undefined),
    });
  }

  /** Waits until the object's service_state leaves the transitional states and reaches `target`. */
  async waitState<T extends { service_state: string }>(
    poll: () => Promise<T>, resource: string, operation: string, target: string[],
  ) {
    return waitFor({
      resource,
      operation,
      poll,
      status: (c) => c.service_state,
      target,
      pending: TRANSITIONAL_STATES,
    });
  }
}
