// What a user gets from the registry. Two checks that need the npm registry (reachable on the
// development machines and in CI):
//   - `npm publish --dry-run` from the repository succeeds without a login and ships the built
//     package (every provider module, types, source maps and the sources they point at), LICENSE,
//     README.md, CHANGELOG.md and the reference and guides under docs/ (users read them offline:
//     docs/resources/*.md, docs/*.md, the chart), and nothing from test/, scripts/, tools/ or
//     examples/, nor the table generator, nor the generated API reference (docs/api/), nor the
//     simulator (its own workspace package, pulumi-dbaas-sim);
//   - the packed tarball, installed into a program that pins the oldest `@pulumi/pulumi` the peer
//     range admits, leaves exactly one copy of the SDK in node_modules (the dynamic provider host
//     and `pulumi.dynamic` must be the program's own), serializes a provider as a `require` of its
//     public subpath with that SDK, type-checks the example against that SDK's types and runs it
//     with the real pulumi CLI against the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { docs } from "../support/docs";
import { packedTarball } from "../support/pack";
import { PulumiProject } from "../support/pulumi";
import { configureSelectel } from "../support/selectel";
import { startSim, type Sim } from "../support/sim";

const exec = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const providerModules = readdirSync(join(ROOT, "src/providers"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.replace(/\.ts$/, ""));

/** Every `node_modules/@pulumi/pulumi` under a directory, nested ones included. */
function sdkCopies(dir: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
      for (const name of names) {
        const pkgDir = join(modules, name);
        if (name === "@pulumi/pulumi") found.push(pkgDir);
        walk(join(pkgDir, "node_modules"));
      }
    }
  };
  walk(join(dir, "node_modules"));
  return found;
}

