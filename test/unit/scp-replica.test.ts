// scp.Replica without any API: what check refuses, what diff calls an update or a replacement,
// the create bodies, and how another region's endpoint is derived.
import { describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { regionalContext, ScpClient } from "../../src/scp/client";
import { replicaBody } from "../../src/scp/postgresql/replica";
import { ReplicasCreateRequest, ReplicasOtherRegionCreateRequest } from "../../src/scp/postgresql/endpoints";
import { checkInputs, type Context } from "../../src/core/resource";

const KIND = "scp:Replica";
const SOURCE = "0fdd87aab8cb46f59b7c1f81ed03fb3e";
const base = { sourceClusterId: SOURCE, name: "orders-ro", serverType: "db1v2m4", blockStorages: [{ roleType: "DATA", sizeGb: 104 }] };

// The input rules only (the catalogue half of `check` reads the API: test/integration).
async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const r = checkInputs(runtime.definitionOf(KIND), olds, news);
  expect(r.failures).toEqual([]);
  return r.inputs;
}
const failures = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
  checkInputs(runtime.definitionOf(KIND), olds, news).failures;

describe("scp.Replica check", () => {
  it("fills defaults; natEnabled only for another region", async () => {
    expect(await checked(base)).toMatchObject({ allowedIps: [], tags: {}, promoted: false });
    expect(await checked(base)).not.toHaveProperty("natEnabled");
    expect(await checked({ ...base, region: "kr-east1", subnetId: "s" })).toMatchObject({ natEnabled: false });
  });

  it.each([
    ["a cluster-style name", { name: "Orders" }, "name"],
    ["a source that is not an id", { sourceClusterId: "orders" }, "sourceClusterId"],
    ["a subnet for a same-region replica", { subnetId: "s" }, "subnetId"],
    ["NAT for a same-region replica", { natEnabled: true }, "natEnabled"],
    ["another region without a subnet", { region: "kr-east1" }, "subnetId"],
    ["a region that is no host label", { region: "evil.example/x?", subnetId: "s" }, "region"],
    ["a first block storage that is not DATA", { blockStorages: [{ roleType: "ARCHIVE", sizeGb: 104 }] }, "blockStorages"],
    ["an unknown input", { engine: "postgresql" }, "engine"],
  ])("refuses %s", async (_what, patch, property) => {
    expect((await failures({ ...base, ...patch })).map((f) => f.property)).toContain(property);
  });

  it("refuses un-promoting, with the reason, and a block storage shrink", async () => {
    const olds = await checked({ ...base, promoted: true });
    expect(await failures({ ...base, promoted: false }, olds)).toEqual([
      {
        property: "promoted",
        reason: expect.stringContaining(
          "cannot go back to false: a promoted replica is a standalone cluster and cannot follow its source again",
        ),
      },
    ]);
    expect(await failures({ ...base, promoted: true }, olds)).toEqual([]);
    const grown = await checked({ ...base, blockStorages: [{ roleType: "DATA", sizeGb: 200 }] });
    expect((await failures(base, grown)).map((f) => f.property)).toEqual(["blockStorages[0].sizeGb"]);
  });
});

describe("scp.Replica diff", () => {
  it.each([
    ["serverType", { serverType: "db1v4m8" }, []],
    ["blockStorages grow", { blockStorages: [{ roleType: "DATA", sizeGb: 112 }] }, []],
    ["allowedIps", { allowedIps: ["10.0.0.0/24"] }, []],
    ["maintenance", { maintenance: { dayOfWeek: "SUN", startTime: "02:00", durationHours: 2 } }, []],
    ["promoted", { promoted: true }, []],
    ["sourceClusterId", { sourceClusterId: "1fdd87aab8cb46f59b7c1f81ed03fb3e" }, ["sourceClusterId"]],
    ["name", { name: "orders-ro2" }, ["name"]],
    ["region", { region: "kr-east1", subnetId: "s" }, ["region", "subnetId", "natEnabled"]],
    ["tags", { tags: { team: "db" } }, ["tags"]],
    ["blockStorages volume type", { blockStorages: [{ roleType: "DATA", sizeGb: 104, volumeType: "HDD" }] }, ["blockStorages"]],
  ])("%s", async (_what, patch, replaces) => {
    const olds = await checked(base);
    const news = await checked({ ...base, ...patch });
    const d = await runtime.diff(KIND, "id", olds, news);
    expect(d.changes).toBe(true);
    expect([...d.replaces].sort()).toEqual([...replaces].sort());
    // Names are unique: a replacement that keeps the name deletes first.
    if (replaces.length > 0) expect(d.deleteBeforeReplace).toBe(!replaces.includes("name"));
  });

  it("no change, no diff", async () => {
    const olds = await checked(base);
    expect((await runtime.diff(KIND, "id", olds, await checked(base))).changes).toBe(false);
  });
});

describe("scp.Replica create bodies", () => {
  it("same region: no region, subnet or NAT; other region: all three", async () => {
    const near = replicaBody((await checked(base)) as never);
    expect(ReplicasCreateRequest.parse(near)).toEqual(near);
    expect(near).toMatchObject({
      replica_count: 1,
      replicas: [{ name: "orders-ro", instance_groups: [{ role_type: "ACTIVE", instances: [{ role_type: "ACTIVE" }] }] }],
    });
    const far = replicaBody((await checked({ ...base, region: "kr-east1", subnetId: "s", natEnabled: true })) as never);
    expect(ReplicasOtherRegionCreateRequest.parse(far)).toMatchObject({ region: "kr-east1", subnet_id: "s", nat_enabled: true });
  });
});

describe("another region's endpoint", () => {
  const ctx = (config: Record<string, string>): Context => ({ config: (k) => config[k], log: () => {}, warn: () => {} });
  const keys = { "scp:accessKey": "a", "scp:secretKey": "b", "scp:region": "kr-west1" };
  const url = (c: Context) => ScpClient.for(c, "postgresql").http.baseUrl;

  it("is derived like the stack's own: the default host, or {region} in the override", () => {
    expect(url(regionalContext(ctx(keys), "kr-east1"))).toBe("https://postgresql.kr-east1.e.samsungsdscloud.com");
    const override = ctx({ ...keys, "scp:endpoint": "http://127.0.0.1:9/scp/{region}/{service}" });
    expect(url(override)).toBe("http://127.0.0.1:9/scp/kr-west1/postgresql");
    expect(url(regionalContext(override, "kr-east1"))).toBe("http://127.0.0.1:9/scp/kr-east1/postgresql");
    expect(regionalContext(override, "kr-east1")).toBe(regionalContext(override, "kr-east1"));
  });

  it("an override without {region} cannot reach another region: an error, not the home host", () => {
    const override = ctx({ ...keys, "scp:endpoint": "http://127.0.0.1:9/scp/{service}" });
    expect(() => regionalContext(override, "kr-east1")).toThrow(
      /has no \{region\} placeholder, so it cannot reach another region than kr-west1/,
    );
    expect(regionalContext(override, "kr-west1")).toBe(override);
    expect(regionalContext(override, undefined)).toBe(override);
  });
});
