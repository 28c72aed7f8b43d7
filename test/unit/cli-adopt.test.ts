// `pulumi-dbaas adopt`: TypeScript literals, argument parsing, stack config loading, and the
// declaration of each adoptable kind from a read result (what the definitions' reads return).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adoptionDifferences, checkInputs, variantOf } from "../../src/core/resource";
import { definitionOf, kinds } from "../../src/runtime";
import { parseArgs, UsageError } from "../../src/cli/args";
import { declaration, GenerationError } from "../../src/cli/codegen";
import { loadStackConfig } from "../../src/cli/config";
import { KINDS, resolveKind } from "../../src/cli/kinds";
import { Code, camel, literal } from "../../src/cli/literal";
import { kindOf } from "../../src/cli/adopt";

describe("TypeScript literals", () => {
  it("writes strings, numbers, booleans, null, arrays and objects as a program would", () => {
    expect(literal("03:00")).toBe('"03:00"');
    expect(literal('a "quoted"\nline')).toBe('"a \\"quoted\\"\\nline"');
    expect(literal(1.5)).toBe("1.5");
    expect(literal(-0)).toBe("0");
    expect(literal(false)).toBe("false");
    expect(literal(null)).toBe("null");
    expect(literal([])).toBe("[]");
    expect(literal({})).toBe("{}");
    expect(literal(["10.0.0.0/24"])).toBe('["10.0.0.0/24"]');
    expect(literal({ "max-connections": "100", work_mem: 128 })).toBe('{ "max-connections": "100", work_mem: 128 }');
    expect(() => literal(Number.NaN)).toThrow(/NaN/);
  });

  it("orders keys by the field table, leaves undefined out, and breaks long values over lines", () => {
    expect(literal({ b: 1, a: 2, c: undefined, d: 3 }, "", ["a", "b"])).toBe("{ a: 2, b: 1, d: 3 }");
    const long = literal({
      blockStorages: [
        { roleType: "DATA", sizeGb: 104, volumeType: "SSD" },
        { roleType: "ARCHIVE", sizeGb: 32, volumeType: "SSD" },
      ],
    });
    expect(long).toBe(
      [
        "{",
        "  blockStorages: [",
        '    { roleType: "DATA", sizeGb: 104, volumeType: "SSD" },',
        '    { roleType: "ARCHIVE", sizeGb: 32, volumeType: "SSD" },',
        "  ],",
        "}",
      ].join("\n"),
    );
    expect(literal({ password: new Code('config.requireSecret("p")') })).toBe('{ password: config.requireSecret("p") }');
  });

  it("makes camelCase config keys from a resource name and a property", () => {
    expect(camel("orders", "databasePassword")).toBe("ordersDatabasePassword");
    expect(camel("pg-legacy", "redisPassword")).toBe("pgLegacyRedisPassword");
    expect(camel("1st", "password")).toBe("x1stPassword");
  });
});

describe("arguments", () => {
  it("parses adopt with its options", () => {
    expect(parseArgs(["adopt", "scp:Cluster", "abc", "--name", "orders", "--stack=dev", "--declaration-only"])).toEqual({
      command: "adopt",
      kind: "scp:Cluster",
      id: "abc",
      name: "orders",
      stack: "dev",
      region: undefined,
      cwd: undefined,
      declarationOnly: true,
      noStackConfig: false,
    });
    expect(parseArgs([])).toEqual({ command: "help" });
    expect(parseArgs(["adopt", "--help"])).toEqual({ command: "help" });
  });

  it("refuses what it does not know, as usage errors", () => {
    expect(() => parseArgs(["import", "scp:Cluster", "x"])).toThrow(UsageError);
    expect(() => parseArgs(["adopt", "scp:Cluster"])).toThrow(/kind and an object id/);
    expect(() => parseArgs(["adopt", "scp:Cluster", "x", "--force"])).toThrow(/unknown option --force/);
    expect(() => parseArgs(["adopt", "scp:Cluster", "x", "--name"])).toThrow(/--name needs a value/);
    expect(() => parseArgs(["adopt", "scp:Cluster", "x", "--name", "a b"])).toThrow(/--name must be/);
    expect(() => kindOf("scp:Database")).toThrow(/unknown resource kind scp:Database; kinds: scp:Cluster, scp:Replica, /);
  });

  it("knows every kind the runtime registers, by any spelling", () => {
    expect(Object.keys(KINDS).sort()).toEqual(kinds().sort());
    expect(resolveKind("scp.Cluster")).toBe("scp:Cluster");
    expect(resolveKind("selectel/user")).toBe("selectel:User");
  });
});

