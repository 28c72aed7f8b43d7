// Builds and packs the package once per test run (keyed by the vitest main process), as a user
// would receive it from the registry. End-to-end tests install this tarball into the examples.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

export function packedTarball(): string {
  const out = join(ROOT, ".work", "pack");
  const stamp = join(out, "run-id");
  const runId = String(process.ppid);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === runId) {
    const existing = readdirSync(out).find((f) => f.endsWith(".tgz"));
    if (existing) return join(out, existing);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // `prepack` builds, as it does for anyone packing a fresh clone.
  execFileSync("npm", ["pack", "--silent", "--pack-destination", out], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const tarball = readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  writeFileSync(stamp, runId);
  return join(out, tarball);
}
