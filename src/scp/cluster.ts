// scp:Cluster: one kind, one provider module, one definition per engine. The dispatcher routes
// check, diff and update by the `engine` input (core `variants`), and create, read and delete by
// the `engine` in the inputs or the recorded outputs; a change of engine replaces the cluster.
// Each engine is a short spec on the kit (kit/engine.ts).

import { z } from "zod";
import { variantOf, type ResourceDefinition } from "../core/resource";
import { cachestoreDefinition } from "./cachestore/engine";
import { eventStreamsDefinition } from "./eventstreams/engine";
import { postgresqlDefinition } from "./postgresql/engine";

const engines: Record<string, ResourceDefinition<any, any>> = {
  postgresql: postgresqlDefinition,
  cachestore: cachestoreDefinition,
  eventstreams: eventStreamsDefinition,
};

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

export const clusterDefinition: ResourceDefinition<any, any> = {
  kind: "scp:Cluster",
  // Used only when `engine` names no engine: the failure names the property and the choices.
  schema: z.object({ engine: z.enum(names as [string, ...string[]], { message: `must be one of ${engineList}` }) }).passthrough(),
  fields: [],
  variants: { key: "engine", of: engines },
  create: (ctx, inputs) => engineOf(inputs).create(ctx, inputs),
  read: (ctx, id, previous, observed) => engineOf(previous).read(ctx, id, previous, observed),
  mutations: [],
  uniqueName: true,
  delete: (ctx, id, outs) => engineOf(outs).delete(ctx, id, outs),
};
