// Account resolution (src/account.ts): how a resource's `account` overlays stack config,
// and what a change of it means for the object.
import { describe, expect, it } from "vitest";
import { accountConfig, accountChange, accountProblems, withoutAccount } from "../../src/account";
import { UNKNOWN } from "../../src/core/diff";
import { withEnv } from "../support/env";

const stack: Record<string, string> = {
  "scp:accessKey": "STACK-AK",
  "scp:secretKey": "STACK-SK",
  "scp:region": "kr-east1",
  "selectel:projectId": "p-stack",
};
const config = (key: string) => stack[key];
const A = { accessKey: "AK-A", secretKey: "SK-A", accountId: "acct-a" };

describe("accountConfig", () => {
  it("the account wins for its cloud's keys; what it leaves out is the stack's", () => {
    const read = accountConfig("scp:Cluster", config, { account: A });
    expect(read("scp:accessKey")).toBe("AK-A");
    expect(read("scp:accountId")).toBe("acct-a");
    expect(read("scp:region")).toBe("kr-east1");
    // Another cloud's keys are never touched.
    expect(read("selectel:projectId")).toBe("p-stack");
  });

  it("no account (or one not known yet): stack config as before", () => {
    expect(accountConfig("scp:Cluster", config, {})).toBe(config);
    expect(accountConfig("scp:Cluster", config, { account: UNKNOWN })).toBe(config);
  });
});

describe("accountChange", () => {
  const change = (olds: object, news: object, kind = "scp:Cluster") => accountChange(kind, config, olds, news);

  it("none on either side is no change (states written before accounts existed)", () => {
    expect(change({ name: "a" }, { name: "a" })).toBe("none");
  });

  it("the same account is no change; new keys or another endpoint for the same place is an update", () => {
    expect(change({ account: A }, { account: { ...A } })).toBe("none");
    expect(change({ account: A }, { account: { ...A, secretKey: "SK-rotated" } })).toBe("update");
    expect(change({ account: A }, { account: { ...A, endpoint: "https://proxy.example/{service}" } })).toBe("update");
  });

  it("another account or region is a replace; the region spelled out as the stack's is the same place", () => {
    expect(change({ account: A }, { account: { ...A, accountId: "acct-b" } })).toBe("replace");
    expect(change({ account: A }, { account: { ...A, region: "kr-west1" } })).toBe("replace");
    expect(change({ account: A }, { account: { ...A, region: "kr-east1" } })).toBe("update");
  });

  it("from stack config to a account naming the same account is an update, to another a replace", async () => {
    await withEnv({ SCP_ACCOUNT_ID: "acct-a" }, async () => {
      expect(change({}, { account: A })).toBe("update");
      expect(change({}, { account: { ...A, accountId: "acct-b" } })).toBe("replace");
      expect(change({ account: A }, {})).toBe("update");
    });
  });

  it("Selectel: another project replaces; Avisi: another organisation replaces, a new token does not", () => {
    const s = { username: "u", password: "pw", accountId: "acc", projectId: "p1" };
    expect(change({ account: s }, { account: { ...s, password: "pw2" } }, "selectel:User")).toBe("update");
    expect(change({ account: s }, { account: { ...s, projectId: "p2" } }, "selectel:User")).toBe("replace");
    const a = { token: "acpat_1", organisation: "org" };
    expect(change({ account: a }, { account: { ...a, token: "acpat_2" } }, "acloud:ClusterUpgrade")).toBe("update");
    expect(change({ account: a }, { account: { ...a, organisation: "other" } }, "acloud:ClusterUpgrade")).toBe("replace");
  });

  it("not known yet (preview): unknown keys for a known place are an update; an unknown place plans a replace", () => {
    expect(change({ account: A }, { account: { ...A, secretKey: UNKNOWN } })).toBe("update");
    expect(change({ account: A }, { account: { ...A, secretKey: UNKNOWN, accountId: "acct-b" } })).toBe("replace");
    expect(change({ account: A }, { account: { ...A, accountId: UNKNOWN } })).toBe("replace");
    expect(change({ account: A }, { account: UNKNOWN })).toBe("replace");
  });
});

describe("accountProblems", () => {
  it("accepts a whole account and one not known yet", () => {
    expect(accountProblems("scp:Cluster", { account: A })).toEqual([]);
    expect(accountProblems("scp:Cluster", { account: { ...A, accessKey: UNKNOWN } })).toEqual([]);
  });

  it("refuses a setting of another cloud and a value that is not a string, quoting no secret", () => {
    const problems = accountProblems("acloud:ClusterUpgrade", { account: { token: 12345678, organisation: "org", projectId: "p" } });
    expect(problems).toEqual([
      { property: "account.projectId", reason: "is not a setting of the Avisi Cloud account (allowed: token, organisation, endpoint)" },
      { property: "account.token", reason: "must be a non-empty string" },
    ]);
  });
});

it("withoutAccount leaves other properties alone", () => {
  expect(withoutAccount({ a: 1, account: A })).toEqual({ a: 1 });
  const plain = { a: 1 };
  expect(withoutAccount(plain)).toBe(plain);
});

it("no kind has an input or output of its own named `account` (it would be taken for the account)", async () => {
  const runtime = await import("../../src/runtime");
  expect(runtime.kinds().filter((k) => runtime.kindMeta(k).inputs.includes("account"))).toEqual([]);
  const { readFileSync, readdirSync } = await import("node:fs");
  const path = await import("node:path");
  const join = (...parts: string[]) => path.join(...parts);
  const classes = ["src/scp", "src/selectel", "src/acloud"].flatMap((d) =>
    readdirSync(join(__dirname, "../..", d))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(__dirname, "../..", d, f)),
  );
  expect(classes.filter((f) => /declare readonly account\b|"account"/.test(readFileSync(f, "utf8")))).toEqual([]);
});
