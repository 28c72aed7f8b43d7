import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpClient } from "../../src/core/http";
import { AmbiguousRequestError, ApiError, isNotFound, mayHaveApplied } from "../../src/core/errors";
import { registerSecret } from "../../src/core/redact";

// A scripted server: each test queues the answers for its next requests.
type Answer = (req: IncomingMessage, res: ServerResponse) => void;
let queue: Answer[] = [];
let seen: string[] = [];
let url = "";
const server = createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`);
  const next =
    queue.shift() ??
    ((_q, r) => {
      r.writeHead(200, { "content-type": "application/json" });
      r.end("{}");
    });
  next(req, res);
});
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_q, r) => {
    r.writeHead(status, { "content-type": "application/json", ...headers });
    r.end(JSON.stringify(body));
  };
const drop: Answer = (req) => req.socket.destroy();

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as any).port}`;
  process.env.DBAAS_HTTP_MIN_RETRY_MS = "10";
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  queue = [];
  seen = [];
});

const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ baseUrl: url, retries: 3, maxRetryDelayMs: 2000, ...extra });

describe("HttpClient", () => {
  it("parses the answer with the schema and sorts the query", async () => {
    queue.push(json(200, { a: 1 }));
    const out = await client().get("/x", { query: { b: "2", a: "1", skip: undefined }, schema: z.object({ a: z.number() }) });
    expect(out).toEqual({ a: 1 });
    expect(seen).toEqual(["GET /x?a=1&b=2"]);
  });

  it("retries a GET through 5xx answers and a dropped connection", async () => {
    queue.push(json(503, { errors: [{ code: "UNAVAILABLE", detail: "busy" }] }), drop, json(200, { ok: true }));
    expect(await client().get("/x")).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it("honours Retry-After on 429, even for a POST", async () => {
    queue.push(json(429, {}, { "retry-after": "1" }), json(202, { request_id: "r" }));
    const start = Date.now();
    expect(await client().post("/x", { body: {} })).toEqual({ request_id: "r" });
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
    expect(seen).toEqual(["POST /x", "POST /x"]);
  });

  it("never retries a POST that may have been applied (5xx), and says it may have been applied", async () => {
    queue.push(json(500, { errors: [{ code: "INTERNAL", detail: "boom" }] }));
    const err = await client()
      .post("/x", { body: {} })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AmbiguousRequestError);
    expect(mayHaveApplied(err)).toBe(true);
    expect(err.cause).toBeInstanceOf(ApiError);
    expect(err.cause.code).toBe("INTERNAL");
    expect(seen).toEqual(["POST /x"]);
  });

  it("never retries a POST whose connection dropped after sending, and says it may have been applied", async () => {
    queue.push(drop);
    const err = await client()
      .post("/x", { body: {} })
      .catch((e) => e);
    expect(mayHaveApplied(err)).toBe(true);
    expect(err.message).toMatch(/^POST \/x: .*the request may have been applied$/);
    expect(seen).toEqual(["POST /x"]);
  });

  it("a POST refused before it was sent is not ambiguous", async () => {
    const c = new HttpClient({ baseUrl: "http://127.0.0.1:9", retries: 0 });
    const err = await c.post("/x", { body: {} }).catch((e) => e);
    expect(mayHaveApplied(err)).toBe(false);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it("a 404 counts as not found only in the API's own not-found shape", async () => {
    const isNotFoundAnswer = (b: any) => Array.isArray(b?.errors);
    queue.push(json(404, { errors: [{ code: "NOT_FOUND", detail: "cluster x not found" }] }));
    const api404 = await client({ isNotFoundAnswer })
      .get("/x")
      .catch((e) => e);
    expect(isNotFound(api404)).toBe(true);
    queue.push((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>404 Not Found</body></html>");
    });
    const gateway404 = await client({ isNotFoundAnswer, endpointHint: "check scp:endpoint" })
      .get("/x")
      .catch((e) => e);
    expect(isNotFound(gateway404)).toBe(false);
    expect(gateway404.message).toContain(`${url}/x may not be the right endpoint (check scp:endpoint)`);
    queue.push(json(404, { errors: [{ code: "NOT_FOUND", detail: "x" }] }));
    expect(
      isNotFound(
        await client()
          .get("/x")
          .catch((e) => e),
      ),
    ).toBe(false); // no classifier: never "gone"
  });

  it("marks an answer that came to a repeated attempt", async () => {
    queue.push(json(503, {}), json(400, { errors: [{ code: "CLUSTER_BUSY", detail: "busy" }] }));
    const err = await client()
      .put("/x", { body: {} })
      .catch((e) => e);
    expect(err.code).toBe("CLUSTER_BUSY");
    expect(err.afterRetry).toBe(true);
  });

  it("names the variable when a tuning variable is unusable", () => {
    process.env.DBAAS_HTTP_RETRIES = "lots";
    try {
      expect(() => new HttpClient({ baseUrl: url })).toThrow(
        /DBAAS_HTTP_RETRIES="lots" is not usable: expected a whole number from 0 to 20/,
      );
    } finally {
      delete process.env.DBAAS_HTTP_RETRIES;
    }
  });

  it("does not retry 4xx, and reads both error shapes", async () => {
    queue.push(json(400, { errors: [{ code: "INVALID_REQUEST", detail: "bad name", loc: ["body", "name"] }] }));
    const scp = await client()
      .get("/x")
      .catch((e) => e);
    expect(scp.code).toBe("INVALID_REQUEST");
    expect(scp.message).toContain("body.name: bad name");
    queue.push(json(409, { error: { code: 409, title: "Conflict", message: "cluster is busy" } }));
    const selectel = await client()
      .get("/x")
      .catch((e) => e);
    expect(selectel.code).toBe("409");
    expect(selectel.message).toContain("cluster is busy");
    expect(seen).toHaveLength(2);
  });

  it.each([
    [
      "Selectel",
      "GET",
      500,
      { error: { code: 500, title: "Internal Server Error", message: "datastore backend failed" } },
      "GET /datastores failed: HTTP 500: Internal Server Error: datastore backend failed",
    ],
    [
      "Selectel, no message",
      "GET",
      503,
      { error: { code: 503, title: "Service Unavailable", message: "" } },
      "GET /datastores failed: HTTP 503: Service Unavailable",
    ],
    [
      "Selectel, a POST",
      "POST",
      500,
      { error: { code: 500, title: "Internal Server Error", message: "boom" } },
      "POST /datastores: HTTP 500: Internal Server Error: boom; the request may have been applied",
    ],
    [
      "SCP",
      "POST",
      400,
      { errors: [{ code: "CLUSTER_BUSY", detail: "another operation runs" }] },
      "POST /datastores failed: HTTP 400 CLUSTER_BUSY: another operation runs",
    ],
    [
      "Avisi",
      "POST",
      400,
      { message: "Invalid request parameters.", details: ["version: must not be empty"] },
      "POST /datastores failed: HTTP 400: Invalid request parameters. (version: must not be empty)",
    ],
  ])("formats a %s error as method, path, status, the API's own code and message", async (_cloud, method, status, body, message) => {
    queue.push(json(status, body));
    const http = client({ retries: 0 });
    const err = await (method === "GET" ? http.get("/datastores") : http.post("/datastores", { body: {} })).catch((e) => e);
    expect(err.message).toBe(message);
  });

  it("a gateway's HTML page is reduced to its title, and said to be from in front of the API", async () => {
    queue.push((_q, r) => {
      r.writeHead(502, { "content-type": "text/html" });
      r.end("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>");
    });
    const err = await client({ retries: 0 })
      .get("/x")
      .catch((e) => e);
    expect(err.message).toMatch(
      /^GET \/x failed: HTTP 502: 502 Bad Gateway; the answer is a web page, not the API's JSON: something in front of the API answered http:\/\/127\.0\.0\.1:\d+\/x \(a proxy, a load balancer or a login page\)$/,
    );
  });

  it("renews credentials once on 401", async () => {
    let renewed = 0;
    queue.push(json(401, {}), json(200, { ok: 1 }));
    const c = client({
      onUnauthorized: async () => {
        renewed++;
        return true;
      },
    });
    expect(await c.get("/x")).toEqual({ ok: 1 });
    queue.push(json(401, {}), json(401, {}));
    await expect(c.get("/x")).rejects.toMatchObject({ status: 401 });
    expect(renewed).toBe(2);
  });

  it("redacts registered secrets from errors", async () => {
    registerSecret("super-secret-value");
    queue.push(json(403, { errors: [{ code: "FORBIDDEN", detail: "key super-secret-value rejected" }] }));
    const err = await client()
      .get("/x")
      .catch((e) => e);
    expect(err.message).not.toContain("super-secret-value");
    expect(JSON.stringify(err.body)).not.toContain("super-secret-value");
    expect(err.message).toContain("***");
  });

  it("sends auth headers computed from the exact URL", async () => {
    let got = "";
    queue.push((req, res) => {
      got = String(req.headers["x-signed-url"]);
      json(200, {})(req, res);
    });
    await client({ auth: ({ method, url: u }) => ({ "x-signed-url": `${method} ${u}` }) }).get("/v1/a", { query: { z: 1 } });
    expect(got).toBe(`GET ${url}/v1/a?z=1`);
  });
});
