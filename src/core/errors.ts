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
  ) {
    super(redact(`${method} ${path} failed: HTTP ${status}${code ? ` ${code}` : ""}${detail ? `: ${detail}` : ""}`));
    this.body = redactValue(body);
  }
}

export function isApiError(err: unknown, status?: number): err is ApiError {
  return err instanceof ApiError && (status === undefined || err.status === status);
}

/** NotFound is one typed value: read reports "gone", delete counts it as success, waiters as a target. */
export function isNotFound(err: unknown): boolean {
  return isApiError(err, 404);
}

/** A wait that ended in a failed or unexpected state, or ran past its deadline. */
export class WaitError extends Error {
  override readonly name = "WaitError";
  constructor(message: string, readonly lastState: string | undefined, readonly timedOut: boolean) {
    super(redact(message));
  }
}

/** Bad input found before any API call; surfaced as a `check` failure naming the property. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(readonly property: string, readonly reason: string) {
    super(`${property}: ${reason}`);
  }
}

export function errorMessage(err: unknown): string {
  return redact(err instanceof Error ? err.message : String(err));
}
