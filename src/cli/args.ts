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

export interface PlanArgs {
  command: "plan";
  /** A file holding `pulumi preview --json` output, or "-" for stdin; undefined: run the preview. */
  input?: string;
  /** Arguments for `pulumi preview --json` when the command runs it (everything after `--`). */
  previewArgs: string[];
  /** Project directory for the preview it runs (default: the working directory). */
  cwd?: string;
}

export type Args = AdoptArgs | PlanArgs | { command: "help" };

export const USAGE =
  "usage: pulumi-dbaas adopt <kind> <id> [--name <resource name>] [--stack <stack>] [--region <region>] " +
  `[--cwd <dir>] [--declaration-only] [--no-stack-config]

Reads an existing object with the provider's credentials and endpoints (the current Pulumi stack's
config, else the SCP_*, SELECTEL_* / OS_*, ACLOUD_* environment variables) and prints a TypeScript
declaration with \`adopt\` that a program can take over without changing anything.

usage: pulumi-dbaas plan [--input <file> | -] [--cwd <dir>] [-- <pulumi preview arguments>]

Prints a markdown report of a preview for a pull request comment: per changed database resource,
each property's old → new value (secrets masked), the calls it will make, in place or replace,
the documented effect on availability and the expected duration. Reads \`pulumi preview --json\`
output from the file (\`-\`: stdin), or runs \`pulumi preview --json\` with the arguments after \`--\`.`;

const VALUE_FLAGS = new Set(["--name", "--stack", "--cwd", "--region"]);

function parsePlanArgs(argv: string[]): PlanArgs {
  const dashes = argv.indexOf("--");
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const previewArgs = dashes < 0 ? [] : argv.slice(dashes + 1);
  let input: string | undefined;
  let cwd: string | undefined;
  for (let i = 1; i < own.length; i++) {
    const a = own[i];
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (a === "-") input = "-";
    else if (flag === "--input" || flag === "--cwd") {
      const value = inline ?? own[++i];
      if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
      if (flag === "--input") input = value;
      else cwd = value;
    } else throw new UsageError(`plan: unexpected argument ${a} (pulumi preview arguments go after --)`);
  }
  if (input !== undefined && previewArgs.length > 0)
    throw new UsageError("plan: --input reads a preview; arguments after -- are for the preview it runs without one");
  return { command: "plan", input, previewArgs, cwd };
}

export function parseArgs(argv: string[]): Args {
  if (argv.includes("-h") || argv.includes("--help")) {
    const dashes = argv.indexOf("--");
    const help = argv.findIndex((a) => a === "-h" || a === "--help");
    if (dashes < 0 || help < dashes) return { command: "help" };
  }
  if (argv[0] === "plan") return parsePlanArgs(argv);
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
  if (command !== "adopt") throw new UsageError(`unknown command ${command} (commands: adopt, plan)`);
  if (kind === undefined || id === undefined) throw new UsageError("adopt needs a resource kind and an object id");
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  if (values.name !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(values.name)) {
    throw new UsageError("--name must be letters, digits, '_', '-' or '.'");
  }
  return {
    command: "adopt",
    kind,
    id,
    name: values.name,
    stack: values.stack,
    region: values.region,
    cwd: values.cwd,
    declarationOnly,
    noStackConfig,
  };
}
