// Connection resolution (src/connection.ts): how a resource's `connection` overlays stack config,
// and what a change of it means for the object.
import { describe, expect, it } from "vitest";
import { connectedConfig, connectionChange, connectionProblems, withoutConnection } from "../../src/connection";
import { UNKNOWN } from "../../src/core/diff";
import { withEnv } from "../support/env";

const stack: Record<string, string> = { "scp:accessKey": "STACK-AK", "scp:secretKey": "STACK-SK", "scp:region": "kr-east1", "selectel:projectId": "p-stack" };
const config = (key: string) => stack[key];
const A = { accessKey: "AK-A", secretKey: "SK-A", accountId: "acct-a" };

describe("connectedConfig", () => {
  it("the connection wins for its cloud's keys; what it leaves out is the stack's", () => {
    const read = connectedConfig("scp:Cluster", config, { connection: A });
    expect(read("scp:accessKey")).toBe("AK-A");
    expect(read("scp:accountId")).toBe("acct-a");
    expect(read("scp:region")).toBe("kr-east1");
    // Another cloud's keys are never touched.
    expect(read("selectel:projectId")).toBe("p-stack");
  });

  it("no connection (or one not known yet): stack config as before", () => {
    expect(connectedConfig("scp:Cluster", config, {})).toBe(config);
    expect(connectedConfig("scp:Cluster", config, { connection: UNKNOWN })).toBe(config);
  });
});

describe("connectionChange", () => {
  const change = (olds: object, news: object, kind = "scp:Cluster") => connectionChange(kind, config, olds, news);

  it("none on either side is no change (states written before connections existed)", () => {
    expect(change({ name: "a" }, { name: "a" })).toBe("none");
  });

  it("the same connection is no change; new keys or another endpoint for the same place is an update", () => {
    expect(change({ connection: A }, { connection: { ...A } })).toBe("none");
    expect(change({ connection: A }, { connection: { ...A, secretKey: "SK-rotated" } })).toBe("update");
    expect(change({ connection: A }, { connection: { ...A, endpoint: "https://proxy.example/{service}" } })).toBe("update");
  });

  it("another account or region is a replace; the region spelled out as the stack's is the same place", () => {
    expect(change({ connection: A }, { connection: { ...A, accountId: "acct-b" } })).toBe("replace");
    expect(change({ connection: A }, { connection: { ...A, region: "kr-west1" } })).toBe("replace");
    expect(change({ connection: A }, { connection: { ...A, region: "kr-east1" } })).toBe("update");
  });

  it("from stack config to a connection naming the same account is an update, to another a replace", async () => {
    await withEnv({ SCP_ACCOUNT_ID: "acct-a" }, async () => {
      expect(change({}, { connection: A })).toBe("update");
      expect(change({}, { connection: { ...A, accountId: "acct-b" } })).toBe("replace");
      expect(change({ connection: A }, {})).toBe("update");
    });
  });

  it("Selectel: another project replaces; Avisi: another organisation replaces, a new token does not", () => {
    const s = { username: "u", password: "pw", accountId: "acc", projectId: "p1" };
    expect(change({ connection: s }, { connection: { ...s, password: "pw2" } }, "selectel:User")).toBe("update");
    expect(change({ connection: s }, { connection: { ...s, projectId: "p2" } }, "selectel:User")).toBe("replace");
    const a = { token: "acpat_1", organisation: "org" };
    expect(change({ connection: a }, { connection: { ...a, token: "acpat_2" } }, "acloud:ClusterUpgrade")).toBe("update");
    expect(change({ connection: a }, { connection: { ...a, organisation: "other" } }, "acloud:ClusterUpgrade")).toBe("replace");
  });

  it("a connection not known yet (preview) counts as an update", () => {
    expect(change({ connection: A }, { connection: UNKNOWN })).toBe("update");
  });
});

describe("connectionProblems", () => {
  it("accepts a whole connection and one not known yet", () => {
    expect(connectionProblems("scp:Cluster", { connection: A })).toEqual([]);
    expect(connectionProblems("scp:Cluster", { connection: { ...A, accessKey: UNKNOWN } })).toEqual([]);
  });

  it("refuses a setting of another cloud and a value that is not a string, quoting no secret", () => {
    const problems = connectionProblems("acloud:ClusterUpgrade", { connection: { token: 12345678, organisation: "org", projectId: "p" } });
    expect(problems).toEqual([
      { property: "connection.projectId", reason: "is not a setting of the Avisi Cloud connection (allowed: token, organisation, endpoint)" },
      { property: "connection.token", reason: "must be a non-empty string" },
    ]);
  });
});

it("withoutConnection leaves other properties alone", () => {
  expect(withoutConnection({ a: 1, connection: A })).toEqual({ a: 1 });
  const plain = { a: 1 };
  expect(withoutConnection(plain)).toBe(plain);
});
