// One way to call an API (issue 17): the Selectel and Avisi clients send rows of their endpoint
// tables, never a path written by hand, and every endpoint a mutation or a lifecycle call names
// (what the README, the hover docs and `pulumi-dbaas plan` show) is a row of its cloud's table.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acloudEndpoints } from "../../src/acloud/endpoints";
import { assertNamedRows, callEndpoint, namedRows, type EndpointTable } from "../../src/core/endpoints";
import type { HttpClient } from "../../src/core/http";
import { definitionOf, kinds } from "../../src/runtime";
import { cachestoreEndpoints } from "../../src/scp/cachestore/endpoints";
import { eventStreamsEndpoints } from "../../src/scp/eventstreams/endpoints";
import { postgresqlEndpoints } from "../../src/scp/postgresql/endpoints";
import { SELECTEL, callSelectel, selectelEndpoints, selectelPath, selectelRow } from "../../src/selectel/endpoints";

const ROOT = join(__dirname, "../..");

/** The source of a file without its comments (a comment may name a path: that is documentation). */
function code(file: string): string {
  return readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/\s\/\/ .*$/gm, "");
}

describe("no hand-written path in the Selectel and Avisi clients", () => {
  for (const dir of ["src/selectel", "src/acloud"]) {
    it(`${dir}: every path string is in the endpoint table (endpoints.ts)`, () => {
      const files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(".ts") && f !== "endpoints.ts");
      expect(files.length).toBeGreaterThan(3);
      const found: string[] = [];
      for (const f of files) {
        // A string or template literal that starts with "/" and a path character: `/datastores/${id}`, "/flavors".
        for (const m of code(join(ROOT, dir, f)).matchAll(/[`"']\/[a-zA-Z{$][^`"']*[`"']/g)) found.push(`${f}: ${m[0]}`);
      }
      expect(found).toEqual([]);
    });
  }

  it("the scan sees a hand-written path (the check is not vacuous)", () => {
    const sample = 'const x = await api.http.get(`/datastores/${id}/firewall`); // GET /datastores\nconst y = "/flavors";';
    expect([...sample.matchAll(/[`"']\/[a-zA-Z{$][^`"']*[`"']/g)].map((m) => m[0])).toEqual(["`/datastores/${id}/firewall`", '"/flavors"']);
  });
});

// SCP settings pick their service's table by the cluster's engine at run time: their rows must be in one of them
// (a cluster's own rows are checked against its engine's table when the definition is built).
const TABLES: Record<string, EndpointTable> = {
  selectel: selectelEndpoints,
  acloud: acloudEndpoints,
  scp: { ...postgresqlEndpoints, ...cachestoreEndpoints, ...eventStreamsEndpoints },
};

describe("every endpoint a definition names is a row its client calls", () => {
  const named = kinds().filter((k) => k.split(":")[0] in TABLES);

  it("covers every kind", () => {
    expect(named).toEqual(kinds());
    expect(named).toEqual(
      expect.arrayContaining([
        "scp:Cluster",
        "scp:BackupPolicy",
        "selectel:Cluster",
        "selectel:User",
        "selectel:Acl",
        "selectel:LogExportConfig",
        "selectel:BackupPolicy",
        "acloud:ClusterUpgrade",
      ]),
    );
  });

  for (const kind of named) {
    it(`${kind}: mutations and lifecycle calls name rows of the table`, () => {
      const top = definitionOf(kind) as any;
      const table = TABLES[kind.split(":")[0]];
      for (const def of top.variants ? Object.values<any>(top.variants.of) : [top]) {
        const texts = [...def.mutations.map((m: { endpoint: string }) => m.endpoint), def.calls?.create, def.calls?.delete];
        expect(def.calls).toBeDefined();
        for (const text of texts) for (const key of namedRows(text)) expect(Object.keys(table)).toContain(key);
      }
    });
  }

  it("a definition naming a row the table does not have fails (the check every definition runs at load)", () => {
    const def = {
      kind: "selectel:Cluster",
      mutations: [{ name: "firewall", endpoint: "PUT /datastores/{id}/firewal", apply: async () => undefined }],
      calls: { create: "POST /datastores", delete: "DELETE /datastores/{id}" },
    };
    expect(() => assertNamedRows(SELECTEL, selectelEndpoints, def)).toThrow(
      /mutation firewall names PUT \/datastores\/\{id\}\/firewal, which is not in the Selectel endpoint table/,
    );
    expect(() =>
      assertNamedRows(SELECTEL, selectelEndpoints, {
        ...def,
        mutations: [],
        calls: { create: "POST /datastore", delete: "DELETE /datastores/{id}" },
      }),
    ).toThrow(/create names POST \/datastore,/);
    expect(() => selectelRow("PUT /datastores/{id}/nope" as any)).toThrow(/no Selectel endpoint PUT \/datastores\/\{id\}\/nope/);
  });
});

/** An HttpClient stand-in that records what would be sent. */
function recorder(answer: unknown) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const http = {
    send: async (method: string, path: string, opts: { body?: unknown; schema?: { parse(v: unknown): unknown } }) => {
      sent.push({ method, path, body: opts.body });
      return opts.schema ? opts.schema.parse(answer) : answer;
    },
  } as unknown as HttpClient;
  return { http, sent };
}

describe("a call sends its row", () => {
  it("ids are one encoded path segment", () => {
    expect(selectelPath("GET /users/{id}", { id: "../datastores?x=1#y" })).toBe("/users/..%2Fdatastores%3Fx%3D1%23y");
    expect(() => selectelPath("GET /users/{id}")).toThrow(/needs the path parameter id/);
  });

  it("a body the row does not accept is refused before anything is sent", async () => {
    const { http, sent } = recorder({ datastore: { id: "d", status: "PENDING_UPDATE" } });
    await expect(
      callSelectel(http, "PUT /datastores/{id}/firewall", { params: { id: "d" }, body: { firewall: { ips: "10.0.0.1" } } }),
    ).rejects.toThrow();
    await expect(callSelectel(http, "DELETE /datastores/{id}", { params: { id: "d" }, body: {} })).rejects.toThrow(/takes no body/);
    expect(sent).toEqual([]);
    await callSelectel(http, "PUT /datastores/{id}/firewall", { params: { id: "d" }, body: { firewall: { ips: ["10.0.0.1"] } } });
    expect(sent).toEqual([{ method: "PUT", path: "/datastores/d/firewall", body: { firewall: { ips: ["10.0.0.1"] } } }]);
  });

  it("a child's answer is parsed with its own schema", async () => {
    const { http } = recorder({
      acl: {
        id: "a",
        status: "ACTIVE",
        datastore_id: "d",
        user_id: "u",
        pattern_type: "literal",
        pattern: "t",
        allow_read: true,
        allow_write: false,
      },
    });
    const { acl } = (await callSelectel(http, "GET /acls/{id}", { params: { id: "a" } })) as { acl: Record<string, unknown> };
    expect(acl).toMatchObject({ id: "a", user_id: "u", pattern_type: "literal", allow_read: true, created_at: "" });
    const bad = recorder({ acl: { id: "a", status: "ACTIVE", datastore_id: "d" } });
    await expect(callEndpoint(SELECTEL, bad.http, selectelEndpoints, "GET /acls/{id}", { params: { id: "a" } })).rejects.toThrow();
  });
});
