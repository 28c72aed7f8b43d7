/**
 * The simulator's HTTP server: one `node:http` listener, services mounted by path prefix, the
 * control API under `/_sim/`, the request log and gateway-level fault injection. Cloud-agnostic:
 * everything cloud-specific lives in the mounted {@link SimService}s.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { type SimClock, type ClockMode } from "./clock";
import { FaultRegistry, FaultValidationError, type FaultRule } from "./faults";
import { gatewayNotFound } from "./gateway-page";
import { RequestLog, redact, type LoggedRequest } from "./request-log";
import type { EngineBackend, ServiceRequest, ServiceResponse, SimService } from "./service";

const MAX_BODY_BYTES = 1024 * 1024;

export interface ClockUpdate {
  mode?: ClockMode;
  stepMs?: number;
  advance?: number;
}

export class SimServer {
  readonly clock: SimClock;
  readonly faults = new FaultRegistry();
  readonly log = new RequestLog();
  private readonly services: SimService[] = [];
  private readonly http: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Real engines (./engines), when asked for; requests are then handled one at a time. */
  private backend: EngineBackend | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(clock: SimClock) {
    this.clock = clock;
    this.http = http.createServer((req, res) => {
      this.dispatch(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { errors: [{ code: "INTERNAL_ERROR", detail: String(err) }] });
        else res.destroy();
      });
    });
  }

  mount(service: SimService): void {
    if (!/^\/[a-z0-9/-]+[a-z0-9]$/.test(service.prefix)) throw new Error(`bad prefix ${service.prefix}`);
    for (const s of this.services) {
      if (s.name === service.name) throw new Error(`service ${service.name} already mounted`);
      if (s.prefix === service.prefix) throw new Error(`prefix ${service.prefix} already mounted`);
    }
    this.services.push(service);
    // Longest prefix first.
    this.services.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  useEngines(backend: EngineBackend): void {
    this.backend = backend;
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, host, () => {
        this.http.off("error", reject);
        resolve();
      });
    });
    const addr = this.http.address() as AddressInfo;
    const h = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    return `http://${h}:${addr.port}`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    await this.queue.catch(() => undefined);
    await this.backend?.close();
  }

  // ---- control API, also used in-process by the Simulator object ----

  requests(since = 0): LoggedRequest[] {
    return this.log.since(since);
  }

  setClock(update: ClockUpdate): { mode: ClockMode; stepMs: number; completedSteps?: number; pending: number } {
    if (update.mode !== undefined || update.stepMs !== undefined) this.clock.configure({ mode: update.mode, stepMs: update.stepMs });
    let completedSteps: number | undefined;
    if (update.advance !== undefined) {
      this.clock.settle();
      completedSteps = this.clock.advance(update.advance);
    }
    return { ...this.clockStatus(), ...(completedSteps === undefined ? {} : { completedSteps }) };
  }

  clockStatus(): { mode: ClockMode; stepMs: number; pending: number } {
    this.clock.settle();
    return { mode: this.clock.mode, stepMs: this.clock.stepMs, pending: this.clock.pending().length };
  }

  /** Run a service's control action (`POST /_sim/services/<name>/<action>`). */
  serviceControl(name: string, action: string, body: unknown): ServiceResponse {
    const service = this.services.find((s) => s.name === name);
    if (!service) return { status: 404, body: { error: `no service named ${name}` } };
    if (!service.control) return { status: 404, body: { error: `service ${name} has no control actions` } };
    this.clock.settle();
    return service.control(action, body);
  }

  reset(): void {
    this.clock.reset();
    this.faults.clear();
    this.log.clear();
    for (const s of this.services) s.reset();
  }

  state(): unknown {
    this.clock.settle();
    const services: Record<string, unknown> = {};
    for (const s of this.services) services[s.name] = s.dump();
    return {
      clock: { mode: this.clock.mode, stepMs: this.clock.stepMs },
      pendingOperations: this.clock.pending(),
      faults: this.faults.list(),
      services,
      ...(this.backend ? { engines: this.backend.dump() } : {}),
    };
  }

  // ---- request handling ----

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawTarget = req.url ?? "/";
    const qIdx = rawTarget.indexOf("?");
    const rawPath = qIdx < 0 ? rawTarget : rawTarget.slice(0, qIdx);
    const rawQuery = qIdx < 0 ? "" : rawTarget.slice(qIdx + 1);
    const method = (req.method ?? "GET").toUpperCase();
    const bodyText = await readBody(req);
    if (bodyText === null) {
      sendJson(res, 413, { errors: [{ code: "PAYLOAD_TOO_LARGE", detail: "request body too large" }] });
      return;
    }

    if (rawPath === "/_sim" || rawPath.startsWith("/_sim/")) {
      this.control(method, rawPath, new URLSearchParams(rawQuery), bodyText, res);
      return;
    }

    const service = this.services.find((s) => rawPath === s.prefix || rawPath.startsWith(`${s.prefix}/`));
    if (!service) {
      // Nothing is mounted there: the front door answers, not an API (a wrong endpoint prefix).
      send(res, gatewayNotFound());
      return;
    }
    const path = rawPath.slice(service.prefix.length) || "/";
    const query = new URLSearchParams(rawQuery);
    let body: unknown;
    let bodyInvalid = false;
    if (bodyText.trim() !== "") {
      try {
        body = JSON.parse(bodyText);
      } catch {
        bodyInvalid = true;
      }
    }
    const entry: Omit<LoggedRequest, "seq"> = {
      time: new Date(this.clock.now()).toISOString(),
      service: service.name,
      method,
      path,
      query: Object.fromEntries(query),
      status: null,
      body: bodyText === "" ? null : bodyInvalid ? bodyText : redact(body),
    };
    const respond = (r: ServiceResponse): void => {
      entry.status = r.status;
      this.log.append(entry);
      send(res, r);
    };

    const fault = this.faults.takeGatewayFault(service.name, method, path);
    if (fault) {
      const handled = await this.applyGatewayFault(fault, service, req, respond);
      if (handled) {
        if (handled === "dropped") this.log.append(entry);
        return;
      }
    }

    const sreq: ServiceRequest = {
      method,
      path,
      query,
      fullUrl: `http://${req.headers.host ?? ""}${rawTarget}`,
      headers: req.headers,
      bodyText,
      body,
      bodyInvalid,
      takeOperationFault: () => this.faults.takeOperationFault(service.name, method, path) !== undefined,
    };
    const dropAnswer = this.faults.takeAfterApplyFault(service.name, method, path) !== undefined;
    let out: ServiceResponse;
    try {
      out = await this.serve(service, sreq);
    } catch (err) {
      out = service.errorResponse(500, "INTERNAL_ERROR", `simulator error: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (dropAnswer) {
      // The service handled it (the log keeps its status); the client never hears the answer.
      entry.status = out.status;
      entry.answerDropped = true;
      this.log.append(entry);
      req.socket.destroy();
      return;
    }
    respond(out);
  }

  /**
   * Settle the clock and let the service answer. With real engines, requests take turns: the
   * servers are reconciled with the settled state (and may answer first) before the service sees
   * the request, so no request observes a state the servers have not reached.
   */
  private serve(service: SimService, sreq: ServiceRequest): Promise<ServiceResponse> {
    const backend = this.backend;
    if (!backend) {
      this.clock.settle();
      return Promise.resolve(service.handle(sreq));
    }
    const turn = this.queue.then(async () => {
      this.clock.settle();
      await backend.reconcile();
      const early = await backend.precheck(service.name, sreq, (status, code, detail) => service.errorResponse(status, code, detail));
      if (early) return early;
      const out = service.handle(sreq);
      backend.observe(service.name, sreq, out);
      return out;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Returns "answered" / "dropped" when the fault replaced the answer, or false to continue. */
  private async applyGatewayFault(
    fault: FaultRule,
    service: SimService,
    req: http.IncomingMessage,
    respond: (r: ServiceResponse) => void,
  ): Promise<"answered" | "dropped" | false> {
    switch (fault.kind) {
      case "drop":
        req.socket.destroy();
        return "dropped";
      case "slow":
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.timers.delete(t);
            resolve();
          }, fault.delayMs);
          this.timers.add(t);
        });
        return false;
      case "rate-limit": {
        const r = service.errorResponse(429, "TOO_MANY_REQUESTS", "rate limit exceeded (injected fault)");
        respond({ ...r, headers: { ...r.headers, "retry-after": String(fault.retryAfter) } });
        return "answered";
      }
      case "gateway-404":
        respond(gatewayNotFound());
        return "answered";
      case "status": {
        const code =
          fault.status === 502
            ? "BAD_GATEWAY"
            : fault.status === 503
              ? "SERVICE_UNAVAILABLE"
              : fault.status === 504
                ? "GATEWAY_TIMEOUT"
                : "INTERNAL_SERVER_ERROR";
        respond(service.errorResponse(fault.status, code, `injected fault: HTTP ${fault.status}`));
        return "answered";
      }
      default:
        return false;
    }
  }

  private control(method: string, path: string, query: URLSearchParams, bodyText: string, res: http.ServerResponse): void {
    let body: unknown = {};
    if (bodyText.trim() !== "") {
      try {
        body = JSON.parse(bodyText);
      } catch {
        sendJson(res, 400, { error: "body is not valid JSON" });
        return;
      }
    }
    const obj = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const route = `${method} ${path.replace(/\/+$/, "")}`;
    try {
      switch (route) {
        case "GET /_sim/requests": {
          const since = Number(query.get("since") ?? "0");
          if (!Number.isInteger(since) || since < 0) return sendJson(res, 400, { error: "since must be a non-negative integer" });
          return sendJson(res, 200, { requests: this.requests(since) });
        }
        case "DELETE /_sim/requests":
          this.log.clear();
          return sendJson(res, 200, {});
        case "GET /_sim/clock":
          return sendJson(res, 200, this.clockStatus());
        case "POST /_sim/clock": {
          const update: ClockUpdate = {};
          for (const k of Object.keys(obj))
            if (!["mode", "stepMs", "advance"].includes(k)) return sendJson(res, 400, { error: `unknown field: ${k}` });
          if (obj.mode !== undefined) {
            if (obj.mode !== "time" && obj.mode !== "manual") return sendJson(res, 400, { error: "mode must be time or manual" });
            update.mode = obj.mode;
          }
          if (obj.stepMs !== undefined) {
            if (typeof obj.stepMs !== "number" || !Number.isInteger(obj.stepMs) || obj.stepMs < 0)
              return sendJson(res, 400, { error: "stepMs must be an integer >= 0" });
            update.stepMs = obj.stepMs;
          }
          if (obj.advance !== undefined) {
            if (typeof obj.advance !== "number" || !Number.isInteger(obj.advance) || obj.advance < 1)
              return sendJson(res, 400, { error: "advance must be an integer >= 1" });
            update.advance = obj.advance;
          }
          return sendJson(res, 200, this.setClock(update));
        }
        case "GET /_sim/completions":
          return sendJson(res, 200, { completions: this.clock.completions().map((c) => ({ ...c, at: new Date(c.at).toISOString() })) });
        case "GET /_sim/faults":
          return sendJson(res, 200, { faults: this.faults.list() });
        case "POST /_sim/faults":
          return sendJson(res, 200, { id: this.faults.add(body).id });
        case "DELETE /_sim/faults":
          this.faults.clear();
          return sendJson(res, 200, {});
        case "POST /_sim/reset":
          this.reset();
          return sendJson(res, 200, {});
        case "GET /_sim/state":
          return sendJson(res, 200, this.state());
        case "GET /_sim/health":
          return sendJson(res, 200, { ok: true, services: this.services.map((s) => ({ name: s.name, prefix: s.prefix })) });
        default: {
          const m = /^POST \/_sim\/services\/([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(route);
          if (m) {
            const r = this.serviceControl(m[1], m[2], body);
            return sendJson(res, r.status, r.body, r.headers);
          }
          return sendJson(res, 404, { error: `unknown control endpoint ${route}` });
        }
      }
    } catch (err) {
      if (err instanceof FaultValidationError) return sendJson(res, 400, { error: err.message });
      throw err;
    }
  }
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, r: ServiceResponse): void {
  if (r.text === undefined) return sendJson(res, r.status, r.body, r.headers);
  res.writeHead(r.status, { "content-length": Buffer.byteLength(r.text), ...r.headers });
  res.end(r.text);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { "content-type": "application/json" }),
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
