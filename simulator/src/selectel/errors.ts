/**
 * Selectel's error shape (reference selectel.md §1.2): every non-2xx body of the DBaaS API is
 * `{"error":{"code":<int>,"title":"...","message":"..."}}`; `code` repeats the HTTP status. Keystone
 * (the identity endpoint) uses the same shape. Validation failures read like the real API's
 * jsonschema messages: `Validation failure: {'resize.node_count': '0 is less than the minimum of 1'}`.
 */

export const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export interface SelectelErrorBody {
  error: { code: number; title: string; message: string };
}

export function selectelErrorBody(status: number, message: string): SelectelErrorBody {
  return { error: { code: status, title: TITLES[status] ?? "Error", message } };
}

export class SelectelApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  body(): SelectelErrorBody {
    return selectelErrorBody(this.status, this.message);
  }
}

/** Runs a handler and turns a thrown SelectelApiError into the API's own error answer. */
export function answerSelectelErrors<R extends { status: number; body?: unknown }>(
  handler: () => R,
): R | { status: number; body: SelectelErrorBody } {
  try {
    return handler();
  } catch (err) {
    if (err instanceof SelectelApiError) return { status: err.status, body: err.body() };
    throw err;
  }
}

/** Python-style repr of a string, as the real API's messages print dict keys and values. */
export function pyRepr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s}"`;
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** 400 `Validation failure: {'<path>': '<message>', ...}`. */
export class ValidationError extends SelectelApiError {
  constructor(readonly issues: Array<[string, string]>) {
    super(400, `Validation failure: {${issues.map(([p, m]) => `${pyRepr(p)}: ${pyRepr(m)}`).join(", ")}}`);
  }
  static field(path: string, message: string): ValidationError {
    return new ValidationError([[path, message]]);
  }
}

/** 400: a rule of the service other than the body schema (wrong engine, protected, shrink...). */
export class BadRequestError extends SelectelApiError {
  constructor(message: string) {
    super(400, message);
  }
}

/** 401: missing, unknown, expired or unscoped token; wrong Keystone credentials. */
export class UnauthorizedError extends SelectelApiError {
  constructor(message = "The request you have made requires authentication.") {
    super(401, message);
  }
}

/** 403: the object belongs to another project than the token's. */
export class ForbiddenError extends SelectelApiError {
  constructor(message: string) {
    super(403, message);
  }
}

/** 404 `"<entity> <id> not found."`. */
export class NotFoundError extends SelectelApiError {
  constructor(entity: string, id: string) {
    super(404, `${entity} ${id} not found.`);
  }
}

/** 409: the datastore (or the child) is in a transitional status; retry once it is ACTIVE. */
export class BusyError extends SelectelApiError {
  constructor(entity: string, id: string, status: string) {
    super(409, `${entity} ${id} is in status ${status}; wait until it is ACTIVE and try again.`);
  }
}
