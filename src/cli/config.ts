// The provider's configuration, as the CLI sees it: the Pulumi stack's config when run in a project
// directory (the same `scp:*`, `selectel:*`, `acloud:*` keys the provider reads), handed to the
// runtime's `configure`, so the clients fall back to the environment exactly as the provider does.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface StackConfig {
  values: Record<string, string>;
  /** Where they came from, for the user ("stack dev", or why none was read). */
  source: string;
}

const PROVIDER_NAMESPACES = ["scp:", "selectel:", "acloud:"];

/**
 * `pulumi config --json --show-secrets` of the stack (the current one unless `stack` is given), when
 * `dir` is a Pulumi project. The values stay in this process: they are never printed.
 */
export function loadStackConfig(dir: string, stack: string | undefined, run = runPulumi): StackConfig {
  const hasProject = existsSync(join(dir, "Pulumi.yaml")) || existsSync(join(dir, "Pulumi.yml"));
  if (!hasProject) {
    if (stack !== undefined) throw new StackConfigError(`--stack ${stack}: ${dir} is not a Pulumi project (no Pulumi.yaml)`);
    return { values: {}, source: "environment (no Pulumi.yaml here)" };
  }
  let text: string;
  try {
    text = run(["config", "--json", "--show-secrets", ...(stack ? ["--stack", stack] : [])], dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer | string };
    if (e.code === "ENOENT") {
      if (stack !== undefined) throw new StackConfigError(`--stack ${stack}: the pulumi CLI is not on PATH`);
      return { values: {}, source: "environment (pulumi is not on PATH)" };
    }
    const why = String(e.stderr ?? e.message)
      .trim()
      .split("\n")
      .pop();
    if (stack !== undefined) throw new StackConfigError(`pulumi config --stack ${stack} failed: ${why}`);
    return { values: {}, source: `environment (no stack config: ${why})` };
  }
  const parsed = JSON.parse(text) as Record<string, { value?: unknown; objectValue?: unknown }>;
  const values: Record<string, string> = {};
  for (const [key, entry] of Object.entries(parsed)) {
    if (!PROVIDER_NAMESPACES.some((n) => key.startsWith(n))) continue;
    const v = entry?.value ?? entry?.objectValue;
    if (v !== undefined && v !== null) values[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { values, source: stack ? `stack ${stack}` : "the current stack" };
}

export class StackConfigError extends Error {}

function runPulumi(args: string[], cwd: string): string {
  return execFileSync("pulumi", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 * 1024 * 1024 });
}
