// The one HTTP client of the package: JSON in and out over undici, a per-request timeout, retries
// with p-retry where a retry is safe, one ApiError for every failure, secrets redacted.
//
// Retry policy (why): 429 and 5xx answers and network errors are retried for idempotent methods
// (GET, PUT, DELETE, HEAD). A POST is retried only when the server certainly did not apply it: a
// 429 (rejected before processing) or a connection that failed before the request was sent. A POST
// that timed out or got a 5xx may have been applied; retrying it blindly could create a second
// cluster, so the caller sees the error and the resource's own recovery (read, then resume) runs.

import type * as UndiciModule from "undici";
import type { Agent, Dispatcher } from "undici";

type Undici = typeof UndiciModule;
let undiciModule: Undici | undefined;
// Loaded on the first request, not with the module: a preview that only checks inputs never sends
// one, and undici takes about 150 ms to load (measured by `npm run bench`, P2).
const undici = (): Undici => (undiciModule ??= require("undici") as Undici);
import pRetry, { AbortError } from "p-retry";
import type { z } from "zod";
import { AmbiguousRequestError, ApiError, isApiError } from "./errors";
import { redact } from "./redact";
import { tuned } from "./tuning";

export type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

export interface RequestOptions<S extends z.ZodType | undefined = undefined> {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** zod schema the answer is parsed with; without it the JSON comes back untyped. */
  schema?: S;
  /** Overrides the method-based idempotency rule, e.g. for a POST the API documents as idempotent. */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

export interface AuthContext {
  method: Method;
  /** The absolute URL exactly as it will be sent (signing schemes sign it byte for byte). */
  url: string;
}

export interface HttpClientOptions {
  /** Absolute base URL, e.g. https://postgresql.kr-west1.e.samsungsdscloud.com */
  baseUrl: string;
  /** Headers that authenticate one request (called per attempt: signatures carry a timestamp). */
  auth?: (ctx: AuthContext) => Promise<Record<string, string>> | Record<string, string>;
  /** Called once after a 401; returning true retries the request once (e.g. a renewed token). */
  onUnauthorized?: () => Promise<boolean>;
  /** Headers sent with every request (API version, language). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  retries?: number;
  /** Upper bound for one backoff sleep, and for an honoured Retry-After. */
  maxRetryDelayMs?: number;
  /** Name used in retry log lines ("scp-postgresql"). */
  name?: string;
  /**
   * True when a 404 body is the API's own documented not-found answer. Only such a 404 means
   * "this object does not exist"; without this option no 404 ever does.
   */
  isNotFoundAnswer?: (body: unknown) => boolean;
  /** Added to errors that suggest a wrong endpoint ("check scp:endpoint, scp:region"). */
  endpointHint?: string;
  /**
   * The list the object of a path belongs to (undefined: none to ask). A not-found answer about it
   * counts only once that list answers 200 in its documented shape without the object: a wrong
   * endpoint prefix can answer every path with the API's own not-found body (see `confirmNotFound`).
   */
  collectionOf?: (path: string) => Collection | undefined;
  /** The setting that chooses the base URL, for the message when it answers nonsense ("scp:endpoint"). */
  endpointSetting?: string;
  log?: (line: string) => void;
}

export interface Collection {
  /** "cluster list", for messages. */
  what: string;
  path: string;
  query?: RequestOptions["query"];
  /** Reads the list's answer: undefined when it is not the documented shape, else whether the object is (still live) in it. */
  holds: (body: unknown) => boolean | undefined;
}

let sharedAgent: Agent | undefined;
/** Created lazily, never at module load, so a serialized provider can never capture it. */
function agent(): Dispatcher {
  sharedAgent ??= new (undici().Agent)({ keepAliveTimeout: 10_000, connections: 16 });
  return sharedAgent;
}

const IDEMPOTENT: ReadonlySet<Method> = new Set(["GET", "PUT", "DELETE"]);
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

class RetryableAnswer extends Error {
  constructor(
    readonly apiError: ApiError,
    readonly retryAfterMs: number | undefined,
  ) {
    super(apiError.message);
  }
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly opts: HttpClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.retries = opts.retries ?? tuned("DBAAS_HTTP_RETRIES");
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? 30_000;
  }

