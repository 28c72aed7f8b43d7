// Schema refusals as `check` shows them (core/input-issues.ts, the one formatter): each names the
// property, the value (never a secret's) and what is allowed.
import { describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { closest } from "../../src/core/input-issues";

const scp = {
  engine: "postgresql",
  name: "orders",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "orders",
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "Sup3r-secret-pw",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
};

const failures = async (kind: string, news: Record<string, unknown>) => (await runtime.check(kind, {}, news)).failures;

describe("check failures", () => {
  it("an unknown key is named, with the closest accepted key and the list of accepted keys", async () => {
    const [f] = await failures("scp:Cluster", { ...scp, serverTyp: "db1v2m4" });
    expect(f.property).toBe("serverTyp");
    expect(f.reason).toMatch(/^is not a known property \(did you mean "serverType"\?\); accepted: .*\bserverType\b/);
    expect(f.reason).toContain("databasePassword");
  });

  it("an unknown key inside an object lists that object's keys", async () => {
    const [f] = await failures("scp:Cluster", {
      ...scp,
      maintenance: { dayOfWeek: "MON", startTime: "03:00", durationHours: 1, duration: 2 },
    });
    expect(f).toEqual({
      property: "maintenance.duration",
      reason: expect.stringMatching(/did you mean "durationHours"\?\); accepted: dayOfWeek, startTime, durationHours$/),
    });
  });

  it("a parameter value of the wrong type says which types are allowed and shows the value", async () => {
    const [f] = await failures("scp:Cluster", { ...scp, parameters: { max_connections: [200] } });
    expect(f).toEqual({
      property: "parameters.max_connections",
      reason: "must be a string, a number or a boolean (true or false) (got [200])",
    });
  });

  it("an enum names its values; a wrong type names the type; a secret's value is never shown", async () => {
    const all = await failures("scp:Cluster", {
      ...scp,
      blockStorages: [{ roleType: "DATA", sizeGb: 104, volumeType: "NVME" }],
      natEnabled: "yes",
      databasePassword: 12345678,
    });
    expect(all).toContainEqual({
      property: "blockStorages.0.volumeType",
      reason: expect.stringMatching(/^must be one of "SSD".* \(got "NVME"\)$/),
    });
    expect(all).toContainEqual({ property: "natEnabled", reason: 'must be a boolean (true or false) (got "yes")' });
    const secret = all.find((f) => f.property === "databasePassword")!;
    expect(secret.reason).not.toContain("12345678");
  });

  it("a number or a boolean given as a string (as stack config reads them) says how to read it as one", async () => {
    const all = await failures("scp:Cluster", {
      ...scp,
      blockStorages: [{ roleType: "DATA", sizeGb: "104" }],
      databasePort: " 5432 ",
      auditLog: "true",
      natEnabled: "yes",
    });
    expect(all).toContainEqual({
      property: "blockStorages.0.sizeGb",
      reason: 'must be a number (got "104"): stack config values are strings, read it with config.requireNumber',
    });
    expect(all).toContainEqual({
      property: "databasePort",
      reason: 'must be a number (got " 5432 "): stack config values are strings, read it with config.requireNumber',
    });
    expect(all).toContainEqual({
      property: "auditLog",
      reason: 'must be a boolean (true or false) (got "true"): stack config values are strings, read it with config.requireBoolean',
    });
    // Not a number or a boolean in words: no such advice.
    expect(all).toContainEqual({ property: "natEnabled", reason: 'must be a boolean (true or false) (got "yes")' });
  });

  it("closest suggests only a near key", () => {
    expect(closest("nodeCont", ["nodeCount", "name"])).toBe("nodeCount");
    expect(closest("zzz", ["nodeCount", "name"])).toBeUndefined();
  });

  it("two swapped letters are one typo: verison → version, when → wehn", () => {
    const keys = ["clusterIdentity", "environmentSlug", "clusterSlug", "version", "when", "notBefore"];
    expect(closest("verison", keys)).toBe("version");
    expect(closest("wehn", keys)).toBe("when");
    expect(closest("vresoin", keys)).toBeUndefined();
  });
});
