/** The contract between the cloud-agnostic server and a mounted cloud service. */
import type { IncomingHttpHeaders } from "node:http";

export interface ServiceRequest {
  method: string;
  /** API path after the service prefix, e.g. `/v1/clusters/0fdd…`. */
  path: string;
  query: URLSearchParams;
  /** The absolute URL exactly as requested: `http://` + Host header + raw request target. */
  fullUrl: string;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** Parsed JSON body; `undefined` when the body is empty. */
  body: unknown;
  /** True when a non-empty body is not valid JSON. */
  bodyInvalid: boolean;
  /** Consume a matching `fail-operation` fault; true when the accepted operation must end FAILED. */
  takeOperationFault(): boolean;
}

export interface ServiceResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body sent as is (e.g. a gateway's HTML error page); `headers` names its type. */
  text?: string;
}

export interface SimService {
  /** Name used in the request log and fault rules, e.g. `scp-postgresql`. */
  readonly name: string;
  /** Path prefix the service is mounted at, e.g. `/scp/postgresql`. */
  readonly prefix: string;
  handle(req: ServiceRequest): ServiceResponse;
  /** The service's own error body, for gateway-level faults. */
  errorResponse(status: number, code: string, detail: string): ServiceResponse;
  reset(): void;
  dump(): unknown;
  /** Optional service-specific control actions: `POST /_sim/services/<name>/<action>` with a JSON body. */
  control?(action: string, body: unknown): ServiceResponse;
}

/**
 * Real engines behind the services (./engines), as the cloud-agnostic server drives them: with one
 * set, requests are handled one at a time.
 */
export interface EngineBackend {
  /** Bring the real servers in line with the API state (called after the clock settled). */
  reconcile(): Promise<void>;
  /** An answer the real engine gives before the service handles the request (a value PostgreSQL refuses, a full pool), or undefined. */
  precheck(
    service: string,
    req: ServiceRequest,
    errorResponse: (status: number, code: string, detail: string) => ServiceResponse,
  ): Promise<ServiceResponse | undefined>;
  /** What the service answered (a restore's new cluster id, say), before the next reconcile. */
  observe(service: string, req: ServiceRequest, res: ServiceResponse): void;
  close(): Promise<void>;
  dump(): unknown;
}

/**
 * A control request's field as text, for look-ups and messages: JSON when it is not a string (an
 * object reads as itself, not "[object Object]").
 */
export const fieldText = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined"));
