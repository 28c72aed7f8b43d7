// Builds and packs the package once per test run, as a user would receive it from the registry.
// End-to-end tests install this tarball into the examples.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { oncePerRun } from "../../simulator/test/once";

const ROOT = resolve(__dirname, "../..");

export function packedTarball(): string {
  const out = oncePerRun(join(ROOT, ".work", "pack"), "run", (scratch) => {
    // `prepack` builds, as it does for anyone packing a fresh clone.
    execFileSync("npm", ["pack", "--silent", "--pack-destination", scratch], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  });
  const tarball = readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack produced no tarball in ${out}`);
  return join(out, tarball);
}
