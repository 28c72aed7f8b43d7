// How long a whole operation of a kind took (a create, a delete, one mutation with all its calls
// and waits), recorded as a learned duration (./durations, and the resource's own record, ./travel)
// under `opKey`: what `pulumi-dbaas plan` reports as the expected duration of a change.

import { learnKey, recordDuration } from "./durations";
import type { ResourceDefinition } from "./resource";
import { waitClock } from "./wait";

/** The learned-duration key of a whole operation: `op:scp:Cluster/postgresql:serverType`. */
export const opKey = (kind: string, variant: string | undefined, operation: string): string =>
  learnKey(`op:${kind}${variant ? `/${variant}` : ""}:${operation}`)!;

async function timed<T>(key: string, run: () => Promise<T>): Promise<T> {
  const start = waitClock().now();
  const value = await run();
  recordDuration(key, waitClock().now() - start);
  return value;
}

/**
 * The definition with its create, delete and mutations timed (variants each under their own key).
 * Only operations that succeed are recorded; an adoption creates nothing and is not.
 */
export function timedDefinition<D extends ResourceDefinition<any, any>>(def: D, variant?: string): D {
  // A dispatching definition (scp:Cluster) creates and deletes through the variant its props name.
  const key = (operation: string, props?: Record<string, unknown>) => {
    const named = def.variants ? props?.[def.variants.key] : undefined;
    return opKey(def.kind, variant ?? (typeof named === "string" ? named : undefined), operation);
  };
  return {
    ...def,
    create: (ctx, inputs) => (inputs?.adopt ? def.create(ctx, inputs) : timed(key("create", inputs), () => def.create(ctx, inputs))),
    delete: (ctx, id, outs) => timed(key("delete", outs), () => def.delete(ctx, id, outs)),
    mutations: def.mutations.map((m) => ({
      ...m,
      apply: (ctx, id, live, desired) => timed(key(m.name), () => m.apply(ctx, id, live, desired)),
    })),
    ...(def.variants
      ? {
          variants: {
            ...def.variants,
            of: Object.fromEntries(Object.entries(def.variants.of).map(([name, v]) => [name, timedDefinition(v, name)])),
          },
        }
      : {}),
  };
}
