// The package's declared requirements match what its dependencies really need: `engines.node` is
// the highest floor among the runtime dependencies' own `engines` (no stricter, no looser), and the
// SDK this repository builds and tests with lies inside the peer range users are offered.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as semver from "semver";

const ROOT = resolve(__dirname, "../..");
const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const pkg = read(join(ROOT, "package.json"));

describe("package metadata", () => {
  it("engines.node is exactly the highest floor the runtime dependencies declare", () => {
    const runtime = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
    const floors = runtime
      .map((name) => ({ name, range: read(join(ROOT, "node_modules", name, "package.json")).engines?.node as string | undefined }))
      .filter((d): d is { name: string; range: string } => Boolean(d.range))
      .map((d) => ({ ...d, floor: semver.minVersion(d.range)!.version }));
    expect(floors.length).toBeGreaterThan(0);
    const highest = floors.reduce((a, b) => (semver.compare(a.floor, b.floor) >= 0 ? a : b));
    expect(semver.minVersion(pkg.engines.node)!.version, `${highest.name} needs node ${highest.range}`).toBe(highest.floor);
  });

  it("builds and tests with an @pulumi/pulumi that the peer range admits", () => {
    const peer = pkg.peerDependencies["@pulumi/pulumi"];
    expect(peer).toMatch(/^\^3\.\d+\.\d+$/);
    const installed = read(join(ROOT, "node_modules/@pulumi/pulumi/package.json")).version;
    expect(semver.satisfies(installed, peer)).toBe(true);
    expect(semver.satisfies(pkg.devDependencies["@pulumi/pulumi"], peer)).toBe(true);
  });

  it("the examples pin an SDK inside the peer range", () => {
    for (const example of ["scp-postgresql", "scp-postgresql-ops", "selectel-kafka", "selectel-postgresql", "scp-cachestore"]) {
      const deps = read(join(ROOT, "examples", example, "package.json")).dependencies;
      expect(semver.satisfies(deps["@pulumi/pulumi"], pkg.peerDependencies["@pulumi/pulumi"]), example).toBe(true);
    }
  });

  it("the README states the same Node floor and peer range", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const node = semver.minVersion(pkg.engines.node)!.version.replace(/\.0$/, "");
    expect(readme).toContain(`Node ≥ ${node}`);
    expect(readme).toContain(`\`@pulumi/pulumi\` \`${pkg.peerDependencies["@pulumi/pulumi"]}\``);
  });
});
