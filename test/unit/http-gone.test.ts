// Issue 15 item 6, the HTTP client's part: an object's not-found answer counts as "gone" only when
// its list answers 200, in its documented shape, without the object.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HttpClient, type Collection } from "../../src/core/http";
import { isNotFound } from "../../src/core/errors";

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
let queue: Answer[] = [];
let seen: string[] = [];
let url = "";
const server = createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`);
  queue.shift()!(req, res);
});
const json =
  (status: number, body: unknown): Answer =>
  (_q, r) => {
    r.writeHead(status, { "content-type": "application/json" });
    r.end(JSON.stringify(body));
  };

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as any).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  queue = [];
  seen = [];
});

const NOT_FOUND = { errors: [{ code: "NOT_FOUND", detail: "thing t1 not found" }] };
const things = (path: string): Collection | undefined => {
  const m = /^\/things\/([^/]+)$/.exec(path);
  return m
    ? {
        what: "thing list",
        path: "/things",
        holds: (body: any) => (Array.isArray(body?.items) ? body.items.some((i: any) => i.id === m[1]) : undefined),
      }
    : undefined;
};
const client = () =>
  new HttpClient({
    baseUrl: url,
    retries: 0,
    isNotFoundAnswer: (b: any) => Array.isArray(b?.errors),
    collectionOf: things,
    endpointSetting: "x:endpoint",
  });
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e) => e,
  );

describe("a not-found answer is confirmed by the object's list", () => {
  it("the list answers without the object: gone (one GET of the list, no more)", async () => {
    queue.push(json(404, NOT_FOUND), json(200, { items: [{ id: "t2" }] }));
    expect(isNotFound(await outcome(client().get("/things/t1")))).toBe(true);
    expect(seen).toEqual(["GET /things/t1", "GET /things"]);
  });

  it.each([
    [
      "the list 404s too (a wrong prefix)",
      json(404, NOT_FOUND),
      /x:endpoint http:\S+ answers 404 for the thing list \(GET \/things\); is the endpoint right\?/,
    ],
    [
      "the list answers another shape",
      json(200, { html: "<p>welcome</p>" }),
      /x:endpoint http:\S+ answers something other than the documented list for the thing list/,
    ],
    [
      "the list still holds the object",
      json(200, { items: [{ id: "t1" }] }),
      /the thing list \(GET \/things\) still shows it, so it is not gone/,
    ],
  ])("%s: not gone, an error that says why", async (_name, list, message) => {
    queue.push(json(404, NOT_FOUND), list);
    const err = await outcome(client().get("/things/t1"));
    expect(isNotFound(err)).toBe(false);
    expect(String((err as Error).message)).toMatch(message);
  });

  it("a path with no list to ask keeps the API's own answer", async () => {
    queue.push(json(404, NOT_FOUND));
    expect(isNotFound(await outcome(client().get("/requests/r1")))).toBe(true);
    expect(seen).toEqual(["GET /requests/r1"]);
  });
});

describe("an error answered by something in front of the API says so", () => {
  const page =
    (status: number, body: string): Answer =>
    (_q, r) => {
      r.writeHead(status, { "content-type": "text/html" });
      r.end(body);
    };

  it.each([401, 403, 502])("HTTP %i with an HTML page names the page, the URL and the setting; never gone", async (status) => {
    queue = [page(status, `<html><head><title>${status} Denied by proxy</title></head><body>x</body></html>`)];
    const err = await outcome(client().get("/things/t1"));
    expect(isNotFound(err)).toBe(false);
    expect(String(err.message)).toMatch(
      new RegExp(
        `HTTP ${status}: ${status} Denied by proxy; the answer is a web page, not the API's JSON: something in front of the API ` +
          `answered ${url.replace(/[.]/g, "\\.")}/things/t1 \\(a proxy, a load balancer or a login page\\); check x:endpoint`,
      ),
    );
  });

  it("the API's own JSON error gets no such remark", async () => {
    queue = [json(403, { errors: [{ code: "FORBIDDEN", detail: "no access" }] })];
    const err = await outcome(client().get("/things/t1"));
    expect(String(err.message)).toMatch(/HTTP 403 FORBIDDEN: no access$/);
  });
});
