// Command-line arguments of `pulumi-dbaas`. Usage errors exit 2 (see index.ts).

export class UsageError extends Error {}

export interface AdoptArgs {
  command: "adopt";
  kind: string;
  id: string;
  /** The Pulumi resource name (default: from the object's name). */
  name?: string;
  /** The stack whose config to read (default: the current stack of the project in `cwd`). */
  stack?: string;
  /** scp:Replica in another region than `scp:region`: that region (its endpoint is read). */
  region?: string;
  /** Project directory (default: the working directory). */
  cwd?: string;
  /** Print only the declaration (no imports, no `const config`), to add to a program that has them. */
  declarationOnly: boolean;
  /** Never read stack config: environment variables only. */
  noStackConfig: boolean;
}

export type Args = AdoptArgs | { command: "help" };

export const USAGE = `usage: pulumi-dbaas adopt <kind> <id> [--name <resource name>] [--stack <stack>] [--region <region>] [--cwd <dir>] [--declaration-only] [--no-stack-config]

Reads an existing object with the provider's credentials and endpoints (the current Pulumi stack's
config, else the SCP_*, SELECTEL_* / OS_*, ACLOUD_* environment variables) and prints a TypeScript
declaration with \`adopt\` that a program can take over without changing anything.`;

const VALUE_FLAGS = new Set(["--name", "--stack", "--cwd", "--region"]);

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const values: Record<string, string> = {};
  let declarationOnly = false;
  let noStackConfig = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") return { command: "help" };
    if (a === "--declaration-only") declarationOnly = true;
    else if (a === "--no-stack-config") noStackConfig = true;
    else if (a.startsWith("--")) {
      const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown option ${flag}`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
      values[flag.slice(2)] = value;
    } else positional.push(a);
  }
  const [command, kind, id, ...rest] = positional;
  if (command === undefined || command === "help") return { command: "help" };
  if (command !== "adopt") throw new UsageError(`unknown command ${command}`);
  if (kind === undefined || id === undefined) throw new UsageError("adopt needs a resource kind and an object id");
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  if (values.name !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(values.name)) {
    throw new UsageError("--name must be letters, digits, '_', '-' or '.'");
  }
  return { command: "adopt", kind, id, name: values.name, stack: values.stack, region: values.region, cwd: values.cwd, declarationOnly, noStackConfig };
}
