#!/usr/bin/env node
// `pulumi-dbaas`: the package's command line. `adopt <kind> <id>` prints a TypeScript declaration
// that takes an existing object over (see README "Adoption"). Exit codes: 0 done, 1 the API or the
// stack config failed (the message says why), 2 a usage error (an unknown kind lists the kinds).

import { adopt, describeError } from "./adopt";
import { parseArgs, USAGE, UsageError } from "./args";

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