  url(path: string, query?: RequestOptions["query"]): string {
    let url = this.baseUrl + path;
    if (query) {
      const params = new URLSearchParams();
      for (const key of Object.keys(query).sort()) {
        const v = query[key];
        if (v !== undefined) params.append(key, String(v));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  async get<S extends z.ZodType = z.ZodAny>(path: string, opts: RequestOptions<S> = {}): Promise<z.infer<S>> {
    return this.send("GET", path, opts);
  }
  async post<S extends z.ZodType = z.ZodAny>(path: string, opts: RequestOptions<S> = {}): Promise<z.infer<S>> {
    return this.send("POST", path, opts);
  }
  async put<S extends z.ZodType = z.ZodAny>(path: string, opts: RequestOptions<S> = {}): Promise<z.infer<S>> {
    return this.send("PUT", path, opts);
  }
  async delete<S extends z.ZodType = z.ZodAny>(path: string, opts: RequestOptions<S> = {}): Promise<z.infer<S>> {
    return this.send("DELETE", path, opts);
  }

  async send<S extends z.ZodType | undefined>(method: Method, path: string, opts: RequestOptions<S> = {}): Promise<any> {
    return (await this.sendRaw(method, path, opts)).json;
  }

  /** Like `send`, with the answer's headers (e.g. Keystone's X-Subject-Token). */
  async sendRaw<S extends z.ZodType | undefined>(method: Method, path: string, opts: RequestOptions<S> = {}): Promise<RawAnswer> {
    try {
      return await this.exchange(method, path, opts);
    } catch (err) {
      if (isApiError(err, 404) && err.objectNotFound) throw await this.confirmNotFound(err);
      throw err;
    }
  }

  /**
   * "Gone" is decided on two answers, never one: the API's not-found body for the object, and its
   * list answering 200, in the documented shape, without the object. A wrong endpoint prefix (a
   * proxy or another deployment in front of the same vendor's framework) answers every path with
   * the same not-found body; its list then 404s or answers something else, and that is an error
   * naming the endpoint setting, so nothing is forgotten. Every caller of `isNotFound` (reads,
   * deletes, waits ending on GONE, adoption, `get`) gets this through the one client.
   */
  private async confirmNotFound(err: ApiError): Promise<ApiError> {
    const list = this.opts.collectionOf?.(err.path.split("?")[0]);
    if (!list) return err;
    let status = 200;
    let holds: boolean | undefined;
    try {
      holds = list.holds((await this.exchange("GET", list.path, { query: list.query })).json);
    } catch (e) {
      if (!isApiError(e, 404)) throw e;
      status = 404;
    }
    if (holds === false) return err;
    const where = `${this.opts.endpointSetting ?? "the endpoint"} ${this.baseUrl}`;
    const why =
      holds === undefined
        ? `${where} answers ${status === 404 ? "404" : "something other than the documented list"} for the ` +
          `${list.what} (GET ${list.path}); is the endpoint right? Nothing was forgotten`
        : `the ${list.what} (GET ${list.path}) still shows it, so it is not gone; run the command again`;
    return new ApiError(err.status, err.method, err.path, err.code, err.detail, err.body, false, err.afterRetry, why);
  }

  private async exchange<S extends z.ZodType | undefined>(method: Method, path: string, opts: RequestOptions<S> = {}): Promise<RawAnswer> {
    const idempotent = opts.idempotent ?? IDEMPOTENT.has(method);
    let reauthorized = false;
    let attempts = 0;
    const attempt = async (): Promise<RawAnswer> => {
      attempts++;
      try {
        return await this.once(method, path, opts, attempts > 1);
      } catch (err) {
        if (err instanceof ApiError) {
          if (err.status === 401 && !reauthorized && this.opts.onUnauthorized) {
            reauthorized = true;
            if (await this.opts.onUnauthorized()) return attempt();
          }
          throw new AbortError(err);
        }
        if (err instanceof RetryableAnswer) {
          // A 429 was refused before processing: safe for any method. A 5xx only when idempotent.
          if (err.apiError.status === 429 || idempotent) throw err;
          throw new AbortError(err.apiError);
        }
        const code = (err as { code?: string }).code ?? "";
        if (idempotent || NOT_SENT_CODES.has(code)) throw err;
        throw new AbortError(err as Error);
      }
    };
    try {
      return await pRetry(attempt, {
        retries: this.retries,
        minTimeout: tuned("DBAAS_HTTP_MIN_RETRY_MS"),
        maxTimeout: this.maxRetryDelayMs,
        factor: 2,
        randomize: true,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft <= 0) return;
          const why = error instanceof RetryableAnswer ? `HTTP ${error.apiError.status}` : describeNetworkError(error);
          this.opts.log?.(`${this.opts.name ?? "http"}: ${method} ${path} ${why}, retry ${attemptNumber}/${this.retries}`);
          if (error instanceof RetryableAnswer && error.retryAfterMs !== undefined) {
            await sleep(Math.min(error.retryAfterMs, this.maxRetryDelayMs));
          }
        },
      });
    } catch (err) {
      const apiError = err instanceof RetryableAnswer ? err.apiError : err instanceof ApiError ? err : undefined;
      // A 5xx to a call that is not idempotent may come from a gateway after the service applied it.
      if (apiError && apiError.status >= 500 && !idempotent) {
        const own = apiError.code && apiError.code !== String(apiError.status) ? ` ${apiError.code}` : "";
        throw new AmbiguousRequestError(method, path, `HTTP ${apiError.status}${own}${apiError.detail ? `: ${apiError.detail}` : ""}`, {
          cause: apiError,
        });
      }
      if (apiError) throw apiError;
      const code = (err as { code?: string }).code ?? "";
      const why = describeNetworkError(err);
      // Not sent at all: nothing can have been applied. Otherwise only the API can tell.
      if (!idempotent && !NOT_SENT_CODES.has(code)) throw new AmbiguousRequestError(method, path, why, { cause: err });
      throw new Error(redact(`${method} ${path} failed: ${why}`), { cause: err });
    }
  }

  private async once(method: Method, path: string, opts: RequestOptions<any>, retry: boolean): Promise<RawAnswer> {
    const url = this.url(path, opts.query);
    const headers: Record<string, string> = {
      accept: "application/json",
      ...this.opts.headers,
      ...opts.headers,
      ...(this.opts.auth ? await this.opts.auth({ method, url }) : {}),
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const res = await undici().request(url, {
      method,
      headers,
      body,
      dispatcher: agent(),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const text = await res.body.text();
    let json: unknown = undefined;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
    }
    if (res.statusCode >= 200 && res.statusCode < 300) {
      const answer = { status: res.statusCode, headers: res.headers, json };
      if (!opts.schema) return answer;
      const parsed = (opts.schema as z.ZodType).safeParse(json);
      if (!parsed.success) {
        throw new ApiError(
          res.statusCode,
          method,
          path,
          "UNEXPECTED_RESPONSE",
          `the answer does not match the documented shape: ${parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join(".")}: ${i.message}`)
            .join("; ")}`,
          json,
        );
      }
      return { ...answer, json: parsed.data };
    }
    const { code, detail } = extractError(json);
    const objectNotFound = res.statusCode === 404 && (this.opts.isNotFoundAnswer?.(json) ?? false);
    // Every API here answers errors in JSON: a web page came from something in front of it.
    const webPage = typeof json === "string" && /<(html|title|body|head)\b/i.test(json);
    const check = this.opts.endpointHint ?? (this.opts.endpointSetting ? `check ${this.opts.endpointSetting}` : undefined);
    const hint =
      res.statusCode === 404 && !objectNotFound
        ? `this 404 is not the API's not-found answer, so ${url.split("?")[0]} may not be the right ` +
          `endpoint${this.opts.endpointHint ? ` (${this.opts.endpointHint})` : ""}`
        : webPage
          ? `the answer is a web page, not the API's JSON: something in front of the API answered ${url.split("?")[0]} ` +
            `(a proxy, a load balancer or a login page)${check ? `; ${check}` : ""}`
          : undefined;
    const apiError = new ApiError(res.statusCode, method, path, code, detail, json, objectNotFound, retry, hint);
    if (res.statusCode === 429 || res.statusCode >= 500) {
      throw new RetryableAnswer(apiError, parseRetryAfter(res.headers["retry-after"]));
    }
    throw apiError;
  }
}

/** Reads the error code and message out of the error shapes our clouds use. */
export function extractError(body: unknown): { code?: string; detail: string } {
  if (typeof body === "string") return { detail: plainText(body) };
  if (!body || typeof body !== "object") return { detail: "" };
  const b = body as Record<string, any>;
  // SCP: {"errors":[{"code","detail"}]} ; Selectel: {"error":{"code","title","message"}}
  if (Array.isArray(b.errors) && b.errors.length > 0) {
    const first = b.errors[0] ?? {};
    const details = b.errors.map((e: any) => {
      const d = Array.isArray(e?.detail) ? e.detail.join(", ") : (e?.detail ?? e?.msg ?? e?.message ?? "");
      return Array.isArray(e?.loc) ? `${e.loc.join(".")}: ${d}` : String(d);
    });
    return { code: first.code ?? first.type, detail: details.join("; ") };
  }
  if (Array.isArray(body)) {
    return { detail: body.map((e: any) => `${(e?.loc ?? []).join(".")}: ${e?.msg ?? ""}`).join("; ") };
  }
  if (b.error && typeof b.error === "object") {
    const e = b.error;
    return { code: e.code !== undefined ? String(e.code) : e.title, detail: [e.title, e.message].filter(Boolean).join(": ") };
  }
  // Avisi: {"message", "details": [string]}; the details carry the specifics (which field, why).
  const details = Array.isArray(b.details) && b.details.length > 0 ? ` (${b.details.map(String).join("; ")})` : "";
  return { code: b.code !== undefined ? String(b.code) : undefined, detail: `${b.message ?? b.detail ?? b.error ?? ""}${details}` };
}

/** A text body as one short line: an HTML page (a gateway's) by its title, or its text without tags. */
function plainText(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function describeNetworkError(err: unknown): string {
  if (err instanceof undici().errors.HeadersTimeoutError || err instanceof undici().errors.BodyTimeoutError) return "timed out";
  const e = err as { code?: string; message?: string };
  return e?.code ? `${e.code} ${e.message ?? ""}`.trim() : String(e?.message ?? err);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
