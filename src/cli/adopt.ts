// `pulumi-dbaas adopt <kind> <id>`: reads the live object through the kind's own definition, with
// the context the provider would build from the same stack config (or environment), and returns the
// declaration that takes it over.

import { errorMessage } from "../core/errors";
import { redact } from "../core/redact";
import type { Context, Props } from "../core/resource";
import { setProgressSink } from "../core/wait";
import { configValue, configure, definitionOf, kinds } from "../runtime";
import type { AdoptArgs } from "./args";
import { UsageError } from "./args";
import { declaration, type Declaration } from "./codegen";
import { loadStackConfig } from "./config";
import { KINDS, resolveKind } from "./kinds";

export class NotFoundError extends Error {}

/** The kind named on the command line, or a usage error that lists every kind. */
export function kindOf(name: string): string {
  const kind = resolveKind(name);
  if (!kind || !kinds().includes(kind)) {
    throw new UsageError(`unknown resource kind ${name}; kinds: ${kinds().join(", ")}`);
  }
  return kind;
}

export async function adopt(args: AdoptArgs, stderr: (line: string) => void): Promise<Declaration> {
  const kind = kindOf(args.kind);
  const facts = KINDS[kind];

  const dir = args.cwd ?? process.cwd();
  const stack = args.noStackConfig ? { values: {}, source: "environment (--no-stack-config)" } : loadStackConfig(dir, args.stack);
  await configure({ get: (key) => stack.values[key] }); // registers the secrets for redaction, as the provider does
  stderr(`pulumi-dbaas: reading ${kind} ${args.id} with the settings of ${stack.source}`);
  const ctx: Context = {
    config: configValue,
    log: (line) => stderr(redact(line)),
    warn: (line) => stderr(redact(`warning: ${line}`)),
  };
  // Waits print progress lines; stdout carries only the program text.
  setProgressSink((line) => stderr(redact(line)));

  const def = definitionOf(kind);
  if (args.region !== undefined && kind !== "scp:Replica")
    throw new UsageError("--region is only for scp:Replica (a replica in another region)");
  const starts: Props[] = facts.previous?.({ region: args.region, id: args.id }) ?? [{}];
  for (const previous of starts) {
    const read = await def.read(ctx, args.id, previous);
    if (read) return declaration(kind, def, facts, args.id, read, { name: args.name });
  }
  const engines = kind === "scp:Cluster" ? Object.keys(def.variants?.of ?? {}) : starts.map((s) => s.engine).filter(Boolean);
  throw new NotFoundError(
    `${kind} ${args.id} does not exist (or is being deleted)${engines.length > 1 ? ` in any of: ${engines.join(", ")}` : ""}`,
  );
}

export const describeError = (err: unknown) => redact(errorMessage(err));
