// The base of every public resource class: wires the kind's singleton provider, declares every
// output (each normalised input and the computed values), stores credential inputs as secrets
// whatever the program passes, gives the provider a stable owner key for the create journal, and
// serves the read-only `get` path and the per-kind `isInstance`.

import * as pulumi from "@pulumi/pulumi";
import { backendUrl, ownerKeys } from "./core/owner";
import { KIND_META, type KindMeta } from "./kinds-meta";
import { providerFor } from "./provider";

export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The type token Pulumi gives a dynamic resource of `kind` ("scp:Cluster"). */
export const typeToken = (kind: string): string => `pulumi-nodejs:dynamic/${kind}`;

/**
 * The output names of a kind: every input of its field table (of all its variants: a property
 * another engine has reads back undefined rather than being absent) and the computed ones. Each
 * becomes an Output property of the resource object, so an input the program left out still reads
 * back, with its default.
 */
export function outputKeys(kind: string): string[] {
  const meta = metaOf(kind);
  return [...new Set([...meta.inputs, ...meta.computed])];
}

/**
 * The kind's inputs, secrets and naming rules, from the table generated from the field tables
 * (src/kinds-meta.ts): a program declaring resources loads no schema code.
 */
function metaOf(kind: string): KindMeta {
  const meta = KIND_META[kind];
  if (!meta) throw new Error(`pulumi-dbaas: unknown resource kind ${kind}`);
  return meta;
}

/** True when `obj` is a resource object of `kind` (whichever copy of this package made it). */
export function isResourceOf(obj: unknown, kind: string): boolean {
  return obj !== null && typeof obj === "object" && (obj as { __pulumiType?: unknown }).__pulumiType === typeToken(kind);
}

export abstract class DbaasResource extends pulumi.dynamic.Resource {
  /**
   * @param args the program's inputs; left out (`undefined`) only by `get`, which sets `opts.id`.
   *   Secret inputs and computed outputs (a connection string) are the kind's (src/kinds-meta.ts).
   */
  protected constructor(kind: string, name: string, args: object | undefined, opts?: pulumi.CustomResourceOptions) {
    const [module, type] = kind.split(":");
    const props: Record<string, unknown> = { ...args };
    const meta = metaOf(kind);
    if (args && meta.ownsInputOf) refuseSecondOwner(kind, name, args, meta.ownsInputOf);
    const secretInputs = meta.secrets;
    const secrets = meta.secretOutputs;
    // A password passed as a plain string would otherwise sit in clear in the state's inputs.
    for (const key of secretInputs) if (props[key] !== undefined) props[key] = pulumi.secret(props[key] as pulumi.Input<unknown>);
    // An explicit account (src/account.ts): credentials, so one secret as a whole, in the inputs
    // and (additionalSecretOutputs) in the outputs refresh and destroy read it from.
    const withAccount = props.account !== undefined && props.account !== null;
    if (withAccount) props.account = pulumi.secret(props.account);
    // Pulumi makes an Output property only for keys present here; the values come from the provider.
    for (const key of outputKeys(kind)) if (!(key in props)) props[key] = undefined;
    // `opts.id` reads an existing object (`get`): nothing is created, so no create journal owner.
    if (opts?.id === undefined) {
      const keys = ownerKey(kind, name, opts?.parent);
      props.__owner = keys.apply((k) => k.owner);
      // Never stored: check uses it for an auto-name and drops it (core/resource.ts).
      if (meta.autoNamed) props.__nameSeed = keys.apply((k) => k.nameSeed);
      // A `name` left out is made up by check from the logical name (core/autoname.ts); the key is
      // declared above, so `resource.name` resolves to it. `__logicalName` is never stored
      // (`__name` is taken: every Pulumi resource object has one).
      if (meta.autoNamed) props.__logicalName = name;
    }
    // `pulumi up --replace` never asks the provider's diff: the default must come from here.
    const deleteBeforeReplace = opts?.id !== undefined ? undefined : (opts?.deleteBeforeReplace ?? (meta.uniqueName ? true : undefined));
    // The SDK wraps each output property in four promises that each record `new Error().stack`, only
    // for its promise-leak report; with a cluster's ~60 outputs those stack traces were 80 % of the
    // cost of declaring the resource (P2 in `npm run bench`). They are skipped while the SDK builds
    // the properties, unless the user debugs leaks (PULUMI_DEBUG_PROMISE_LEAKS).
    const stackTraceLimit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(
        providerFor(kind),
        name,
        props,
        {
          ...opts,
          ...(deleteBeforeReplace !== undefined ? { deleteBeforeReplace } : {}),
          additionalSecretOutputs: [
            ...new Set([...(opts?.additionalSecretOutputs ?? []), ...secrets, ...secretInputs, ...(withAccount ? ["account"] : [])]),
          ],
        },
        module,
        type,
      );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    if (args && SETTING_HOLDERS.has(kind)) declared.set(this.id, { kind, name, args: args as Record<string, unknown> });
  }
}

/**
 * Resources of this program by their `id` output: a setting given `cluster.id` finds out whether
 * that cluster also declares the setting (one setting, one owner) before anything runs.
 */
const declared = new WeakMap<object, { kind: string; name: string; args: Record<string, unknown> }>();

/** The kinds another kind may own an input of (scp:Cluster's `backup`): only these are remembered. */
const SETTING_HOLDERS = new Set(Object.values(KIND_META).flatMap((m) => (m.ownsInputOf ? [m.ownsInputOf.kind] : [])));

/** "scp:BackupPolicy" → "scp.BackupPolicy", as a program names the class. */
const className = (kind: string) => kind.replace(":", ".");

function refuseSecondOwner(kind: string, name: string, args: object, rule: NonNullable<KindMeta["ownsInputOf"]>): void {
  const owner = declared.get((args as Record<string, unknown>)[rule.by] as object);
  if (owner?.kind !== rule.kind || owner.args[rule.input] === undefined) return;
  const [, ownerType] = rule.kind.split(":");
  const self = kind
    .split(":")[1]
    .replace(/^.*(?=[A-Z][a-z]+$)/, "")
    .toLowerCase();
  throw new Error(
    `${className(kind)} ${name}: ${className(rule.kind)} ${owner.name} also declares \`${rule.input}\`. One setting, one owner: ` +
      `remove \`${rule.input}\` from the ${ownerType.toLowerCase()}, or drop this ${self}`,
  );
}

/**
 * The options of `get`: the object is read by `id` through the provider's read, on every
 * `pulumi up`, `preview` and `refresh`; Pulumi never changes or deletes it.
 */
export function readOptions(id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return { ...opts, id };
}

/**
 * The resource's identity in the stack (organisation, project, stack, parent URN, kind, name) and
 * the stack's backend, hashed (core/owner.ts): the same on every run of this resource, different
 * for any other resource, stack or backend.
 */
function ownerKey(kind: string, name: string, parent: pulumi.Resource | undefined): pulumi.Output<{ owner: string; nameSeed: string }> {
  const base = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}/${kind}::${name}`;
  const backend = backendUrl();
  return parent ? parent.urn.apply((urn) => ownerKeys(`${base}<${urn}`, backend)) : pulumi.output(ownerKeys(base, backend));
}