describe("stack config", () => {
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), "adopt-config-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    return dir;
  };

  it("takes the provider keys of `pulumi config --json --show-secrets` of the chosen stack", () => {
    const calls: string[][] = [];
    const out = loadStackConfig(project(), "dev", (args) => {
      calls.push(args);
      return JSON.stringify({
        "scp:endpoint": { value: "http://x/{service}", secret: false },
        "scp:secretKey": { value: "s3cret", secret: true },
        "p:databasePassword": { value: "not a provider key", secret: true },
      });
    });
    expect(calls).toEqual([["config", "--json", "--show-secrets", "--stack", "dev"]]);
    expect(out.values).toEqual({ "scp:endpoint": "http://x/{service}", "scp:secretKey": "s3cret" });
  });

  it("falls back to the environment outside a project or without the pulumi CLI, but not when --stack was asked for", () => {
    const never = () => {
      throw new Error("not called");
    };
    expect(loadStackConfig(mkdtempSync(join(tmpdir(), "adopt-none-")), undefined, never).values).toEqual({});
    expect(() => loadStackConfig(mkdtempSync(join(tmpdir(), "adopt-none-")), "dev", never)).toThrow(/not a Pulumi project/);
    const enoent = () => {
      throw Object.assign(new Error("spawn pulumi ENOENT"), { code: "ENOENT" });
    };
    expect(loadStackConfig(project(), undefined, enoent).source).toMatch(/pulumi is not on PATH/);
    expect(() => loadStackConfig(project(), "dev", enoent)).toThrow(/not on PATH/);
  });
});

/** Read results as the definitions' reads return them (values the API never returns: "" or absent). */
const READS: Record<string, { id: string; inputs: Record<string, unknown>; outs?: Record<string, unknown> }> = {
  "scp:Cluster": {
    id: "0fdd87aab8cb46f59b7c1f81ed03fb3e",
    inputs: {
      engine: "postgresql",
      engineVersion: "16.4",
      name: "orders",
      subnetId: "subnet-a",
      serverType: "db1v2m4",
      instanceNamePrefix: "",
      blockStorages: [{ roleType: "DATA", sizeGb: 104, volumeType: "SSD" }],
      natEnabled: false,
      timezone: "Asia/Seoul",
      allowedIps: ["10.0.0.0/24"],
      maintenance: { dayOfWeek: "SUN", startTime: "03:00", durationHours: 1.5 },
      running: true,
      tags: {},
      haEnabled: false,
      databaseName: "orders",
      databaseUserName: "app",
      databasePassword: "",
      databasePort: 2866,
      databaseEncoding: "UTF-8",
      databaseLocale: "C",
      backup: { retentionDays: 7, startHour: 2, archiveFrequencyMinutes: 60 },
      parameters: {},
      auditLog: false,
    },
  },
  "scp:Replica": {
    id: "1fdd87aab8cb46f59b7c1f81ed03fb3e",
    inputs: {
      sourceClusterId: "0fdd87aab8cb46f59b7c1f81ed03fb3e",
      name: "orders-ro",
      serverType: "db1v2m4",
      blockStorages: [
        { roleType: "ARCHIVE", sizeGb: 32, volumeType: "SSD" },
        { roleType: "DATA", sizeGb: 104, volumeType: "SSD" },
      ],
      allowedIps: [],
      tags: {},
      promoted: false,
    },
  },
  "selectel:Cluster": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a",
    inputs: {
      engine: "redis",
      version: "7",
      name: "cache",
      subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
      nodeCount: 1,
      flavorId: "f-1",
      flavor: { vcpus: 2, ram: 4096, disk: 32 },
      config: { maxmemory: "128" },
      firewall: [],
      securityGroups: ["3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3b"],
      deletionProtection: false,
    },
  },
  "selectel:User": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3c",
    inputs: { clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", name: "app", password: "" },
  },
  "selectel:Database": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3d",
    inputs: {
      clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a",
      name: "orders",
      ownerId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3c",
      lcCollate: "C",
      lcCtype: "C",
    },
  },
  "selectel:Grant": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3e",
    inputs: {
      clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a",
      databaseId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3d",
      userId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3c",
    },
  },
  "selectel:Topic": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3f",
    inputs: { clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", name: "orders", partitions: 3 },
  },
  "selectel:Acl": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c40",
    inputs: {
      clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a",
      userId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3c",
      patternType: "all",
      allowRead: true,
      allowWrite: false,
    },
  },
  "selectel:Extension": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c41",
    inputs: {
      clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a",
      databaseId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3d",
      availableExtensionId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c42",
    },
  },
  "scp:BackupPolicy": {
    id: "0fdd87aab8cb46f59b7c1f81ed03fb3e/backups",
    inputs: { clusterId: "0fdd87aab8cb46f59b7c1f81ed03fb3e", engine: "cachestore", retentionDays: 10, startHour: 3 },
  },
  "scp:LogExportConfig": {
    id: "0fdd87aab8cb46f59b7c1f81ed03fb3e/slow",
    inputs: {
      clusterId: "0fdd87aab8cb46f59b7c1f81ed03fb3e",
      logType: "slow",
      bucketName: "db-logs",
      deleteOnExport: false,
      schedule: { frequency: "WEEK", hour: 2, dayOfWeek: "SUN" },
    },
  },
  "selectel:BackupPolicy": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a/backups",
    inputs: { clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", retentionDays: 14 },
  },
  "selectel:LogExportConfig": {
    id: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a/log-platform",
    inputs: { clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", logGroup: "s/dbaas/pg" },
  },
  "acloud:ClusterUpgrade": {
    id: "5e08fe67-1274-475d-bd0c-a65b03305000",
    inputs: { version: "v1.35.5-u-ame.2", when: "maintenanceWindow", waitFor: "scheduled", notBefore: "2026-12-01T00:00:00Z" },
    outs: { resolvedClusterIdentity: "5e08fe67-1274-475d-bd0c-a65b0330507f" },
  },
};

