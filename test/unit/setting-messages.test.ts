// Messages about provider settings: an endpoint with user info is refused without printing the
// password, and missing credentials say what to run (refresh and destroy use the configuration the
// last `up` recorded), with no stack trace in what the dynamic-provider host prints.
import { afterEach, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { scpSettings } from "../../src/scp/client";
import { selectelSettings } from "../../src/selectel/client";
import { acloudSettings } from "../../src/acloud/client";

const PASSWORD = "hunter2-not-for-logs";
const ctx = (config: Record<string, string>) => ({ config: (k: string) => config[k], log: () => {}, warn: () => {} });
const selectel = { "selectel:username": "u", "selectel:password": "p", "selectel:accountId": "1", "selectel:projectId": "p1" };
const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
};

const ENV = [
  "SCP_ACCESS_KEY",
  "SCP_SECRET_KEY",
  "SELECTEL_USERNAME",
  "SELECTEL_PASSWORD",
  "OS_USERNAME",
  "OS_PASSWORD",
  "ACLOUD_PERSONAL_ACCESS_TOKEN",
  "ACLOUD_ORGANISATION",
];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe("an endpoint setting with user info", () => {
  it.each([
    [
      "scp:endpoint",
      () =>
        scpSettings(
          ctx({ "scp:accessKey": "ak", "scp:secretKey": "sk", "scp:endpoint": `https://admin:${PASSWORD}@{service}.example.com` }),
        ),
    ],
    [
      "selectel:endpoint",
      () => selectelSettings(ctx({ ...selectel, "selectel:endpoint": `https://admin:${PASSWORD}@dbaas.example.com/v1` })),
    ],
    ["selectel:authUrl", () => selectelSettings(ctx({ ...selectel, "selectel:authUrl": `https://admin:${PASSWORD}@auth.example.com/v3` }))],
    [
      "acloud:endpoint",
      () =>
        acloudSettings(
          ctx({ "acloud:token": "acpat_x", "acloud:organisation": "org", "acloud:endpoint": `https://admin:${PASSWORD}@api.example.com` }),
        ),
    ],
  ])("%s is refused naming the key, never printing the password", (key, settings) => {
    const err = thrown(settings);
    expect(err.message.startsWith(key)).toBe(true);
    expect(err.message).toContain("***@");
    expect(err.message).not.toContain(PASSWORD);
    expect(err.message).not.toContain("admin:");
  });

  it("a token in the query is not printed either", () => {
    const err = thrown(() =>
      scpSettings(
        ctx({ "scp:accessKey": "ak", "scp:secretKey": "sk", "scp:endpoint": `https://{service}.example.com/?token=${PASSWORD}` }),
      ),
    );
    expect(err.message).not.toContain(PASSWORD);
  });
});

describe("missing credentials", () => {
  it.each([
    ["scp:Cluster", "SCP", /scp:accessKey \/ SCP_ACCESS_KEY/],
    ["selectel:Cluster", "Selectel", /selectel:username/],
    ["acloud:ClusterUpgrade", "Avisi Cloud", /acloud:token \/ ACLOUD_PERSONAL_ACCESS_TOKEN/],
  ])("%s: delete says how to make the command see keys just set, and the host prints no stack trace", async (kind, cloud, names) => {
    for (const k of ENV) delete process.env[k];
    process.env.ACLOUD_ORGANISATION = "org";
    const err: any = await runtime.remove(kind, "0123456789abcdef0123456789abcdef", { name: "orders" }).catch((e) => e);
    expect(err.message).toMatch(new RegExp(`^${cloud} credentials are missing`));
    expect(err.message).toMatch(names);
    expect(err.message).toContain(
      "run this command again with `--run-program` (it reads the current configuration), or run `pulumi up` once first",
    );
    // What sdk/nodejs/cmd/dynamic-provider prints for a failed delete or read: `${e}: ${e.stack}`.
    const printed = `${err}: ${err.stack}`;
    expect(printed).not.toMatch(/\n\s+at /);
    expect(printed).toContain(err.message);
  });
});
