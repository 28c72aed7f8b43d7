// `npx pulumi-dbaas adopt <kind> <id>` end to end: objects of every adoptable kind are made in the
// simulator outside Pulumi (through the API, by the package's own definitions run in-process), the
// packed bin prints a declaration for each with the stack's config, the declarations go into one
// TypeScript program unchanged, and a single `pulumi up` takes them all over with no mutating call;
// the next preview finds nothing to do.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, create, kinds } from "../../src/runtime";
import { packedTarball } from "../support/pack";
import { PulumiProject, run } from "../support/pulumi";
import { configureScp, pointRuntimeAtSim } from "../support/scp";
import { configureSelectel } from "../support/selectel";
import { ACLOUD, SELECTEL, startSim, type Sim } from "../support/sim";
import { configureAcloud } from "../support/acloud";

let sim: Sim;
let project: PulumiProject;

/** Environment of the bin: no credential variables, so everything must come from the stack config. */
let cliEnv: NodeJS.ProcessEnv;

/** Made outside Pulumi: checked and created by the runtime in this process (the API, not a stack). */
async function seed(kind: string, inputs: Record<string, unknown>): Promise<string> {
  const checked = await check(kind, {}, inputs);
  expect(checked.failures).toEqual([]);
  return (await create(kind, checked.inputs)).id;
}

const SECRETS: Record<string, string> = {
  databasePassword: "Seed-passw0rd!",
  brokerSaslPassword: "Broker-passw0rd!",
  zookeeperSaslPassword: "Zookeeper-passw0rd!",
  password: "User-passw0rd!",
  accessKey: "obj-access-key-1",
  secretKey: "obj-secret-key-1",
};

const objects: { kind: string; id: string; inputs: Record<string, unknown> }[] = [];

async function make(kind: string, inputs: Record<string, unknown>) {
  const id = await seed(kind, inputs);
  objects.push({ kind, id, inputs });
  return id;
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 100 });
  pointRuntimeAtSim(sim, "adopt-codegen");
  Object.assign(process.env, {
    SELECTEL_USERNAME: SELECTEL.username,
    SELECTEL_PASSWORD: SELECTEL.password,
    SELECTEL_ACCOUNT_ID: SELECTEL.accountId,
    SELECTEL_PROJECT_ID: SELECTEL.projectId,
    SELECTEL_REGION: "ru-7",
    OS_AUTH_URL: sim.selectelAuthUrl,
    SELECTEL_DBAAS_ENDPOINT: sim.selectelEndpoint,
    ACLOUD_PERSONAL_ACCESS_TOKEN: ACLOUD.token,
    ACLOUD_ORGANISATION: ACLOUD.organisation,
    ACLOUD_API_ENDPOINT: sim.acloudEndpoint,
  });

  const [tarball] = await Promise.all([
    Promise.resolve(packedTarball()),
    (async () => {
      await Promise.all([
        make("scp:Cluster", {
          engine: "postgresql",
          name: "legacy",
          engineVersion: "16.4",
          subnetId: "subnet-a",
          serverType: "db1v2m4",
          instanceNamePrefix: "legacy",
          blockStorages: [
            { roleType: "DATA", sizeGb: 104 },
            { roleType: "ARCHIVE", sizeGb: 32 },
          ],
          allowedIps: ["10.0.0.0/24", "10.1.0.7"],
          maintenance: { dayOfWeek: "SUN", startTime: "03:00", durationHours: 1.5 },
          databaseName: "orders",
          databaseUserName: "app",
          databasePassword: SECRETS.databasePassword,
          databasePort: 5433,
          backup: { retentionDays: 14, startHour: 2, archiveFrequencyMinutes: 30 },
        }).then((source) =>
          Promise.all([
            make("scp:Replica", {
              sourceClusterId: source,
              name: "legacy-ro",
              serverType: "db1v2m4",
              blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
              allowedIps: ["10.0.0.0/24"],
            }),
            make("scp:LogExportConfig", {
              clusterId: source,
              logType: "slow",
              bucketName: "db-logs",
              accessKey: SECRETS.accessKey,
              secretKey: SECRETS.secretKey,
              schedule: { frequency: "WEEK", dayOfWeek: "SUN", hour: 2 },
            }),
          ]),
        ),
        make("scp:Cluster", {
          engine: "cachestore",
          name: "sessions",
          engineVersion: "7.2.4",
          subnetId: "subnet-a",
          serverType: "redis1v2m4",
          instanceNamePrefix: "sessions",
          blockStorages: [{ roleType: "DATA", sizeGb: 64 }],
          haEnabled: true,
          replicaCount: 1,
          databasePassword: SECRETS.databasePassword,
        }).then((cluster) => make("scp:BackupPolicy", { clusterId: cluster, engine: "cachestore", retentionDays: 10, startHour: 3 })),
        make("scp:Cluster", {
          engine: "eventstreams",
          name: "events",
          engineVersion: "3.7.1",
          subnetId: "subnet-a",
          serverType: "kafka1v2m4",
          instanceNamePrefix: "events",
          isCombined: true,
          brokerCount: 1,
          blockStorages: [{ sizeGb: 104 }],
          brokerSaslId: "kafka",
          brokerSaslPassword: SECRETS.brokerSaslPassword,
          zookeeperSaslId: "zookeeper",
          zookeeperSaslPassword: SECRETS.zookeeperSaslPassword,
        }),
        (async () => {
          const pg = await make("selectel:Cluster", {
            engine: "postgresql",
            version: "16",
            name: "pg-legacy",
            subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
            flavor: { vcpus: 2, ram: 4096, disk: 32 },
            config: { work_mem: 128 },
            firewall: ["10.0.0.5"],
          });
          const user = await make("selectel:User", { clusterId: pg, name: "app", password: SECRETS.password });
          const db = await make("selectel:Database", { clusterId: pg, name: "orders", ownerId: user });
          await make("selectel:Grant", { clusterId: pg, databaseId: db, userId: user });
          await make("selectel:Extension", { clusterId: pg, databaseId: db, name: "pgcrypto" });
          await make("selectel:BackupPolicy", { clusterId: pg, retentionDays: 21 });
          await make("selectel:LogExportConfig", { clusterId: pg, logGroup: "s/dbaas/pg-legacy" });
        })(),
        (async () => {
          const kafka = await make("selectel:Cluster", {
            engine: "kafka",
            version: "3.5",
            name: "events-legacy",
            subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
            flavor: { vcpus: 2, ram: 4096, disk: 64 },
          });
          const topic = await make("selectel:Topic", { clusterId: kafka, name: "orders", partitions: 3 });
          expect(topic).toBeTruthy();
          const producer = await make("selectel:User", { clusterId: kafka, name: "producer", password: SECRETS.password });
          await make("selectel:Acl", {
            clusterId: kafka,
            userId: producer,
            patternType: "prefixed",
            pattern: "ord",
            allowRead: false,
            allowWrite: true,
          });
        })(),
        make("acloud:ClusterUpgrade", {
          environmentSlug: "production",
          clusterSlug: "prod-k8s",
          version: "v1.35.5-u-ame.2",
          when: "maintenanceWindow",
          waitFor: "scheduled",
        }),
      ]);
    })(),
  ]);

  project = await PulumiProject.create("acloud-upgrade", tarball, { stack: "adopted" });
  for (const k of Object.keys(project.env)) if (/^(SCP|SELECTEL|OS|ACLOUD)_/.test(k)) delete project.env[k];
  cliEnv = { ...project.env };
  await configureScp(project, sim);
  await configureSelectel(project, sim);
  await configureAcloud(project, sim);
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