const generate = (kind: string, name?: string) => {
  const r = READS[kind];
  return declaration(kind, definitionOf(kind), KINDS[kind], r.id, { inputs: r.inputs, outs: r.outs ?? r.inputs }, { name });
};

/** The object literal of a printed declaration, with each config call replaced by a value `check` accepts. */
function declaredInputs(text: string, standIns: Record<string, string>): Record<string, unknown> {
  const body = text
    .slice(text.indexOf(", {") + 2, text.lastIndexOf(");"))
    .replace(/config\.require(?:Secret)?\("(\w+)"\)/g, (_m, key) => JSON.stringify(standIns[key]));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the printed literal is what this checks
  return new Function(`return (${body});`)();
}

describe("declarations from a read result", () => {
  it("covers every kind of the package", () => {
    expect(Object.keys(READS).sort()).toEqual(kinds().sort());
  });

  for (const kind of Object.keys(READS)) {
    it(`${kind}: passes check as printed and checks to what was read (adopt included)`, () => {
      const d = generate(kind);
      const standIns = Object.fromEntries(
        d.config.map((c) => [c.key, c.property === "instanceNamePrefix" ? "orders" : "Stand-in-passw0rd!"]),
      );
      const declared = declaredInputs(d.statement, standIns);
      // Settings have no `adopt` input: their create finds them as declared.
      expect(declared.adopt).toBe(kind.endsWith("BackupPolicy") || kind === "selectel:LogExportConfig" ? undefined : READS[kind].id);
      const def = variantOf(definitionOf(kind), declared)!;
      const checked = checkInputs(def, {}, declared);
      expect(checked.failures).toEqual([]);
      const read = KINDS[kind].shape?.({ ...READS[kind].inputs }, READS[kind].outs ?? {}) ?? READS[kind].inputs;
      for (const [k, v] of Object.entries(read)) {
        if (v === undefined || d.config.some((c) => c.property === k)) continue;
        expect(checked.inputs[k], k).toEqual(v);
      }
    });
  }

  it("scp:Cluster (PostgreSQL): defaults left out, API-only values asked for, the password as a secret, field-table order", () => {
    const d = generate("scp:Cluster", "legacy");
    expect(d.config).toEqual([
      { key: "legacyInstanceNamePrefix", property: "instanceNamePrefix", secret: false },
      { key: "legacyDatabasePassword", property: "databasePassword", secret: true },
    ]);
    expect(d.text).toBe(
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import { scp } from "pulumi-dbaas";',
        "",
        "const config = new pulumi.Config();",
        "",
        "// The API never returns these values: set them in the stack's config before `pulumi up`.",
        "//   pulumi config set legacyInstanceNamePrefix <instanceNamePrefix>",
        "//   pulumi config set --secret legacyDatabasePassword <databasePassword>",
        "// Not returned by the API, so left out: tags (adding it later is a change of the live object).",
        "// backup: managed by this resource as declared; remove the line when another resource owns it (one setting, one owner).",
        'new scp.Cluster("legacy", {',
        '  engine: "postgresql",',
        '  name: "orders",',
        '  subnetId: "subnet-a",',
        '  instanceNamePrefix: config.require("legacyInstanceNamePrefix"),',
        '  databaseName: "orders",',
        '  databaseUserName: "app",',
        '  engineVersion: "16.4",',
        '  serverType: "db1v2m4",',
        '  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],',
        '  allowedIps: ["10.0.0.0/24"],',
        '  maintenance: { dayOfWeek: "SUN", startTime: "03:00", durationHours: 1.5 },',
        "  backup: { retentionDays: 7, startHour: 2 },",
        '  databasePassword: config.requireSecret("legacyDatabasePassword"),',
        '  adopt: "0fdd87aab8cb46f59b7c1f81ed03fb3e",',
        "});",
        "",
      ].join("\n"),
    );
  });

  it("selectel:Cluster: one flavor spelling, the Redis password as a secret; selectel:User: the password", () => {
    const cluster = generate("selectel:Cluster");
    expect(cluster.statement).toContain('flavorId: "f-1"');
    expect(cluster.statement).not.toContain("flavor:");
    expect(cluster.config).toEqual([{ key: "cacheRedisPassword", property: "redisPassword", secret: true }]);
    const withBackups = declaration(
      "selectel:Cluster",
      definitionOf("selectel:Cluster"),
      KINDS["selectel:Cluster"],
      READS["selectel:Cluster"].id,
      { inputs: { ...READS["selectel:Cluster"].inputs, backupRetentionDays: 21 }, outs: {} },
    );
    expect(withBackups.statement).toContain(
      "// backupRetentionDays: managed by this resource as declared; remove the line when another resource owns it",
    );
    expect(withBackups.statement).toContain("backupRetentionDays: 21,");
    expect(generate("selectel:User").statement).toContain('password: config.requireSecret("appPassword")');
  });

  it("names objects without a name by their class and id; acloud: the cluster by identity when the API has no slugs", () => {
    expect(generate("selectel:Grant").statement).toMatch(/^new selectel\.Grant\("grant-3f1c9a4e", /m);
    const upgrade = generate("acloud:ClusterUpgrade").statement;
    expect(upgrade).toContain('clusterIdentity: "5e08fe67-1274-475d-bd0c-a65b0330507f"');
    expect(upgrade).toContain('waitFor: "scheduled"');
  });

  it("scp:Replica: the DATA disk first, whatever order the API lists the disks in", () => {
    expect(generate("scp:Replica").statement).toContain(
      'blockStorages: [{ roleType: "DATA", sizeGb: 104 }, { roleType: "ARCHIVE", sizeGb: 32 }],',
    );
  });

  it("scp:LogExportConfig: the object storage keys as secrets, adopt with the setting's id", () => {
    const d = generate("scp:LogExportConfig");
    expect(d.config).toEqual([
      { key: "logexportconfig0fdd87aaAccessKey", property: "accessKey", secret: true },
      { key: "logexportconfig0fdd87aaSecretKey", property: "secretKey", secret: true },
    ]);
    expect(d.statement).toContain('adopt: "0fdd87aab8cb46f59b7c1f81ed03fb3e/slow"');
  });

  it("a setting: no adopt, and a comment saying why none is needed", () => {
    const d = generate("selectel:BackupPolicy");
    expect(d.statement).toBe(
      [
        "// 3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a/backups: no `adopt` input; the create finds the setting as declared and sends nothing.",
        'new selectel.BackupPolicy("backuppolicy-3f1c9a4e", { clusterId: "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a", retentionDays: 14 });',
      ].join("\n"),
    );
  });

  it("refuses a live object this package's rules reject, naming the property", () => {
    const r = READS["selectel:Topic"];
    expect(() =>
      declaration("selectel:Topic", definitionOf("selectel:Topic"), KINDS["selectel:Topic"], r.id, {
        inputs: { ...r.inputs, partitions: 0 },
        outs: {},
      }),
    ).toThrow(GenerationError);
  });
});

describe("the adoption check", () => {
  const fields = [
    { key: "serverType", apply: { mutation: "serverType" } },
    { key: "backup", apply: { mutation: "backup" }, omittedIsUnmanaged: true },
  ] as const;

  it("does not compare a property left out when that means another resource owns it", () => {
    const live = { serverType: "db1v2m4", backup: { retentionDays: 7, startHour: 2 } };
    expect(adoptionDifferences(fields, live, { serverType: "db1v2m4" })).toEqual([]);
    expect(adoptionDifferences(fields, live, { serverType: "db1v2m4", backup: { retentionDays: 8, startHour: 2 } })).toEqual([
      'backup: live {"retentionDays":7,"startHour":2}, declared {"retentionDays":8,"startHour":2}',
    ]);
    expect(adoptionDifferences(fields, live, { serverType: "db1v4m8" })).toEqual(['serverType: live "db1v2m4", declared "db1v4m8"']);
  });
});
