// No SCP request carries a deprecated 1.0 `Scp-Api-Version`: PostgreSQL and EventStreams 1.0 are
// unsupported from 2026-05-31. CacheStore's only documented version is 1.0 (seed 002), so
// `cachestore 1.0` is one 1.0 header allowed; the Resource Manager's (tags) is the other: the official
// provider allows only `scp-resourcemanager` v1.0. Every request of every service is captured by a
// localhost server, whichever path sends it (the resource's read and delete, the backup listing,
// a raw client).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { ScpClient } from "../../src/scp/client";
import { listBackupHistories } from "../../src/scp/cachestore/backups";
import { API_VERSIONS, type ScpApi } from "../../src/scp/consts";

const ID = "0123456789abcdef0123456789abcdef";
const seen: { service: string; version: string | undefined }[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ service: req.url!.split("/")[1], version: req.headers["scp-api-version"] as string | undefined });
    // The API's own not-found answer, confirmed by an empty cluster list: reads end "gone",
    // deletes are confirmed at once.
    const list = req.method === "GET" && /^\/[a-z]+\/v1\/clusters(\?|$)/.test(req.url!);
    res.writeHead(list ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(list ? { contents: [], count: 0 } : { errors: [{ code: "NOT_FOUND", detail: "no such cluster" }] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.SCP_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/{service}`;
  process.env.SCP_ACCESS_KEY = "test-access-key";
  process.env.SCP_SECRET_KEY = "test-secret-key";
  process.env.DBAAS_HTTP_RETRIES = "0";
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  for (const key of ["SCP_ENDPOINT", "SCP_ACCESS_KEY", "SCP_SECRET_KEY", "DBAAS_HTTP_RETRIES"]) delete process.env[key];
});

describe("Scp-Api-Version", () => {
  it("every service sends its current version; only cachestore's and the Resource Manager's documented 1.0 are a 1.0", async () => {
    for (const engine of ["postgresql", "cachestore", "eventstreams"]) {
      expect((await runtime.read("scp:Cluster", ID, { engine, name: "x" })).id).toBe("");
      await runtime.remove("scp:Cluster", ID, { engine, name: "x" });
    }
    await listBackupHistories(ID).catch(() => undefined);
    for (const service of Object.keys(API_VERSIONS) as ScpApi[]) {
      const api = ScpClient.for({ config: () => undefined, log: () => {}, warn: () => {} }, service);
      await api.http.get(`/v1/clusters/${ID}`).catch(() => undefined);
    }
    const services = new Set(seen.map((s) => s.service));
    expect([...services].sort()).toEqual(["cachestore", "eventstreams", "postgresql", "resourcemanager"]);
    for (const s of seen) {
      expect(s.version).toBe(`${s.service} ${API_VERSIONS[s.service as ScpApi]}`);
      if (s.version!.endsWith(" 1.0")) expect(["cachestore 1.0", "resourcemanager 1.0"]).toContain(s.version);
    }
    expect(API_VERSIONS).toEqual({ postgresql: "1.1", cachestore: "1.0", eventstreams: "1.1", resourcemanager: "1.0" });
  });
});
