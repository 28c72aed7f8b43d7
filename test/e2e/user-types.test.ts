// The packed tarball's declarations as a user's compiler reads them: a program that installs the
// package type-checks (`tsc --noEmit`, no skipLibCheck, so every `.d.ts` it reaches is checked)
// under
//   - the exact tsconfig of the `pulumi new typescript` template (pulumi/templates
//     typescript/tsconfig.json: module and moduleResolution "nodenext", the package.json has no
//     "type"), written out here rather than copied from an example: the examples add options;
//   - that template's tsconfig before it moved to nodenext (module "commonjs", moduleResolution
//     "node"): what existing programs have, and the one where zod's declarations, once reached,
//     fail with TS1259 (no esModuleInterop);
//   - a strict ESM program ("type": "module", module "nodenext", strict).
// One install serves the three: the ESM program sits in a sub-directory and resolves the parent's
// node_modules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { packedTarball } from "../support/pack";

const exec = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** pulumi/templates typescript/tsconfig.json, as `pulumi new typescript` writes it. */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** The same template before 2026-03 (pulumi/templates 81e6522): CommonJS with node resolution. */
const TEMPLATE_TSCONFIG_COMMONJS = {
  ...TEMPLATE_TSCONFIG,
  compilerOptions: { ...TEMPLATE_TSCONFIG.compilerOptions, module: "commonjs", moduleResolution: "node" },
};

const STRICT_ESM_TSCONFIG = {
  compilerOptions: { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", noEmit: true },
  files: ["index.ts"],
};

/** Uses every namespace, an Args union, nested inputs, named output types and the actions. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const pg = new dbaas.scp.Cluster("pg", {
  engine: "postgresql",
  engineVersion: "16.4",
  subnetId: "subnet-1",
  serverType: "db1v2m4",
  instanceNamePrefix: "pg",
  blockStorages: [{ roleType: "DATA", sizeGb: 16 }],
  maintenance: { dayOfWeek: "SUN", startTime: "03:00", durationHours: 1 },
  databaseName: "app",
  databaseUserName: "app",
  databasePassword: pulumi.secret("Passw0rd!"),
});
const groups: pulumi.Output<dbaas.scp.InstanceGroup[]> = pg.instanceGroups;
new dbaas.scp.Replica("replica", { sourceClusterId: pg.id, serverType: "db1v2m4", blockStorages: [{ roleType: "DATA", sizeGb: 16 }] });
const histories: Promise<dbaas.scp.BackupHistory[]> = dbaas.scp.listBackupHistories("0123", "postgresql");

const cluster = new dbaas.selectel.Cluster("sel", {
  engine: "postgresql", version: "16", subnetId: "subnet-1", flavor: { vcpus: 2, ram: 4096, disk: 32 },
});
const user = new dbaas.selectel.User("user", { clusterId: cluster.id, password: "Passw0rd-1" });
new dbaas.acloud.ClusterUpgrade("up", { clusterIdentity: "id", version: "v1.35.6-u-ame.4", when: "now" });

export const ids = [pg.id, cluster.id, user.id, groups];
export const found = histories.then((h) => h.length);
`;

async function tsc(cwd: string, tscPath: string): Promise<string> {
  return exec(process.execPath, [tscPath, "-p", "tsconfig.json", "--noEmit", "--pretty", "false"], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    () => "",
    (err: Error & { stdout?: string }) => err.stdout || String(err),
  );
}

describe("the installed package's declarations in a user's program", { timeout: 600_000 }, () => {
  let dir: string;
  let tscPath: string;

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), "dbaas-user-types-")), "program");
    mkdirSync(join(dir, "esm"), { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify(
        {
          name: "user-types",
          private: true,
          main: "index.ts",
          dependencies: { "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"], "pulumi-dbaas": `file:${packedTarball()}` },
          devDependencies: { "@types/node": pkg.devDependencies["@types/node"], typescript: pkg.devDependencies.typescript },
        },
        null,
        2,
      ),
    );
    writeFileSync(join(dir, "index.ts"), PROGRAM);
    writeFileSync(join(dir, "esm", "package.json"), JSON.stringify({ name: "user-types-esm", private: true, type: "module" }, null, 2));
    writeFileSync(join(dir, "esm", "index.ts"), PROGRAM);
    writeFileSync(join(dir, "esm", "tsconfig.json"), JSON.stringify(STRICT_ESM_TSCONFIG, null, 2));
    await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    tscPath = join(dir, "node_modules/typescript/bin/tsc");
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  it("type-checks with the tsconfig of `pulumi new typescript`", async () => {
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
    expect(await tsc(dir, tscPath)).toBe("");
  });

  it("type-checks with that template's earlier CommonJS tsconfig (no esModuleInterop, no skipLibCheck)", async () => {
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG_COMMONJS, null, 2));
    expect(await tsc(dir, tscPath)).toBe("");
  });

  it("type-checks as a strict ES module", async () => {
    expect(await tsc(join(dir, "esm"), tscPath)).toBe("");
  });
});
