/** The request log served at `GET /_sim/requests`. Secrets in bodies are redacted. Cloud-agnostic. */

export interface LoggedRequest {
  seq: number;
  /** ISO 8601 time the request arrived. */
  time: string;
  service: string;
  method: string;
  /** API path after the service prefix. */
  path: string;
  query: Record<string, string>;
  /** Response status; `null` when the connection was dropped by a fault. */
  status: number | null;
  /** Parsed JSON body with secrets redacted; the raw text when not JSON; `null` when empty. */
  body: unknown;
  /** Set when a `drop-after-apply` fault handled the request but dropped its answer. */
  answerDropped?: true;
}

const SECRET_KEY = /password|secret/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== null ? "***" : redact(v);
    return out;
  }
  return value;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  append(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    const e = { ...entry, seq: ++this.seq };
    this.entries.push(e);
    return e;
  }

  since(seq = 0): LoggedRequest[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  /** Clears the entries; sequence numbers keep increasing so `since` cursors stay valid. */
  clear(): void {
    this.entries = [];
  }
}