describe("the published package", { timeout: 600_000 }, () => {
  let files: string[] = [];

  beforeAll(async () => {
    // No login: a dry run only builds and lists. `prepack` deletes dist and builds it again.
    const { stdout } = await exec("npm", ["publish", "--dry-run", "--json", "--loglevel=error"], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1" },
    });
    const report = JSON.parse(stdout.slice(stdout.indexOf("{")));
    files = (report[pkg.name] ?? report).files.map((f: { path: string }) => f.path);
  }, 600_000);

  it("npm publish --dry-run lists the built package, its documents and its licence", () => {
    for (const f of [
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "LICENSE",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/runtime.js",
      "dist/cli/index.js",
    ]) {
      expect(files, f).toContain(f);
    }
    expect(providerModules.length).toBeGreaterThan(10);
    for (const m of providerModules) expect(files, m).toContain(`dist/providers/${m}.js`);
  });

  it("ships nothing from the tests, scripts, tools, examples or the simulator, and neither the README table generator nor the class generator (npm run kinds)", () => {
    expect(files.filter((f) => /^(test|scripts|tools|examples|simulator|\.work|\.ci|node_modules)\//.test(f))).toEqual([]);
    // The simulator is the workspace package pulumi-dbaas-sim: no module of it, under any directory
    // (the guide docs/simulator.md, which says how to install it, is documentation, not code).
    expect(files.filter((f) => !f.endsWith(".md") && /(^|\/)simulator(\/|\.)/.test(f))).toEqual([]);
    expect(pkg.bin).toEqual({ "pulumi-dbaas": "dist/cli/index.js" });
    expect(Object.keys(pkg.exports).filter((k) => /sim/.test(k))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(core\/docs\.|gen\/)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".tgz"))).toEqual([]);
  });

  it("ships the reference and the guides under docs/ (read offline), not the generated API reference", () => {
    const pages = docs()
      .map((d) => d.path)
      .filter((p) => p.startsWith("docs/"));
    expect(pages).toContain("docs/resources/scp-cluster.md");
    for (const page of pages) expect(files, page).toContain(page);
    expect(files).toContain("docs/bench/P1.svg");
    expect(files.filter((f) => f.startsWith("docs/api/"))).toEqual([]);
  });

  it("ships a source map and a declaration map beside every module, pointing at shipped sources", () => {
    const js = files.filter((f) => f.startsWith("dist/") && f.endsWith(".js"));
    expect(js.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const f of js) {
      for (const map of [`${f}.map`, f.replace(/\.js$/, ".d.ts.map")]) {
        if (!files.includes(map)) {
          missing.push(map);
          continue;
        }
        const sources: string[] = JSON.parse(readFileSync(join(ROOT, map), "utf8")).sources;
        for (const s of sources) {
          const shipped = join(map, "..", s).replace(/\\/g, "/");
          if (!files.includes(shipped)) missing.push(`${map} → ${shipped}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("says where it lives, what it is for and what it needs", () => {
    expect(pkg.license).toBe("Apache-2.0");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    const web = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(pkg.homepage).toBe(`${web}#readme`);
    expect(pkg.bugs?.url).toBe(`${web}/issues`);
    expect(pkg.keywords).toContain("pulumi");
    expect(pkg.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
    expect(pkg.peerDependencies?.["@pulumi/pulumi"]).toMatch(/^\^3\.\d+\.\d+$/);
    expect(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8")).toContain(`## [${pkg.version}]`);
  });
});

describe("installed next to the oldest @pulumi/pulumi it supports", { timeout: 600_000 }, () => {
  const oldest = String(pkg.peerDependencies["@pulumi/pulumi"]).replace(/^\^/, "");
  let sim: Sim;
  let project: PulumiProject;

  beforeAll(async () => {
    sim = await startSim({ stepMs: 100 });
    // One install (the example's own, cache-friendly with --prefer-offline), with the SDK pinned
    // to the floor of the peer range instead of the example's newer one.
    project = await PulumiProject.create("selectel-postgresql", packedTarball(), {
      stack: "oldest-sdk",
      dependencies: { "@pulumi/pulumi": oldest },
    });
    await configureSelectel(project, sim);
    await project.config("userPassword", "Oldest-sdk-passw0rd", { secret: true });
  }, 900_000);

  afterAll(async () => {
    await sim?.close();
  });

  it("finds exactly one copy of the SDK: the program's own", () => {
    const copies = sdkCopies(project.dir);
    expect(copies).toEqual([join(project.dir, "node_modules/@pulumi/pulumi")]);
    expect(JSON.parse(readFileSync(join(copies[0], "package.json"), "utf8")).version).toBe(oldest);
  });

  it("serializes a provider as a require of its public subpath with that SDK", async () => {
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const provider = require("pulumi-dbaas/providers/scp-Cluster");
      pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })
        .then((s) => process.stdout.write(JSON.stringify({ text: s.text, version: require("@pulumi/pulumi/package.json").version })));
    `;
    const { stdout } = await exec(process.execPath, ["-e", script], { cwd: project.dir });
    const { text, version } = JSON.parse(stdout);
    expect(version).toBe(oldest);
    expect(text).toContain('require("pulumi-dbaas/providers/scp-Cluster")');
    expect(text).not.toContain("node_modules");
    expect(text.length).toBeLessThan(1024);
  });

  it("type-checks the example against that SDK's types", async () => {
    const tsc = join(project.dir, "node_modules/typescript/bin/tsc");
    const result = await exec(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], { cwd: project.dir }).then(
      () => "",
      (err: Error & { stdout?: string }) => err.stdout || String(err),
    );
    expect(result).toBe("");
  });

  it("runs on that SDK: up, a clean refresh and preview, destroy", async () => {
    await project.up();
    const outputs = await project.outputs();
    expect(outputs.status).toBe("ACTIVE");
    // A refresh right after up changes nothing, and neither does the preview after it.
    await project.ok(["refresh", "--yes", "--skip-preview"]);
    await project.ok(["preview", "--expect-no-changes"]);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect((await sim.selectelApi("GET", "/datastores")).datastores).toEqual([]);
  });
});
