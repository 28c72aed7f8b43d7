/**
 * Avisi Cloud's error shapes. The API's own answers (seed 003: 400/403/404/500) are
 * `{"message": string, "details": [string]}`. A path the API does not serve gets the framework's
 * answer instead (Spring Boot's default `{"timestamp","status","error","path"}`): that 404 says the
 * *endpoint* is missing, not the object, and clients must never read it as "gone".
 */

export interface AvisiErrorBody {
  message: string;
  details: string[];
}

/** The messages the API document gives for each status. */
export const DOCUMENTED_MESSAGES: Record<number, string> = {
  400: "Invalid request parameters. Please review the documentation for valid parameter values.",
  401: "Full authentication is required to access this resource.",
  403: "You do not have the necessary permissions to access this resource.",
  404: "The requested resource could not be found. Please check the resource URL or identifier.",
  500: "An internal error occurred on the server.",
};

export class AvisiApiError extends Error {
  constructor(
    readonly status: number,
    readonly details: string[] = [],
    message?: string,
  ) {
    super(message ?? DOCUMENTED_MESSAGES[status] ?? "Error");
  }
  body(): AvisiErrorBody {
    return { message: this.message, details: this.details };
  }
}

export const badRequest = (...details: string[]) => new AvisiApiError(400, details);
export const notFound = (...details: string[]) => new AvisiApiError(404, details);

/** The framework's answer for a path or method the API does not serve. */
export function frameworkError(status: 404 | 405, path: string, now: number) {
  return {
    status,
    body: { timestamp: new Date(now).toISOString(), status, error: status === 404 ? "Not Found" : "Method Not Allowed", path },
  };
}

export function answerAvisiErrors<R extends { status: number; body?: unknown }>(
  handler: () => R,
): R | { status: number; body: AvisiErrorBody } {
  try {
    return handler();
  } catch (err) {
    if (err instanceof AvisiApiError) return { status: err.status, body: err.body() };
    throw err;
  }
}
