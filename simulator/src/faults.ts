/**
 * Fault rules: the next `count` requests matching (service, method, path regex) get the fault.
 *
 * `status`, `rate-limit`, `drop`, `slow` and `gateway-404` act at the gateway, before the service
 * sees the request; `gateway-404` answers with the front door's HTML 404 page, as a gateway does for
 * a route it does not know (a missing or renamed endpoint), never the API's own not-found answer.
 * `drop-after-apply` lets the service handle the request (a mutation is applied) and then drops the
 * connection instead of answering: the client cannot tell whether it applied.
 * `fail-operation` is consumed only when a mutation is actually accepted (202): the operation then
 * ends FAILED instead of COMPLETED. Cloud-agnostic.
 */

export const FAULT_KINDS = ["status", "rate-limit", "drop", "slow", "gateway-404", "drop-after-apply", "fail-operation"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRuleInput {
  service?: string;
  method?: string;
  /** Regular expression tested against the API path after the service prefix, e.g. `^/v1/clusters$`. */
  path?: string;
  kind: FaultKind;
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  count?: number;
}

export interface FaultRule {
  id: string;
  service?: string;
  method?: string;
  path?: string;
  kind: FaultKind;
  status: number;
  retryAfter: number;
  delayMs: number;
  remaining: number;
}

export class FaultValidationError extends Error {}

const FAULT_STATUSES = [500, 502, 503, 504];

export class FaultRegistry {
  private rules: Array<FaultRule & { regex?: RegExp }> = [];
  private seq = 0;

  add(input: unknown): FaultRule {
    const r = parseRule(input);
    const rule = { ...r, id: `fault-${++this.seq}` };
    this.rules.push({ ...rule, regex: rule.path === undefined ? undefined : new RegExp(rule.path) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map(({ regex: _regex, ...rule }) => rule);
  }

  clear(): void {
    this.rules = [];
  }

  /** Take (consume one use of) the first gateway-level rule matching the request. */
  takeGatewayFault(service: string, method: string, path: string): FaultRule | undefined {
    return this.take(service, method, path, (k) => k !== "fail-operation" && k !== "drop-after-apply");
  }

  /** Take a `drop-after-apply` rule matching a request that reached the service. */
  takeAfterApplyFault(service: string, method: string, path: string): FaultRule | undefined {
    return this.take(service, method, path, (k) => k === "drop-after-apply");
  }

  /** Take a `fail-operation` rule matching the request, if any. */
  takeOperationFault(service: string, method: string, path: string): FaultRule | undefined {
    return this.take(service, method, path, (k) => k === "fail-operation");
  }

  private take(service: string, method: string, path: string, kinds: (k: FaultKind) => boolean): FaultRule | undefined {
    const idx = this.rules.findIndex(
      (r) =>
        kinds(r.kind) &&
        (r.service === undefined || r.service === service) &&
        (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
        (r.regex === undefined || r.regex.test(path)),
    );
    if (idx < 0) return undefined;
    const rule = this.rules[idx];
    rule.remaining--;
    if (rule.remaining <= 0) this.rules.splice(idx, 1);
    const { regex: _regex, ...copy } = rule;
    return copy;
  }
}

function parseRule(input: unknown): Omit<FaultRule, "id"> {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new FaultValidationError("fault rule must be a JSON object");
  const o = input as Record<string, unknown>;
  const known = new Set(["service", "method", "path", "kind", "status", "retryAfter", "delayMs", "count"]);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new FaultValidationError(`unknown field: ${k}`);
  const str = (k: string): string | undefined => {
    if (o[k] === undefined || o[k] === null) return undefined;
    if (typeof o[k] !== "string") throw new FaultValidationError(`${k} must be a string`);
    return o[k];
  };
  const int = (k: string, dflt: number, min: number): number => {
    if (o[k] === undefined || o[k] === null) return dflt;
    if (typeof o[k] !== "number" || !Number.isInteger(o[k]) || o[k] < min) {
      throw new FaultValidationError(`${k} must be an integer >= ${min}`);
    }
    return o[k];
  };
  const kind = o.kind;
  if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultValidationError(`kind must be one of ${FAULT_KINDS.join(", ")}`);
  }
  const path = str("path");
  if (path !== undefined) {
    try {
      new RegExp(path);
    } catch {
      throw new FaultValidationError(`path is not a valid regular expression: ${path}`);
    }
  }
  const status = int("status", kind === "rate-limit" ? 429 : 500, 100);
  if (kind === "status" && !FAULT_STATUSES.includes(status)) {
    throw new FaultValidationError(`status must be one of ${FAULT_STATUSES.join(", ")}`);
  }
  return {
    service: str("service"),
    method: str("method")?.toUpperCase(),
    path,
    kind: kind as FaultKind,
    status: kind === "rate-limit" ? 429 : status,
    retryAfter: int("retryAfter", 1, 0),
    delayMs: int("delayMs", 1000, 0),
    remaining: int("count", 1, 1),
  };
}
