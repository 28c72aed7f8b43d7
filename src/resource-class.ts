// The base of every public resource class: wires the kind's singleton provider, declares the
// computed outputs, and marks secret outputs (Pulumi re-marks only inputs that were secret).

import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "./provider";

export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export abstract class DbaasResource extends pulumi.dynamic.Resource {
  protected constructor(
    kind: string, name: string, args: object, computed: readonly string[], secrets: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    const [module, type] = kind.split(":");
    const props: Record<string, unknown> = { ...args };
    for (const key of computed) if (!(key in props)) props[key] = undefined;
    super(providerFor(kind), name, props,
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] }, module, type);
  }
}
