// Every SCP call names its API version, and none names a 1.0 that stops being served after
// 2026-05-31 (PostgreSQL and EventStreams 1.0 are deprecated; CacheStore's current one is 1.0).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScpClient } from "../../src/scp/client";
import type { ScpService } from "../../src/scp/consts";

const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const server = createServer((req, res) => {
  seen.push({ url: req.url ?? "", headers: req.headers });
  res.writeHead(200, { "content-type": "application/json" }).end("{}");
});
let endpoint = "";

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/{service}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ctx = { config: (k: string) => ({ "scp:accessKey": "ak", "scp:secretKey": "sk-version", "scp:endpoint": endpoint } as Record<string, string>)[k], log: () => {}, warn: () => {} };

describe("Scp-Api-Version", () => {
  it.each([
    ["eventstreams", "eventstreams 1.1"],
    ["postgresql", "postgresql 1.1"],
    ["cachestore", "cachestore 1.0"],
  ] as [ScpService, string][])("%s calls send %s, on the service's own host path", async (service, version) => {
    seen.length = 0;
    await ScpClient.for(ctx, service).http.get("/v1/clusters");
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe(`/${service}/v1/clusters`);
    expect(seen[0].headers["scp-api-version"]).toBe(version);
  });

  it("no service whose 1.0 is deprecated sends 1.0", async () => {
    seen.length = 0;
    for (const service of ["eventstreams", "postgresql"] as const) await ScpClient.for(ctx, service).http.get("/v1/clusters");
    expect(seen.map((r) => r.headers["scp-api-version"])).not.toContainEqual(expect.stringMatching(/ 1\.0$/));
  });
});
