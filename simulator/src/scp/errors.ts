/**
 * SCP's error shape: every non-2xx body is `{"errors":[{"code","detail"}]}` (what P2's
 * GetDetailFromError reads); validation errors add `loc` per failing field, e.g.
 * `["body","init_config_option","database_name"]` (array indices as strings, matching the documented
 * ValidationErrorModel `loc: string[]`). One class per API error, each with its own code.
 */

export interface ScpErrorItem {
  code: string;
  detail: string;
  loc?: string[];
}

export abstract class ScpApiError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  items(): ScpErrorItem[] {
    return [{ code: this.code, detail: this.message }];
  }
  body(): { errors: ScpErrorItem[] } {
    return { errors: this.items() };
  }
}

export interface FieldIssue {
  loc: Array<string | number>;
  detail: string;
}

/** 400: the body, query or a field-level rule failed. One entry per failing field. */
export class ScpValidationError extends ScpApiError {
  readonly status = 400;
  readonly code = "INVALID_REQUEST";
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(issues.map((i) => `${i.loc.join(".")}: ${i.detail}`).join("; "));
    this.issues = issues;
  }
  static field(loc: Array<string | number>, detail: string): ScpValidationError {
    return new ScpValidationError([{ loc, detail }]);
  }
  override items(): ScpErrorItem[] {
    return this.issues.map((i) => ({ code: this.code, detail: i.detail, loc: i.loc.map(String) }));
  }
}

/** 400: the request body is not JSON. */
export class ScpMalformedBodyError extends ScpApiError {
  readonly status = 400;
  readonly code = "MALFORMED_BODY";
  constructor() {
    super("request body is not valid JSON");
  }
}

/** 401: missing, stale or wrong signature or key. */
export class ScpUnauthorizedError extends ScpApiError {
  readonly status = 401;
  readonly code = "UNAUTHORIZED";
}

/** 404: unknown cluster, instance group, block storage group, request, engine version (an unknown route is the gateway's HTML page). */
export class ScpNotFoundError extends ScpApiError {
  readonly status = 404;
  readonly code = "NOT_FOUND";
  constructor(kind: string, id: string) {
    super(`${kind} ${id} not found`);
  }
}

/** 405: known path, other verb. */
export class ScpMethodNotAllowedError extends ScpApiError {
  readonly status = 405;
  readonly code = "METHOD_NOT_ALLOWED";
}

/** 400: another operation is in flight on the cluster (the document lists only 400/401/403/404/500). */
export class ScpClusterBusyError extends ScpApiError {
  readonly status = 400;
  readonly code = "CLUSTER_BUSY";
  constructor(clusterId: string, state: string) {
    super(`cluster ${clusterId} is ${state}: another operation is in progress`);
  }
}

/** 400: the operation is not allowed in the cluster's current (stable) state or role. */
export class ScpInvalidStateError extends ScpApiError {
  readonly status = 400;
  readonly code = "INVALID_STATE";
}

/** 400: a cluster with that name already exists. */
export class ScpDuplicateNameError extends ScpApiError {
  readonly status = 400;
  readonly code = "DUPLICATE_NAME";
  constructor(name: string) {
    super(`a cluster named ${name} already exists`);
  }
}

/** 400: `Scp-Api-Version` names another product or an unsupported version. */
export class ScpUnsupportedApiVersionError extends ScpApiError {
  readonly status = 400;
  readonly code = "UNSUPPORTED_API_VERSION";
}

export function scpErrorBody(code: string, detail: string): { errors: ScpErrorItem[] } {
  return { errors: [{ code, detail }] };
}
