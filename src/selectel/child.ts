// The shape shared by every object that lives inside a Selectel datastore (user, database, grant,
// extension, topic, ACL): POST /<collection> {<envelope>: …}, wait for ACTIVE, PUT to update,
// DELETE and wait for 404. Each resource file declares only its inputs, fields and mappings.

import { type z } from "zod";
import type { NameRule } from "../core/autoname";
import type { FieldSpec } from "../core/diff";
import { type InputError, errorMessage, isApiError, isNotFound } from "../core/errors";
import { createOnce, type CreateFlow } from "../core/create";
import { assertAdoptable, type Context, type Mutation, type Props, type ResourceDefinition } from "../core/resource";
import { GONE, waitFor } from "../core/wait";
import { SelectelClient, serialised } from "./client";
import { ACTIVE, FAILED } from "./consts";
import { SELECTEL, callSelectel, childRowsOf, selectelEndpoints, type ChildCollection, type ChildObjects } from "./endpoints";
import { assertNamedRows } from "../core/endpoints";

export interface ChildSpec<I extends Props & { clusterId: string; adopt?: string }, C extends ChildCollection> {
  kind: string;
  /** "users": its rows in the endpoint table (endpoints.ts) are the calls. */
  collection: C;
  /** "user" */
  envelope: string;
  schema: z.ZodType<I>;
  fields: FieldSpec[];
  validateChange?: (olds: I, news: I) => InputError[];
  /** The create body inside the envelope (may look things up, e.g. an extension's id). */
  createBody: (inputs: I, api: SelectelClient) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * Keys of the create body that identify the object within its datastore (a name, or the pair
   * a grant connects): a live object with the same values is the one this create would make.
   */
  identity: string[];
  /**
   * The API refuses two live objects of one name in a datastore (users, databases, topics): a
   * replacement that keeps the name deletes the old one first (core `uniqueName`).
   */
  uniqueName?: true;
  /** The API lets the user pick the name: left out, one is made up (core `autoName`). */
  autoName?: NameRule;
  /**
   * The API accepts two live objects of one identity (ACLs): racing creates are settled after the
   * POST (core/create.ts `duplicates`).
   */
  duplicatesAllowed?: true;
  /** The update body inside the envelope, when the object has an update endpoint. */
  updateBody?: (desired: I, live: I) => Record<string, unknown>;
  /** API object → inputs (values the API never returns come from `previous`). */
  fromApi: (obj: ChildObjects[C], previous: Partial<I>) => I;
  /** Extra outputs (e.g. a connection string). */
  outputs?: (obj: ChildObjects[C], inputs: I) => Record<string, unknown>;
  /** `check`'s catalogue rules (core `checkCatalog`): the look-ups `createBody` makes before the POST. */
  checkCatalog?: (api: SelectelClient, news: Partial<I>, olds: Partial<I>) => Promise<void>;
}

const CHILD_PENDING = ["PENDING_CREATE", "PENDING_UPDATE"];

