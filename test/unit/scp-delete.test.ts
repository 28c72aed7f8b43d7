// Delete ends only on a read that confirms the cluster is gone. The simulator never answers a
// DELETE with the API's 404 for a cluster it still shows, so a scripted endpoint plays an API that
// does: the confirming read decides, and a cluster still alive is an error, never a success.
import { createServer } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";

const ID = "0fdd87aab8cb46f59b7c1f81ed03fb3e";
let alive = true;
/** The cluster disappears (deleted elsewhere) just as our DELETE arrives. */
let goneOnDelete = false;
let calls: string[] = [];
const notFound = { errors: [{ code: "NOT_FOUND", detail: `cluster ${ID} not found` }] };
const cluster = () => ({
  id: ID,
  name: "orders",
  service_state: "RUNNING",
  software_version: "16.4",
  subnet_id: "subnet-a",
  timezone: "Asia/Seoul",
  init_config_option: {
    database_name: "orders",
    database_port: 2866,
    database_user_name: "app",
    database_encoding: "UTF-8",
    database_locale: "C",
  },
  instance_groups: [],
});

const server = createServer((req, res) => {
  const path = (req.url ?? "").split("?")[0].replace(/^\/postgresql/, "");
  calls.push(`${req.method} ${path}`);
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  if (path === `/v1/clusters/${ID}`) {
    if (req.method === "DELETE") {
      if (goneOnDelete) alive = false;
      return json(404, notFound); // "no such cluster", whatever GET says
    }
    if (req.method === "GET") return alive ? json(200, cluster()) : json(404, notFound);
  }
  // A not-found answer is confirmed by the cluster list (core/http.ts): it shows the cluster while alive.
  if (path === "/v1/clusters" && req.method === "GET") {
    return json(200, {
      contents: alive ? [{ id: ID, name: "orders", service_state: "RUNNING", created_at: "2026-11-20T09:12:00" }] : [],
      count: alive ? 1 : 0,
    });
  }
  // Before a PostgreSQL cluster's DELETE: does it still have replicas? (none here)
  if (path === `/v1/clusters/${ID}/replicas` && req.method === "GET") return json(200, { contents: [], count: "0" });
  json(500, { errors: [{ code: "UNEXPECTED", detail: `${req.method} ${path}` }] });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  process.env.SCP_ENDPOINT = `http://127.0.0.1:${(server.address() as any).port}/{service}`;
  process.env.SCP_ACCESS_KEY = "unit-access-key";
  process.env.SCP_SECRET_KEY = "unit-secret-key";
  process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "10";
  process.env.DBAAS_HTTP_RETRIES = "0";
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  calls = [];
});

describe("scp.Cluster delete confirms with a read", () => {
  it("a DELETE answered 404 while the cluster still reads RUNNING is an error", async () => {
    alive = true;
    const err: any = await runtime.remove("scp:Cluster", ID, { name: "orders" }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    // The cluster list still shows it: the DELETE's not-found is not "gone".
    expect(err.message).toMatch(
      new RegExp(
        `DELETE /v1/clusters/${ID} failed: HTTP 404 NOT_FOUND.*the cluster list \\(GET /v1/clusters\\) still shows it, so it is not gone`,
      ),
    );
    expect(calls).toEqual([`GET /v1/clusters/${ID}/replicas`, `GET /v1/clusters/${ID}`, `DELETE /v1/clusters/${ID}`, "GET /v1/clusters"]);
  });

  it("a DELETE answered 404 for a cluster the read then does not find either is a success", async () => {
    alive = true;
    goneOnDelete = true;
    await runtime.remove("scp:Cluster", ID, { name: "orders" });
    expect(calls).toEqual([
      `GET /v1/clusters/${ID}/replicas`,
      `GET /v1/clusters/${ID}`,
      `DELETE /v1/clusters/${ID}`,
      "GET /v1/clusters",
      `GET /v1/clusters/${ID}`,
      "GET /v1/clusters",
    ]);
  });
});
