/**
 * A prefix that is not the API: every path answers 404 in the API's own error envelope. It stands
 * for what a wrong endpoint setting can reach in real life: a proxy or another deployment in front
 * of the same vendor's framework, where no API is mounted under that prefix, whose "not found" looks
 * exactly like the API's answer for a missing object. The APIs themselves are not bent: this is a
 * separate mount (`/stray/<cloud>`), a test setup for clients that must not take such an answer
 * for "the object is gone". Cloud-agnostic: each cloud passes its own error body.
 */
import type { ServiceRequest, ServiceResponse, SimService } from "./service";

export const STRAY_PREFIX = "/stray";

export function strayService(cloud: string, notFoundBody: (path: string) => unknown): SimService {
  const answer = (path: string): ServiceResponse => ({ status: 404, body: notFoundBody(path) });
  return {
    name: `stray-${cloud}`,
    prefix: `${STRAY_PREFIX}/${cloud}`,
    handle: (req: ServiceRequest) => answer(req.path),
    errorResponse: (status, _code, detail) => ({ status, body: notFoundBody(detail) }),
    reset: () => {},
    dump: () => ({}),
  };
}

/** The last segment of a path, as the object an API's not-found message would name. */
export const lastSegment = (path: string): string => path.split("/").filter(Boolean).pop() ?? "";
