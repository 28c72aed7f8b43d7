// The public classes at run time, under Pulumi's mocks: every declared output is an Output property
// (also the inputs a program leaves out), `isInstance` knows its own kind only, and `get` registers
// a read of the id (no inputs, no create journal owner) that returns the class.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import * as dbaas from "../../src/index";
import { PUBLIC_CLASSES, declaredOutputs } from "../support/declarations";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  id?: string;
}
const registered: Registered[] = [];

// Before the describe blocks: they make the resources while the file is collected.
await pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id });
      return { id: args.id ?? `${args.name}-id`, state: args.inputs };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
  "organization",
);

const SCP_PG = {
  engine: "postgresql" as const,
  name: "orders",
  engineVersion: "16.4",
  subnetId: "subnet",
  serverType: "db1v2m4",
  instanceNamePrefix: "orders",
  blockStorages: [{ roleType: "DATA" as const, sizeGb: 104 }],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "Int-passw0rd",
};

/** One instance of every public class, made with its required inputs only. */
function oneOfEach(): Record<string, pulumi.CustomResource> {
  const cluster = "0123456789abcdef0123456789abcdef";
  return {
    "scp:Cluster": new dbaas.scp.Cluster("pg", SCP_PG),
    "scp:Replica": new dbaas.scp.Replica("ro", {
      sourceClusterId: cluster,
      name: "orders-ro",
      serverType: "db1v2m4",
      blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
    }),
    "scp:BackupPolicy": new dbaas.scp.BackupPolicy("bp", { clusterId: cluster, retentionDays: 7, startHour: 3 }),
    "scp:LogExportConfig": new dbaas.scp.LogExportConfig("le", {
      clusterId: cluster,
      logType: "slow",
      bucketName: "logs",
      accessKey: "a",
      secretKey: "s",
      schedule: { frequency: "DAY", hour: 1 },
    }),
    "selectel:Cluster": new dbaas.selectel.Cluster("sc", {
      engine: "postgresql",
      version: "16",
      name: "main",
      subnetId: "s",
      flavorId: "f",
    }),
    "selectel:User": new dbaas.selectel.User("su", { clusterId: "c", name: "app", password: "passw0rd!" }),
    "selectel:Database": new dbaas.selectel.Database("sd", { clusterId: "c", name: "orders" }),
    "selectel:Grant": new dbaas.selectel.Grant("sg", { clusterId: "c", databaseId: "d", userId: "u" }),
    "selectel:Topic": new dbaas.selectel.Topic("st", { clusterId: "c", name: "events", partitions: 1 }),
    "selectel:Acl": new dbaas.selectel.Acl("sa", { clusterId: "c", userId: "u", patternType: "all", allowRead: true }),
    "selectel:Extension": new dbaas.selectel.Extension("se", { clusterId: "c", databaseId: "d", name: "pg_trgm" }),
    "selectel:LogExportConfig": new dbaas.selectel.LogExportConfig("sl", { clusterId: "c", logGroup: "s/dbaas/g" }),
    "selectel:BackupPolicy": new dbaas.selectel.BackupPolicy("sb", { clusterId: "c", retentionDays: 7 }),
    "acloud:ClusterUpgrade": new dbaas.acloud.ClusterUpgrade("up", {
      clusterIdentity: "0b5a4a49-6a3e-4f5e-9d43-1f1d2a3b4c5d",
      version: "v1.35.6-u-ame.4",
      when: "now",
    }),
  };
}

describe("public classes", () => {
  const resources = oneOfEach();
  const classes: Record<string, { isInstance(o: unknown): boolean }> = {
    "scp:Cluster": dbaas.scp.Cluster,
    "scp:Replica": dbaas.scp.Replica,
    "scp:BackupPolicy": dbaas.scp.BackupPolicy,
    "scp:LogExportConfig": dbaas.scp.LogExportConfig,
    "selectel:Cluster": dbaas.selectel.Cluster,
    "selectel:User": dbaas.selectel.User,
    "selectel:Database": dbaas.selectel.Database,
    "selectel:Grant": dbaas.selectel.Grant,
    "selectel:Topic": dbaas.selectel.Topic,
    "selectel:Acl": dbaas.selectel.Acl,
    "selectel:Extension": dbaas.selectel.Extension,
    "selectel:LogExportConfig": dbaas.selectel.LogExportConfig,
    "selectel:BackupPolicy": dbaas.selectel.BackupPolicy,
    "acloud:ClusterUpgrade": dbaas.acloud.ClusterUpgrade,
  };

  it("isInstance is true for its own kind only", () => {
    expect(dbaas.scp.Cluster.isInstance(resources["selectel:User"])).toBe(false);
    expect(dbaas.scp.Cluster.isInstance(resources["scp:Cluster"])).toBe(true);
    for (const [kind, cls] of Object.entries(classes)) {
      for (const [other, resource] of Object.entries(resources))
        expect([kind, other, cls.isInstance(resource)]).toEqual([kind, other, kind === other]);
      expect(cls.isInstance(undefined)).toBe(false);
      expect(cls.isInstance({})).toBe(false);
    }
  });

  it.each(PUBLIC_CLASSES.map((c) => [c.kind, c] as const))(
    "%s: every declared output is an Output, inputs left out included",
    (kind, c) => {
      const resource = resources[kind] as unknown as Record<string, unknown>;
      const missing = declaredOutputs(c.file, c.className).filter((key) => !pulumi.Output.isInstance(resource[key]));
      expect(missing).toEqual([]);
    },
  );

  it("get reads by id: no inputs, no create-journal owner, and the object is of its class", async () => {
    const shared = dbaas.scp.Cluster.get("shared", "0123456789abcdef0123456789abcdef");
    expect(dbaas.scp.Cluster.isInstance(shared)).toBe(true);
    expect(pulumi.Output.isInstance(shared.endpoint)).toBe(true);
    const id = await new Promise((resolve) => shared.id.apply(resolve));
    expect(id).toBe("0123456789abcdef0123456789abcdef");
    const read = registered.find((r) => r.name === "shared")!;
    expect(read.id).toBe("0123456789abcdef0123456789abcdef");
    expect(Object.keys(read.inputs).filter((k) => k !== "__provider")).toEqual([]);
    // A managed resource carries its owner key; the read one does not.
    expect(registered.find((r) => r.name === "pg")!.inputs.__owner).toMatch(/^[0-9a-f]{32}$/);
  });
});
