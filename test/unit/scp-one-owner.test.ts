// One setting, one owner: a program that declares a cluster's `backup` and also gives that cluster
// an scp.BackupPolicy is refused while it runs (preview included), before any provider call.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    true,
    "organization",
  );
});

const cluster = (backup?: unknown) => ({
  engine: "postgresql" as const,
  name: "ledger",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "ledger",
  blockStorages: [{ roleType: "DATA" as const, sizeGb: 104 }],
  databaseName: "ledger",
  databaseUserName: "app",
  databasePassword: "Int-passw0rd",
  ...(backup ? { backup } : {}),
});

describe("scp.BackupPolicy and a cluster's own backup", () => {
  it("a policy for a cluster that declares backup throws, naming both and the way out", async () => {
    const { scp } = await import("../../src");
    const db = new scp.Cluster("db", cluster({ retentionDays: 7, startHour: 1 }) as any);
    expect(() => new scp.BackupPolicy("policy", { clusterId: db.id, retentionDays: 14, startHour: 3 })).toThrow(
      "scp.BackupPolicy policy: scp.Cluster db also declares `backup`. One setting, one owner: remove " +
        "`backup` from the cluster, or drop this policy",
    );
  });

  it("a policy for a cluster that leaves backup out is accepted", async () => {
    const { scp } = await import("../../src");
    const db = new scp.Cluster("db2", cluster() as any);
    expect(() => new scp.BackupPolicy("policy2", { clusterId: db.id, retentionDays: 14, startHour: 3 })).not.toThrow();
  });
});
