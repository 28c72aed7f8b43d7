// A user's database password never appears in an error, even when the API echoes it back: here a
// scripted SCP endpoint answers the create with a 400 that quotes the password it was sent.
import { createServer } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as runtime from "../../src/runtime";

const PASSWORD = "Echo-passw0rd!";
let sent = "";
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/postgresql/v1/clusters") return json(200, { contents: [], count: 0 });
    if (req.method === "GET" && path === "/postgresql/v1/engine-versions") {
      return json(200, {
        contents: [
          {
            id: "e".repeat(32),
            name: "PostgreSQL Community 16.4",
            major_version: "16",
            software_version: "16.4",
            product_image_type: "PostgreSQL Community",
          },
        ],
      });
    }
    if (req.method === "GET" && path === "/postgresql/v1/server-types") return json(200, { contents: [{ name: "db1v2m4" }] });
    if (req.method === "POST" && path === "/postgresql/v1/clusters") {
      sent = body;
      const pw = JSON.parse(body).init_config_option.database_user_password;
      return json(400, {
        errors: [{ code: "INVALID_REQUEST", detail: `database_user_password ${pw} (${encodeURIComponent(pw)}) is too weak` }],
      });
    }
    json(500, { errors: [{ code: "UNEXPECTED", detail: `${req.method} ${path}` }] });
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  process.env.SCP_ENDPOINT = `http://127.0.0.1:${(server.address() as any).port}/{service}`;
  process.env.SCP_ACCESS_KEY = "unit-access-key";
  process.env.SCP_SECRET_KEY = "unit-secret-key";
  process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), "scp-redaction-"));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it("an API error quoting the password is redacted, raw and URL-encoded", async () => {
  const { inputs, failures } = await runtime.check(
    "scp:Cluster",
    {},
    {
      engine: "postgresql",
      name: "echo",
      engineVersion: "16.4",
      subnetId: "subnet-a",
      serverType: "db1v2m4",
      instanceNamePrefix: "echo",
      blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
      databaseName: "echo",
      databaseUserName: "app",
      databasePassword: PASSWORD,
    },
  );
  expect(failures).toEqual([]);
  const err: any = await runtime.create("scp:Cluster", inputs).catch((e) => e);
  expect(JSON.parse(sent).init_config_option.database_user_password).toBe(PASSWORD); // the API did get it
  expect(err.message).toContain("is too weak");
  expect(err.message).toContain("*** (***)");
  expect(err.message).not.toContain(PASSWORD);
  expect(err.message).not.toContain(encodeURIComponent(PASSWORD));
  expect(JSON.stringify(err.body ?? {})).not.toContain(PASSWORD);
});