export function childDefinition<I extends Props & { clusterId: string; adopt?: string }, C extends ChildCollection>(
  spec: ChildSpec<I, C>,
): ResourceDefinition<I, I & Props> {
  type Obj = ChildObjects[C];
  const rows = childRowsOf(spec.collection);
  const what = (i: Partial<I>, id?: string) =>
    `${spec.envelope} ${(i as any).name ?? id ?? ""} in cluster ${i.clusterId}`.replace("  ", " ");
  const get = async (api: SelectelClient, id: string): Promise<Obj> =>
    ((await callSelectel(api.http, rows.get, { params: { id } })) as Record<string, Obj>)[spec.envelope];
  const waitActive = (api: SelectelClient, id: string, label: string, operation: string) =>
    waitFor({
      resource: label,
      operation,
      poll: () => get(api, id),
      status: (o) => o.status,
      target: [ACTIVE],
      pending: CHILD_PENDING,
    });
  /** The child's own operation (not only its datastore's) must be over before the next call: the API answers 409 otherwise. */
  const waitSettled = (api: SelectelClient, id: string, label: string) =>
    waitFor({
      resource: label,
      operation: "delete",
      poll: () => get(api, id),
      status: (o) => o.status,
      target: [ACTIVE, "ERROR", GONE, "DELETED", "PENDING_DELETE"],
      pending: CHILD_PENDING,
    });
  const toOutputs = (obj: Obj, inputs: I): I & Props => ({ ...inputs, status: obj.status, ...(spec.outputs?.(obj, inputs) ?? {}) });

  async function read(ctx: Context, id: string, previous: Partial<I>) {
    const api = await SelectelClient.for(ctx);
    let obj: Obj;
    try {
      obj = await get(api, id);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    if (obj.status === "DELETED" || obj.status === "PENDING_DELETE") return undefined;
    const inputs = spec.fromApi(obj, previous);
    if (previous.adopt !== undefined) (inputs as Props).adopt = previous.adopt;
    for (const k of Object.keys(inputs)) if ((inputs as Props)[k] === undefined) delete (inputs as Props)[k];
    return { inputs, outs: toOutputs(obj, inputs) };
  }

  /**
   * One safe create (core/create.ts), as for clusters: the object is looked up by its identity
   * first, so a rerun after a lost answer or a kill takes over what this resource made (journal) or
   * stops with `adopt: "<id>"` instead of failing on a duplicate or leaving an unmanaged object.
   */
  const flow: CreateFlow<I, I & Props> = {
    what: (inputs) => what(inputs),
    async findByName(ctx, inputs) {
      const api = await SelectelClient.for(ctx);
      const body = await spec.createBody(inputs, api);
      const list = ((await callSelectel(api.http, rows.list, { query: { datastore_id: inputs.clusterId } })) as Record<string, Obj[]>)[
        spec.collection
      ];
      return list
        .filter((o) => o.datastore_id === inputs.clusterId && o.status !== "DELETED" && o.status !== "PENDING_DELETE")
        .filter((o) => spec.identity.every((k) => ((o as Record<string, unknown>)[k] ?? null) === (body[k] ?? null)))
        .map((o) => ({ id: o.id, state: o.status, createdAt: o.created_at || undefined }));
    },
    async submit(ctx, inputs) {
      const api = await SelectelClient.for(ctx);
      await api.waitDatastore(inputs.clusterId, `cluster ${inputs.clusterId}`, `before creating ${spec.envelope}`);
      const answer = (await callSelectel(api.http, rows.create, {
        body: { [spec.envelope]: await spec.createBody(inputs, api) },
      })) as Record<string, Obj>;
      const id = answer[spec.envelope].id;
      if (!id) throw new Error(`${rows.create} was accepted but answered without an id`);
      return id;
    },
    async finish(ctx, id, inputs) {
      const api = await SelectelClient.for(ctx);
      const r = await waitActive(api, id, what(inputs, id), "create");
      await api.waitDatastore(inputs.clusterId, `cluster ${inputs.clusterId}`, `after creating ${spec.envelope}`);
      return toOutputs(r.value!, { ...spec.fromApi(r.value!, inputs), ...pickIgnored(spec, inputs) });
    },
    provisional: (_id, inputs) => ({ ...inputs }),
    readOuts: async (ctx, id, inputs) => (await read(ctx, id, inputs))?.outs,
    // Inside the create's own `serialised` section already: delete without taking it again.
    ...(spec.duplicatesAllowed
      ? { duplicates: { discard: async (ctx: Context, id: string, inputs: I) => removeHeld(await SelectelClient.for(ctx), id, inputs) } }
      : {}),
  };

  async function create(ctx: Context, inputs: I) {
    if (inputs.adopt) {
      const live = await read(ctx, inputs.adopt, inputs);
      if (!live) throw new Error(`adopt: ${spec.envelope} ${inputs.adopt} does not exist`);
      assertAdoptable(`${spec.envelope} ${inputs.adopt}`, spec.fields, live.inputs, inputs, ["password"]);
      return { id: inputs.adopt, outs: live.outs };
    }
    return serialised(inputs.clusterId, () => createOnce(ctx, flow, inputs));
  }

  if (!spec.updateBody !== !rows.update)
    throw new Error(
      `pulumi-dbaas: ${spec.kind} has ` +
        `${spec.updateBody ? "an update body but no" : "no update body but a"} ` +
        `${rows.update ?? `PUT /${spec.collection}/{id}`} row`,
    );
  const mutations: Mutation<I, I & Props>[] =
    spec.updateBody && rows.update
      ? [
          {
            name: "update",
            endpoint: rows.update,
            apply: (ctx, id, live, desired) =>
              serialised(desired.clusterId, async () => {
                const api = await SelectelClient.for(ctx);
                await api.waitDatastore(desired.clusterId, `cluster ${desired.clusterId}`, `before updating ${spec.envelope}`);
                await waitActive(api, id, what(desired, id), "before update");
                await callSelectel(api.http, rows.update!, { params: { id }, body: { [spec.envelope]: spec.updateBody!(desired, live) } });
                await waitActive(api, id, what(desired, id), "update");
              }),
          },
        ]
      : [];

  /**
   * Waits out any operation of the datastore and of the child, deletes, and ends only when a read
   * confirms the child is gone. A DELETE answered with the API's 404 (e.g. the cluster's delete
   * cascaded) is confirmed by a GET; a 404 in any other shape is an error (client.ts).
   */
  async function remove(ctx: Context, id: string, outs: I & Props) {
    const api = await SelectelClient.for(ctx);
    await serialised(outs.clusterId, () => removeHeld(api, id, outs));
  }

  /** The delete, for a caller that holds the datastore's `serialised` section. */
  async function removeHeld(api: SelectelClient, id: string, outs: I & Props) {
    const label = what(outs, id);
    const cluster = await api.waitDeletable(outs.clusterId, `cluster ${outs.clusterId}`);
    const state = (await waitSettled(api, id, label)).state;
    if (state === GONE || state === "DELETED") return;
    if (state !== "PENDING_DELETE" && cluster !== GONE && cluster !== "DELETED" && cluster !== "PENDING_DELETE") {
      try {
        await callSelectel(api.http, rows.delete, { params: { id } });
      } catch (err) {
        if (isApiError(err, 409) && (FAILED as readonly string[]).includes(cluster)) {
          // Never report a delete that did not happen; say how the cluster's own delete removes it.
          throw new Error(
            `${errorMessage(err)}. ${label} cannot be deleted on its own while its cluster is ${cluster}; ` +
              `deleting the cluster removes it: \`pulumi state delete <urn of this ${spec.envelope}>\`, then ` +
              `destroy or replace the cluster`,
            { cause: err },
          );
        }
        // The API's 404, or the retry's 409 of a DELETE whose first answer was lost after it
        // applied: a read decides whether the delete is under way.
        const conflict = isApiError(err, 409);
        if (!isNotFound(err) && !conflict) throw err;
        const again = await get(api, id).catch((e) => {
          if (isNotFound(e)) return undefined;
          throw e;
        });
        if (!again || again.status === "DELETED") return;
        if (again.status !== "PENDING_DELETE") {
          if (conflict) throw err;
          throw new Error(`DELETE of ${label} answered 404, but a read shows it ${again.status}; it stays in the state`, { cause: err });
        }
      }
    }
    await waitFor({
      resource: label,
      operation: "delete",
      poll: () => get(api, id),
      status: (o) => o.status,
      target: [GONE, "DELETED"],
      pending: ["PENDING_DELETE", ACTIVE, ...CHILD_PENDING],
    });
  }

  const definition: ResourceDefinition<I, I & Props> = {
    kind: spec.kind,
    schema: spec.schema,
    fields: spec.fields,
    validateChange: spec.validateChange,
    create,
    read,
    mutations,
    delete: remove,
    checkCatalog: spec.checkCatalog && (async (ctx, news, olds) => spec.checkCatalog!(await SelectelClient.for(ctx), news, olds)),
    calls: { create: rows.create, delete: rows.delete },
    ...(spec.uniqueName ? { uniqueName: true as const } : {}),
    ...(spec.autoName ? { autoName: spec.autoName } : {}),
  };
  assertNamedRows(SELECTEL, selectelEndpoints, definition);
  return definition;
}

/** Fields the API never returns (passwords, `adopt`) are carried from the inputs. */
function pickIgnored<I extends Props>(spec: ChildSpec<any, any>, inputs: I): Partial<I> {
  const out: Props = {};
  for (const f of spec.fields) if ("ignore" in f.apply && inputs[f.key] !== undefined) out[f.key] = inputs[f.key];
  return out as Partial<I>;
}
