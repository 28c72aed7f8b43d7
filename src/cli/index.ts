#!/usr/bin/env node
// `pulumi-dbaas`: the package's command line. `adopt <kind> <id>` prints a TypeScript declaration
// that takes an existing object over (see README "Adoption"); `plan` turns a preview into a
// markdown report for a pull request (docs/plan.md). Exit codes: 0 done, 1 the
// API, the stack config or the preview failed (the message says why), 2 a usage error.

import { adopt, describeError } from "./adopt";
import { parseArgs, USAGE, UsageError } from "./args";
import { planReport } from "./plan-command";

async function main(argv: string[]): Promise<number> {
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    stderr(`pulumi-dbaas: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (args.command === "plan") {
      process.stdout.write(await planReport(args, stderr));
      return 0;
    }
    const result = await adopt(args, stderr);
    process.stdout.write(args.declarationOnly ? `${result.statement}\n` : result.text);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      stderr(`pulumi-dbaas: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    stderr(`pulumi-dbaas: ${describeError(err)}`);
    return 1;
  }
}

// Exit once the output is flushed: the HTTP client's idle connections must not hold the process.
const exit = (code: number) => process.stdout.write("", () => process.exit(code));
main(process.argv.slice(2)).then(exit, (err) => {
  process.stderr.write(`pulumi-dbaas: ${describeError(err)}\n`);
  exit(1);
});
