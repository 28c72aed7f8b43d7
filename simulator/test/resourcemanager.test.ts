// The simulated Resource Manager's tag read (`GET /v1/tags/{srn}`), checked against the official
// SDK's openapi shape (TagShowListResponse) and the official provider's SRN format (docs/scp-tags.md),
// with a signer and SRNs written here, not the package's client.
import { describe, expect, it } from "vitest";
import type { Simulator } from "../src";
import { ScpClient, useManualSim } from "./helpers";

let sim: Simulator;
let api: ScpClient;
let tags: ScpClient;

useManualSim((s) => {
  ({ sim, api } = s);
  tags = new ScpClient(sim, `${sim.url}/scp/resourcemanager`, "resourcemanager 1.0");
});

const srn = (text: string) => encodeURIComponent(Buffer.from(text).toString("base64"));
const pgSrn = (c: { account_id: string; id: string }, env = "e", region = "kr-west1", type = "postgresql:postgresql") =>
  srn(`srn:${env}::${c.account_id}:${region}::${type}/${c.id}`);

async function untilTagged(path: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await tags.get(path);
    if (r.status !== 200 || r.body.content.tags.length > 0 || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe("Resource Manager: GET /v1/tags/{srn}", () => {
  it("answers the create body's tags in the TagShowListResponse shape (content.srn is the decoded SRN)", async () => {
    const c = await api.createRunning({
      name: "tagsread",
      instance_name_prefix: "tagsread",
      tags: [
        { key: "team", value: "db" },
        { key: "empty", value: null },
      ],
    });
    const r = await untilTagged(`/v1/tags/${pgSrn(c)}?size=20&page=0`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      content: {
        srn: `srn:e::${c.account_id}:kr-west1::postgresql:postgresql/${c.id}`,
        tags: [
          { key: "team", value: "db" },
          { key: "empty", value: null },
        ],
      },
      count: 2,
      page: 0,
      size: 20,
      sort: [],
    });
  });

  it("a cluster without tags answers 200 with none", async () => {
    const c = await api.createRunning({ name: "notags", instance_name_prefix: "notags" });
    const r = await tags.get(`/v1/tags/${pgSrn(c)}`);
    expect(r.status).toBe(200);
    expect(r.body.content.tags).toEqual([]);
  });

  it("is strict on the SRN: not base64, not an SRN, an unknown service type → 400 naming path.srn", async () => {
    const c = await api.createRunning({ name: "strictsrn", instance_name_prefix: "strictsrn" });
    for (const bad of ["not*base64", srn(`postgresql/${c.id}`), pgSrn(c, "e", "kr-west1", "postgresql:cluster")]) {
      const r = await tags.get(`/v1/tags/${bad}`);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].loc).toEqual(["path", "srn"]);
    }
  });

  it("a well-formed SRN naming no cluster here (unknown id, other account, region or environment) → 404 in the SCP envelope", async () => {
    const c = await api.createRunning({ name: "othersrn", instance_name_prefix: "othersrn" });
    for (const other of [
      pgSrn({ ...c, id: "0".repeat(32) }),
      pgSrn({ ...c, account_id: "f".repeat(32) }),
      pgSrn(c, "e", "kr-east1"),
      pgSrn(c, "s"),
    ]) {
      const r = await tags.get(`/v1/tags/${other}`);
      expect(r.status).toBe(404);
      expect(r.body.errors[0].code).toBe("NOT_FOUND");
    }
  });

  it("is signed and versioned like every SCP service", async () => {
    const c = await api.createRunning({ name: "signedsrn", instance_name_prefix: "signedsrn" });
    expect((await tags.get(`/v1/tags/${pgSrn(c)}`, { secretKey: "wrong" })).status).toBe(401);
    expect((await tags.get(`/v1/tags/${pgSrn(c)}`, { version: "postgresql 1.1" })).status).toBe(400);
  });
});

describe("Resource Manager: PUT /v1/tags/{srn}/{key}", () => {
  it("sets a tag's value (adding it when absent) and answers the object's tags as TagBaseResponse", async () => {
    const c = await api.createRunning({ name: "tagswrite", instance_name_prefix: "tagswrite", tags: [{ key: "team", value: "db" }] });
    const text = `srn:e::${c.account_id}:kr-west1::postgresql:postgresql/${c.id}`;
    const changed = await tags.put(`/v1/tags/${pgSrn(c)}/team`, { value: "payments" });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ content: { [text]: [{ key: "team", value: "payments" }] } });
    const added = await tags.put(`/v1/tags/${pgSrn(c)}/owner`, { value: "x" });
    expect(added.body.content[text]).toEqual([
      { key: "team", value: "payments" },
      { key: "owner", value: "x" },
    ]);
    const read = await untilTagged(`/v1/tags/${pgSrn(c)}`);
    expect(read.body.content.tags).toEqual(added.body.content[text]);
  });

  it("requires a string value and an SRN naming a cluster of the caller's account", async () => {
    const c = await api.createRunning({ name: "tagsbad", instance_name_prefix: "tagsbad" });
    const missing = await tags.put(`/v1/tags/${pgSrn(c)}/team`, {});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain("value");
    expect((await tags.put(`/v1/tags/${pgSrn(c)}/team`, { value: 3 })).status).toBe(400);
    expect((await tags.put(`/v1/tags/${pgSrn({ ...c, id: "0".repeat(32) })}/team`, { value: "x" })).status).toBe(404);
    expect((await tags.put(`/v1/tags/${pgSrn({ ...c, account_id: "other" })}/team`, { value: "x" })).status).toBe(404);
  });
});
