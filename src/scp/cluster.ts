// scp:Cluster: one kind, one provider module, one definition per engine. The dispatcher routes
// check, diff and update by the `engine` input (core `variants`), and create, read and delete by
// the `engine` in the inputs or the recorded outputs; a change of engine replaces the cluster.
// Each engine is a short spec on the kit (kit/engine.ts).

import { z } from "zod";
import type { NameRule } from "../core/autoname";
import { errorMessage } from "../core/errors";
import { variantOf, type Context, type ResourceDefinition } from "../core/resource";
import { cachestoreDefinition } from "./cachestore/engine";
import { eventStreamsDefinition } from "./eventstreams/engine";
import { postgresqlDefinition } from "./postgresql/engine";

/** Cluster names are 3–20 letters (kit/rows.ts): the logical name's letters, lower-cased, and a letter suffix. */
export const clusterNameRule: NameRule = { max: 20, chars: "a-z", separator: "", lowerCase: true };

// Each engine's definition with the cluster name rule: `name` is optional for every engine.
const engines: Record<string, ResourceDefinition<any, any>> = Object.fromEntries(
  Object.entries({ postgresql: postgresqlDefinition, cachestore: cachestoreDefinition, eventstreams: eventStreamsDefinition }).map(
    ([engine, def]) => [engine, { ...def, autoName: clusterNameRule }],
  ),
);

const names = Object.keys(engines);
const engineList = names.map((n) => `"${n}"`).join(", ");

/**
 * The definition of the engine named in recorded outputs (read, delete) or inputs (create). Props
 * without `engine` are PostgreSQL: scp:Cluster served no other engine before the kit, and the
 * engine calls read and delete with whatever a state holds.
 */
function engineOf(props: Record<string, unknown>): ResourceDefinition<any, any> {
  const def = variantOf(clusterDefinition, { ...props, engine: props.engine ?? "postgresql" });
  if (!def) throw new Error(`scp:Cluster: engine ${JSON.stringify(props.engine)} is not one of ${engineList}`);
  return def;
}

/** No recorded property at all: the object is read by id alone (`scp.Cluster.get`), engine unknown. */
const isIdAlone = (previous: Record<string, unknown>) => Object.values(previous ?? {}).every((v) => v === undefined);

/** Looks the id up in each engine's service in turn; a recorded state always names its engine (or is PostgreSQL). */
async function readAnyEngine(ctx: Context, id: string) {
  for (const def of Object.values(engines)) {
    const found = await def.read(ctx, id, {});
    if (found) return found;
  }
  return undefined;
}

export const clusterDefinition: ResourceDefinition<any, any> = {
  kind: "scp:Cluster",
  // Used only when `engine` names no engine: the failure names the property and the choices.
  schema: z.object({ engine: z.enum(names as [string, ...string[]], { message: `must be one of ${engineList}` }) }).passthrough(),
  fields: [],
  variants: { key: "engine", of: engines },
  create: async (ctx, inputs) => {
    try {
      return await engineOf(inputs).create(ctx, inputs);
    } catch (err) {
      // Each engine has its own service, which knows only its own clusters: an adopted id it does
      // not know may be another engine's cluster. Say which, rather than "does not exist".
      if (typeof inputs.adopt !== "string" || errorMessage(err) !== `adopt: cluster ${inputs.adopt} does not exist`) throw err;
      for (const [engine, def] of Object.entries(engines)) {
        if (engine === inputs.engine || !(await def.read(ctx, inputs.adopt, {}).catch(() => undefined))) continue;
        throw new Error(
          `adopt: cluster ${inputs.adopt} is a ${engine} cluster, not ${inputs.engine}: declare it with engine ` +
            `"${engine}" and that engine's properties`,
          { cause: err },
        );
      }
      throw err;
    }
  },
  read: (ctx, id, previous, observed) =>
    isIdAlone(previous) ? readAnyEngine(ctx, id) : engineOf(previous).read(ctx, id, previous, observed),
  mutations: [],
  uniqueName: true,
  delete: (ctx, id, outs) => engineOf(outs).delete(ctx, id, outs),
};