// The bin npm installed (what `npx pulumi-dbaas` resolves to); the usage errors go through `npx`
// itself, as the README writes the command, once npm's start-up has been paid for the loop below.
const bin = (args: string[]) =>
  run(join(project.dir, "node_modules/.bin/pulumi-dbaas"), args, { cwd: project.dir, env: cliEnv, timeoutMs: 120_000 });
const npx = (args: string[]) =>
  run("npx", ["--no-install", "pulumi-dbaas", ...args], { cwd: project.dir, env: cliEnv, timeoutMs: 120_000 });

/** `//   pulumi config set [--secret] <key> <property>` lines of a printed declaration. */
function asked(text: string) {
  return [...text.matchAll(/^\/\/ {3}pulumi config set( --secret)? (\S+) <(\w+)>$/gm)].map((m) => ({
    secret: !!m[1],
    key: m[2],
    property: m[3],
  }));
}

describe("npx pulumi-dbaas adopt, with the real pulumi CLI", { timeout: 900_000 }, () => {
  const printed: { kind: string; text: string }[] = [];

  it(
    "prints, for every kind, a declaration (with adopt where the kind has it) that passes check as " + "printed, without secret values",
    async () => {
      expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(kinds()));
      expect(objects.map((o) => o.kind).sort()).toEqual([
        "acloud:ClusterUpgrade",
        "scp:BackupPolicy",
        "scp:Cluster",
        "scp:Cluster",
        "scp:Cluster",
        "scp:LogExportConfig",
        "scp:Replica",
        "selectel:Acl",
        "selectel:BackupPolicy",
        "selectel:Cluster",
        "selectel:Cluster",
        "selectel:Database",
        "selectel:Extension",
        "selectel:Grant",
        "selectel:LogExportConfig",
        "selectel:Topic",
        "selectel:User",
        "selectel:User",
      ]);
      for (const o of objects) {
        const r = await bin(["adopt", o.kind, o.id]);
        expect(r.code, `${o.kind} ${o.id}\n${r.stderr}`).toBe(0);
        // BackupPolicies have no `adopt` input: their create finds them as declared and sends nothing.
        expect(r.stdout).toContain(
          o.kind.endsWith(":BackupPolicy") || o.kind === "selectel:LogExportConfig" ? `// ${o.id}: no \`adopt\` input` : `adopt: "${o.id}"`,
        );
        expect(r.stdout).toMatch(
          new RegExp(
            String.raw`^import \* as pulumi from "@pulumi\/pulumi";` +
              String.raw`\nimport \{ (scp|selectel|acloud) \} from "pulumi-dbaas";` +
              String.raw`\n\nconst config = new pulumi.Config\(\);\n`,
          ),
        );
        for (const secret of [...Object.values(SECRETS), "sim-secret-key", SELECTEL.password, ACLOUD.token]) {
          expect(r.stdout + r.stderr).not.toContain(secret);
        }
        printed.push({ kind: o.kind, text: r.stdout });
      }
      const pg = printed.find((p) => p.text.includes('engine: "postgresql"'))!.text;
      // The API's "0300" and "1.5" come back as the program writes them; defaults are left out.
      expect(pg).toContain('maintenance: { dayOfWeek: "SUN", startTime: "03:00", durationHours: 1.5 }');
      expect(pg).toContain("databasePort: 5433");
      expect(pg).not.toContain("timezone");
      expect(asked(pg).map((a) => [a.property, a.secret])).toEqual([
        ["instanceNamePrefix", false],
        ["databasePassword", true],
      ]);
      expect(pg).toContain('databasePassword: config.requireSecret("legacyDatabasePassword")');
      const es = printed.find((p) => p.text.includes('engine: "eventstreams"'))!.text;
      expect(
        asked(es)
          .map((a) => a.property)
          .sort(),
      ).toEqual(["brokerSaslId", "brokerSaslPassword", "instanceNamePrefix", "zookeeperSaslId", "zookeeperSaslPassword"]);
      const user = printed.find((p) => p.kind === "selectel:User" && p.text.includes('name: "app"'))!.text;
      expect(asked(user)).toEqual([{ secret: true, key: "appPassword", property: "password" }]);
    },
  );

  it("one pulumi up adopts every object with no mutating call, and the next preview shows no changes", async () => {
    // One program: the imports once, then every printed declaration as printed.
    const imports = new Set<string>();
    const statements: string[] = [];
    for (const p of printed) {
      const lines = p.text.split("\n");
      for (const l of lines.filter((l) => l.startsWith("import "))) imports.add(l);
      statements.push(
        lines
          .filter((l) => !l.startsWith("import ") && l !== "const config = new pulumi.Config();")
          .join("\n")
          .trim(),
      );
    }
    writeFileSync(
      join(project.dir, "index.ts"),
      `${[...imports].join("\n")}\n\nconst config = new pulumi.Config();\n\n${statements.join("\n\n")}\n`,
    );
    const values: Record<string, string> = { instanceNamePrefix: "", brokerSaslId: "kafka", zookeeperSaslId: "zookeeper", ...SECRETS };
    const plain: Record<string, string> = {};
    const secret: Record<string, string> = {};
    for (const p of printed) {
      const name = (/name: "([^"]+)"/.exec(p.text) ?? [])[1];
      for (const a of asked(p.text)) {
        const value =
          a.property === "instanceNamePrefix"
            ? (objects.find((o) => o.inputs.name === name)!.inputs.instanceNamePrefix as string)
            : values[a.property];
        (a.secret ? secret : plain)[a.key] = value;
      }
    }
    await project.configAll(plain, secret);
    await sim.clearRequests();
    const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toContain(`${objects.length + 1} created`); // and the stack itself
    // The Selectel token request is the only POST: no object was created, changed or deleted.
    expect((await sim.mutations()).filter((m) => m !== "POST /auth/tokens")).toEqual([]);
    const preview = await project.pulumi(["preview", "--expect-no-changes", "--diff"]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    // What the stack recorded is what the program declared (check of the state's inputs changes nothing).
    const state = JSON.parse(await project.exportState());
    const adopted = state.deployment.resources.filter((r: any) => String(r.type).startsWith("pulumi-nodejs:dynamic"));
    expect(adopted).toHaveLength(objects.length);
  });

  it("usage errors exit 2 (an unknown kind lists the kinds), a missing object exits 1", async () => {
    const unknown = await npx(["adopt", "scp:Database", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown resource kind scp:Database; kinds: scp:Cluster, scp:Replica");
    const region = await npx(["adopt", "scp:Cluster", "0123456789abcdef0123456789abcdef", "--region", "kr-east1"]);
    expect(region.code).toBe(2);
    expect(region.stderr).toContain("--region is only for scp:Replica");
    const missing = await npx(["adopt", "scp:Cluster", "0123456789abcdef0123456789abcdef"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("does not exist");
  });
});
