// The simulator's compiled CLI for tests that run it as a process, compiled once per test run as
// `npm run build` compiles it, but into a directory of its own: the package test's `npm pack`
// deletes and rebuilds dist/ while other files run.
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { oncePerRun } from "./once";

export const SIM_ROOT = resolve(__dirname, "..");

export function builtCli(): string {
  const out = oncePerRun(join(SIM_ROOT, ".work"), "cli", (scratch) => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.json", "--outDir", scratch], { cwd: SIM_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  });
  return join(out, "cli.js");
}
