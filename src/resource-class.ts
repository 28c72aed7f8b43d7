// The base of every public resource class: wires the kind's singleton provider, declares the
// computed outputs, stores credential inputs as secrets whatever the program passes, and gives the
// provider a stable owner key for the create journal.

import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "./provider";
import { autoNamed, definitionOf, secretInputKeys } from "./runtime";

export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export abstract class DbaasResource extends pulumi.dynamic.Resource {
  protected constructor(
    kind: string, name: string, args: object, computed: readonly string[], secrets: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    const [module, type] = kind.split(":");
    const props: Record<string, unknown> = { ...args };
    // A password passed as a plain string would otherwise sit in clear in the state's inputs.
    const secretInputs = secretInputKeys(kind);
    for (const key of secretInputs) if (props[key] !== undefined) props[key] = pulumi.secret(props[key] as pulumi.Input<unknown>);
    for (const key of computed) if (!(key in props)) props[key] = undefined;
    props.__owner = ownerKey(kind, name, opts?.parent);
    if (autoNamed(kind)) {
      // A `name` left out is made up by check from the logical name (core/autoname.ts); declaring
      // the key makes `resource.name` resolve to it. `__logicalName` is never stored (`__name` is
      // taken: every Pulumi resource object has one).
      if (!("name" in props)) props.name = undefined;
      props.__logicalName = name;
    }
    // `pulumi up --replace` never asks the provider's diff: the default must come from here.
    const deleteBeforeReplace = opts?.deleteBeforeReplace ?? (definitionOf(kind).uniqueName ? true : undefined);
    super(providerFor(kind), name, props, {
      ...opts,
      ...(deleteBeforeReplace !== undefined ? { deleteBeforeReplace } : {}),
      additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secrets, ...secretInputs])],
    }, module, type);
  }
}

/**
 * The resource's identity in the stack (organisation, project, stack, parent URN, kind, name),
 * hashed: the same on every run of this resource, different for any other resource or stack.
 */
function ownerKey(kind: string, name: string, parent: pulumi.Resource | undefined): pulumi.Input<string> {
  const base = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}/${kind}::${name}`;
  const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);
  return parent ? parent.urn.apply((urn) => hash(`${base}<${urn}`)) : hash(base);
}
