import { redact, redactValue } from "./redact";

/** One error type for every non-2xx answer of every cloud API, safe to print (secrets redacted). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    /** The API's own error code, when its body carries one. */
    readonly code: string | undefined,
    /** The API's own message (already redacted). */
    readonly detail: string,
    readonly body?: unknown,
    /**
     * True only for a 404 in the API's own documented not-found shape. A 404 from a gateway, a
     * proxy or a wrong endpoint says nothing about the object and must never count as "gone".
     */
    readonly objectNotFound = false,
    /** The answer came to a repeated attempt of the same request (the first may have applied). */
    readonly afterRetry = false,
    /** Appended to the message (e.g. which config keys choose the endpoint). */
    hint?: string,
  ) {
    // A code that only repeats the status (Selectel's `"code": 500`) says nothing: it is left out.
    const own = code !== undefined && code !== "" && code !== String(status) ? ` ${code}` : "";
    super(redact(`${method} ${path} failed: HTTP ${status}${own}${detail ? `: ${detail}` : ""}${hint ? `; ${hint}` : ""}`));
    this.body = redactValue(body);
  }
}

export function isApiError(err: unknown, status?: number): err is ApiError {
  return err instanceof ApiError && (status === undefined || err.status === status);
}

/**
 * The object is gone: a 404 in the API's own not-found shape. Read reports "gone", waiters treat it
 * as the GONE state. Any other 404 is an error (see `ApiError.objectNotFound`).
 */
export function isNotFound(err: unknown): boolean {
  return isApiError(err, 404) && err.objectNotFound;
}

/**
 * A request that may have reached the server and been applied although no usable answer came
 * back: a timeout after sending, a connection lost mid-request, a 5xx to a non-idempotent call.
 * The caller must find out from the API what happened instead of assuming either way.
 */
export class AmbiguousRequestError extends Error {
  override readonly name = "AmbiguousRequestError";
  constructor(
    readonly method: string,
    readonly path: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(redact(`${method} ${path}: ${why}; the request may have been applied`), options);
  }
}

export function mayHaveApplied(err: unknown): boolean {
  return err instanceof AmbiguousRequestError;
}

/** A wait that ended in a failed or unexpected state, or ran past its deadline. */
export class WaitError extends Error {
  override readonly name = "WaitError";
  constructor(
    message: string,
    readonly lastState: string | undefined,
    readonly timedOut: boolean,
  ) {
    super(redact(message));
  }
}

/** Bad input found before any API call; surfaced as a `check` failure naming the property. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly property: string,
    readonly reason: string,
  ) {
    super(`${property}: ${reason}`);
  }
}

/** A tuning environment variable or provider setting that cannot be used: one clear message. */
export class SettingError extends Error {
  override readonly name = "SettingError";
}

export function errorMessage(err: unknown): string {
  return redact(err instanceof Error ? err.message : String(err));
}
