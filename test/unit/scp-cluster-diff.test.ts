import { describe, expect, it } from "vitest";
import { checkInputs, diffResource } from "../../src/core/resource";
import { UNKNOWN } from "../../src/core/diff";
import { clusterDefinition } from "../../src/scp/cluster";

const valid = {
  engine: "postgresql",
  name: "orders",
  engineVersion: "16.8",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "orders",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "s3cretpassw0rd",
};

function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  return checkInputs(clusterDefinition, olds, news);
}

const base = checked(valid).inputs;

describe("scp.Cluster check", () => {
  it("fills defaults and normalises", () => {
    const { inputs, failures } = checked({ ...valid, allowedIps: ["10.0.0.5", "10.0.0.0/24", "10.0.0.5/32"] });
    expect(failures).toEqual([]);
    expect(inputs.allowedIps).toEqual(["10.0.0.0/24", "10.0.0.5/32"]);
    expect(inputs.databasePort).toBe(2866);
    expect(inputs.running).toBe(true);
    expect(inputs.blockStorages[0].volumeType).toBe("SSD");
  });

  it.each([
    ["name", { name: "orders-1" }, "3–20 letters"],
    ["blockStorages.0.sizeGb", { blockStorages: [{ roleType: "DATA", sizeGb: 100 }] }, "multiple of 8"],
    ["blockStorages.0.volumeType", { blockStorages: [{ roleType: "DATA", sizeGb: 104, volumeType: "NVME" }] }, "SSD"],
    ["allowedIps.0", { allowedIps: ["10.0.0.300"] }, "not an IPv4"],
    ["databasePort", { databasePort: 80 }, "1024 and 65535"],
    ["databaseUserName", { databaseUserName: "App" }, "lower-case"],
    ["databasePassword", { databasePassword: "short" }, "8–30"],
    ["maintenance.startTime", { maintenance: { dayOfWeek: "MON", startTime: "03:15", durationHours: 1 } }, "HH:MM"],
    ["maintenance.dayOfWeek", { maintenance: { dayOfWeek: "MONDAY", startTime: "03:00", durationHours: 1 } }, "MON"],
    ["backup.archiveFrequencyMinutes", { backup: { retentionDays: 7, startHour: 1, archiveFrequencyMinutes: 15 } }, "5, 10, 30, 60"],
    ["backup.retentionDays", { backup: { retentionDays: 40, startHour: 1 } }, "7 and 35"],
    ["engine", { engine: "mysql" }, "postgresql"],
    // Ids that would go into a URL path: refused in check, never spliced into a request line.
    ["adopt", { adopt: "../users/x" }, "32 hex"],
    ["adopt", { adopt: "0123456789abcdef0123456789abcdef#x" }, "32 hex"],
    ["adopt", { adopt: "0123456789abcdef0123456789abcdeg" }, "32 hex"],
    ["parameters.work mem", { parameters: { "work mem": 1 } }, "not a PostgreSQL parameter name"],
    ["parameters.../x", { parameters: { "../x": 1 } }, "not a PostgreSQL parameter name"],
  ])("rejects bad %s naming it and what is allowed", (property, patch, allowed) => {
    const { failures } = checked({ ...valid, ...patch });
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)!.reason).toContain(allowed);
  });

  it("rejects a shrinking block storage against the old inputs", () => {
    const { failures } = checked({ ...valid, blockStorages: [{ roleType: "DATA", sizeGb: 96 }] }, base);
    expect(failures).toEqual([{ property: "blockStorages[0].sizeGb", reason: expect.stringContaining("only grow") }]);
  });

  it("rejects a password change and a minor downgrade", () => {
    expect(checked({ ...valid, databasePassword: "another-passw0rd" }, base).failures[0].property).toBe("databasePassword");
    expect(checked({ ...valid, engineVersion: "16.4" }, base).failures[0].property).toBe("engineVersion");
  });

  it("a new password in a change that replaces the cluster is the new cluster's: the refusal's way out works", () => {
    const refused = checked({ ...valid, databasePassword: "another-passw0rd" }, base).failures[0].reason;
    expect(refused).toMatch(/together with a property that replaces the cluster \(e\.g\. instanceNamePrefix\)/);
    const replaced = checked({ ...valid, databasePassword: "another-passw0rd", instanceNamePrefix: "other" }, base);
    expect(replaced.failures).toEqual([]);
    expect(diffResource(clusterDefinition, base, replaced.inputs).replaces).toEqual(["instanceNamePrefix"]);
  });

  it("leaves unknown preview values unchecked", () => {
    const { inputs, failures } = checked({ ...valid, subnetId: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs.subnetId).toBe(UNKNOWN);
  });
});

