// The simulator's compiled CLI (dist/cli.js) for tests that run it as a process. Built once per test
// run (keyed by the vitest main process), as `npm run build` builds it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const SIM_ROOT = resolve(__dirname, "..");

export function builtCli(): string {
  const cli = join(SIM_ROOT, "dist", "cli.js");
  const stamp = join(SIM_ROOT, ".work", "build-run-id");
  const runId = String(process.ppid);
  if (existsSync(cli) && existsSync(stamp) && readFileSync(stamp, "utf8") === runId) return cli;
  execFileSync("npm", ["run", "build", "--silent"], { cwd: SIM_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  mkdirSync(join(SIM_ROOT, ".work"), { recursive: true });
  writeFileSync(stamp, runId);
  return cli;
}