describe("scp.Cluster diff table", () => {
  const diff = (patch: Record<string, unknown>) => {
    const next = checked({ ...valid, ...patch });
    expect(next.failures).toEqual([]);
    return diffResource(clusterDefinition, base, next.inputs);
  };

  it("no change → no diff, in both directions", () => {
    expect(diff({}).changes).toBe(false);
    expect(diffResource(clusterDefinition, checked(valid).inputs, base).changes).toBe(false);
  });

  it.each([
    ["name", { name: "billing" }],
    ["subnetId", { subnetId: "subnet-b" }],
    ["haEnabled", { haEnabled: true }],
    ["natEnabled", { natEnabled: true }],
    ["timezone", { timezone: "UTC" }],
    ["instanceNamePrefix", { instanceNamePrefix: "billing" }],
    ["databaseName", { databaseName: "billing" }],
    ["databaseUserName", { databaseUserName: "bill" }],
    ["databasePort", { databasePort: 5432 }],
    ["databaseEncoding", { databaseEncoding: "SQL_ASCII" }],
    ["databaseLocale", { databaseLocale: "en_US.UTF-8" }],
    ["tags", { tags: { team: "a" } }],
    ["engineVersion", { engineVersion: "17.2" }],
    ["blockStorages", { blockStorages: [{ roleType: "DATA", sizeGb: 104, volumeType: "HDD" }] }],
    [
      "blockStorages",
      { blockStorages: [{ roleType: "DATA", sizeGb: 104 }] },
      {
        blockStorages: [
          { roleType: "DATA", sizeGb: 104 },
          { roleType: "ARCHIVE", sizeGb: 56 },
        ],
      },
    ],
    [
      "blockStorages",
      {
        blockStorages: [
          { roleType: "DATA", sizeGb: 104 },
          { roleType: "ARCHIVE", sizeGb: 56 },
        ],
      },
      {
        blockStorages: [
          { roleType: "DATA", sizeGb: 104 },
          { roleType: "TEMP", sizeGb: 56 },
        ],
      },
    ],
  ])("%s replaces", (key, patch: Record<string, unknown>, from?: Record<string, unknown>) => {
    const d = from
      ? diffResource(clusterDefinition, checked({ ...valid, ...from }).inputs, checked({ ...valid, ...patch }).inputs)
      : diff(patch);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([key]);
  });

  it.each([
    ["serverType", { serverType: "db1v4m8" }],
    ["blockStorages", { blockStorages: [{ roleType: "DATA", sizeGb: 112 }] }],
    [
      "blockStorages",
      {
        blockStorages: [
          { roleType: "DATA", sizeGb: 104 },
          { roleType: "ARCHIVE", sizeGb: 56 },
        ],
      },
    ],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "192.168.1.1"] }],
    ["maintenance", { maintenance: { dayOfWeek: "SUN", startTime: "02:00", durationHours: 2 } }],
    ["parameters", { parameters: { max_connections: 200 } }],
    ["auditLog", { auditLog: true }],
    ["backup", { backup: { retentionDays: 14, startHour: 3 } }],
    ["running", { running: false }],
    ["engineVersion", { engineVersion: "16.9" }],
  ])("%s updates in place", (_key, patch) => {
    const d = diff(patch);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
  });

  it("an unknown value in a replace field is a replace", () => {
    expect(diffResource(clusterDefinition, base, { ...base, subnetId: UNKNOWN }).replaces).toEqual(["subnetId"]);
  });

  it("adopt never diffs", () => {
    expect(diff({ adopt: "0123456789abcdef0123456789abcdef" }).changes).toBe(false);
  });
});
