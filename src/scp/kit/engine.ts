// The one factory of SCP cluster engines: from a small engine spec (service, endpoint table, schema,
// rows, mutations, create request, translation from the API) it builds the engine's resource
// definition, with the lifecycle every engine shares: read (finder), adopt, create once (name look-up,
// journal, recovery), settle, update through the field table, confirmed delete.

import type { z } from "zod";
import { createOnce, type CreateFlow } from "../../core/create";
import type { FieldSpec } from "../../core/diff";
import type { InputError } from "../../core/errors";
import { assertAdoptable, type Context, type Mutation, type Observed, type ReadResult, type ResourceDefinition } from "../../core/resource";
import type { ScpClient } from "../client";
import {
  clientFor,
  clusterLabel,
  findCluster,
  findClustersByName,
  removeCluster,
  settleCluster,
  waitClusterState,
  type ClusterShape,
  type ScpEngine,
} from "./cluster";
import { assertNamedRows } from "../../core/endpoints";
import { SCP, sendMutation, type Accepted, type CallOptions } from "./endpoints";
import { OWNER_TAG, type KitInputs, type KitOutputs } from "./rows";
import { readOwnerTag, writeOwnerTag } from "./tags";

export interface EngineSpec<I extends KitInputs, O extends KitOutputs & I, C extends ClusterShape, X> {
  /** The resource kind (default `scp:Cluster`; a replica is a cluster of its own kind). */
  kind?: string;
  /** The `engine` input value ("postgresql", "cachestore"). */
  engine: string;
  api: ScpEngine<C>;
  schema: z.ZodType<I>;
  fields: FieldSpec[];
  validateChange?: (olds: I, news: I) => InputError[];
  /** In the order they run. Each names rows of `api.endpoints` (checked when the definition is built). */
  mutations: Mutation<I, O>[];
  /** Checks run once per update before its first mutating call (catalogue facts). */
  preflight?: (ctx: Context, api: ScpClient, id: string, live: O, desired: I) => Promise<void>;
  /** `check`'s catalogue rules (see core/resource.ts `checkCatalog`): the same functions `createRequest` and `preflight` call. */
  checkCatalog?: (ctx: Context, api: ScpClient, news: Partial<I>, olds: Partial<I>) => Promise<void>;
  /** What the read needs beyond Show Cluster (the managed parameters, commands). */
  readExtras: (api: ScpClient, id: string, previous: Partial<O>) => Promise<X>;
  /** Show Cluster (plus extras) → inputs and outputs; values the API never returns come from `previous`. */
  fromApi: (c: C, previous: Partial<O>, extras: X) => ReadResult<I, O>;
  /** Catalogue checks, then the row and body of the create request (Create Cluster, or a restore). */
  createRequest: (ctx: Context, api: ScpClient, inputs: I) => Promise<{ endpoint: string; via?: ScpClient } & CallOptions>;
  /** The new cluster's id once the create was accepted (default: the answer's `resource.id`). */
  createdId?: (ctx: Context, accepted: Accepted, inputs: I) => Promise<string>;
  /** Refusals before the DELETE is sent (a PostgreSQL origin that still has replicas). */
  beforeDelete?: (ctx: Context, api: ScpClient, id: string, outs: O) => Promise<void>;
  /** Mutations the create body cannot carry, applied once the cluster is RUNNING (`live`: as created). */
  afterCreate: (inputs: I, live: O) => string[];
  /** Inputs the API never returns (taken from the program when adopting). */
  notReadBack: string[];
  /** The create call as the plan lists it (default Create Cluster; a replica has its own). */
  createCall?: string;
}

/** Settled states of a cluster that never became usable (reference/scp.md §2.4: create's error state is FAILED). */
const CREATE_FAILED_STATES = ["FAILED", "ERROR"];

export function defineScpCluster<I extends KitInputs, O extends KitOutputs & I, C extends ClusterShape, X>(
  spec: EngineSpec<I, O, C, X>,
): ResourceDefinition<I, O> {
  const engine = spec.api;

  async function read(ctx: Context, id: string, previous: Partial<O>, observed?: Observed): Promise<ReadResult<I, O> | undefined> {
    const api = clientFor(ctx, engine);
    // Show Cluster as a wait of this update just read it (core/resource.ts `Observed`), else a GET.
    const seen = observed as C | undefined;
    const c =
      seen?.id === id && Array.isArray(seen.instance_groups)
        ? seen.service_state === "TERMINATED"
          ? undefined
          : seen
        : await findCluster(api, engine, id);
    if (!c) return undefined;
    return spec.fromApi(c, previous, await spec.readExtras(api, id, previous));
  }

  const provisional = (_id: string, inputs: I) => ({ ...inputs, blockStorageIds: [] }) as unknown as O;

  async function adopt(ctx: Context, inputs: I) {
    const id = inputs.adopt!;
    const live = await read(ctx, id, provisional(id, inputs));
    if (!live) throw new Error(`adopt: cluster ${id} does not exist`);
    assertAdoptable(`cluster ${id}`, spec.fields, live.inputs, inputs, spec.notReadBack);
    await takeOver(ctx, id);
    return { id, outs: live.outs };
  }

  /**
   * Adoption is how a cluster changes hands. A cluster whose mark names another resource is taken
   * over: the mark moves to this resource (Resource Manager, kit/tags.ts), and the resource it came
   * from refuses to change or delete it from then on (`assertStillOurs`), so two stacks never both
   * manage it. No mark, or one that cannot be read, leaves nothing to move.
   */
  async function takeOver(ctx: Context, id: string) {
    if (!ctx.owner || !(await markedByAnother(ctx, id))) return;
    await writeOwnerTag(ctx, engine, id, ctx.owner);
    ctx.warn(
      `cluster ${id} was managed by another Pulumi resource (its tag ${OWNER_TAG} named it): it is this resource's now, ` +
        `and the other stack can no longer change or delete it (there, \`pulumi state delete <urn>\` lets go of it)`,
    );
  }

  /**
   * Before a change or a delete: a cluster whose mark names another resource was taken over by an
   * adoption elsewhere, and this resource must not touch it. A state recorded before the owner key
   * travelled in the outputs (no `ctx.owner`), no mark, or a mark that cannot be read: carry on, as before.
   */
  async function assertStillOurs(ctx: Context, id: string) {
    if (!(await markedByAnother(ctx, id))) return;
    throw new Error(
      `cluster ${id} belongs to another Pulumi resource now (another stack adopted it, and its tag ${OWNER_TAG} names that ` +
        `resource): this stack no longer manages it and changes or deletes nothing. Let go of it here: \`pulumi state delete <urn>\``,
    );
  }

  /** The cluster's mark names a resource other than this one (no owner key, no mark, or an unreadable one: false). */
  async function markedByAnother(ctx: Context, id: string): Promise<boolean> {
    if (!ctx.owner) return false;
    const seen = await readOwnerTag(ctx, engine, id).catch(() => undefined);
    return seen?.owner !== undefined && seen.owner !== ctx.owner;
  }

  /** Waits for RUNNING (by state: a cluster taken over has no request id to follow), then applies what the create body cannot carry. */
  async function finish(ctx: Context, id: string, inputs: I): Promise<O> {
    const api = clientFor(ctx, engine);
    const running = await waitClusterState(api, engine, id, clusterLabel(inputs), "create", ["RUNNING"], `scp:${api.service}:create`);
    // The wait ended on Show Cluster: that answer is the read.
    let live = (await read(ctx, id, provisional(id, inputs), running.value))!;
    const after = spec.afterCreate(inputs, live.outs);
    // The catalogue checks only: a cluster this create just made is this resource's (no mark to read).
    if (after.length > 0) await spec.preflight?.(ctx, clientFor(ctx, engine), id, live.outs, inputs);
    for (const m of spec.mutations) {
      if (!after.includes(m.name)) continue;
      // The mutation's final wait read the cluster: that answer is the read-back.
      const seen = await m.apply(ctx, id, live.outs, inputs);
      live = (await read(ctx, id, live.outs, seen ?? undefined))!;
    }
    return live.outs;
  }

  const flow: CreateFlow<I, O> = {
    what: (inputs) => clusterLabel(inputs),
    findByName: (ctx, inputs) => findClustersByName(clientFor(ctx, engine), inputs.name),
    async submit(ctx, inputs) {
      const api = clientFor(ctx, engine);
      const { endpoint, via, ...call } = await spec.createRequest(ctx, api, inputs);
      const accepted = await sendMutation(via ?? api, engine.endpoints, endpoint, withOwnerTag(ctx, call));
      return spec.createdId ? spec.createdId(ctx, accepted, inputs) : accepted.resource.id;
    },
    finish,
    provisional,
    readOuts: async (ctx, id, inputs) => (await read(ctx, id, provisional(id, inputs)))?.outs,
    // The states a create ends in when it cannot finish (the cloud's create error state is FAILED).
    failedState: (outs) => (CREATE_FAILED_STATES.includes(outs.serviceState) ? outs.serviceState : undefined),
    // The tag every create body carries (withOwnerTag), read back through the Resource Manager.
    ownerMark: { what: `tag ${OWNER_TAG} (Resource Manager)`, read: (ctx, object) => readOwnerTag(ctx, engine, object.id) },
  };

  async function create(ctx: Context, inputs: I) {
    if (inputs.adopt) return adopt(ctx, inputs);
    return createOnce(ctx, flow, inputs);
  }

  const definition: ResourceDefinition<I, O> = {
    kind: spec.kind ?? "scp:Cluster",
    schema: spec.schema,
    fields: spec.fields,
    validateChange: spec.validateChange,
    create,
    read,
    settle: (ctx, id) => settleCluster(ctx, engine, id),
    assertOwned: assertStillOurs,
    preflight: async (ctx, id, live, desired) => {
      await assertStillOurs(ctx, id);
      await spec.preflight?.(ctx, clientFor(ctx, engine), id, live, desired);
    },
    checkCatalog: spec.checkCatalog && ((ctx, news, olds) => spec.checkCatalog!(ctx, clientFor(ctx, engine), news, olds)),
    mutations: spec.mutations,
    // Cluster names are unique: a replacement that keeps its name must delete the old one first.
    uniqueName: true,
    notReadBack: spec.notReadBack,
    calls: {
      create: spec.createCall ?? "POST /v1/clusters (POST /v1/clusters/{cluster_id}/restore with restoreFrom)",
      delete: "DELETE /v1/clusters/{cluster_id}",
    },
    // Adopted clusters are deleted like any other: once adopted, the program owns them (and no other stack does).
    async delete(ctx, id, outs) {
      await assertStillOurs(ctx, id);
      await spec.beforeDelete?.(ctx, clientFor(ctx, engine), id, outs);
      await removeCluster(ctx, engine, id, clusterLabel(outs, id));
    },
  };
  // Every row a mutation or a lifecycle call names is in the engine's table: the README, the plan and the calls read the same rows.
  assertNamedRows(SCP, engine.endpoints, definition, engine.service);
  return definition;
}

/**
 * Every create body that carries `tags` (cluster, restore, replica) also carries the owner's mark:
 * `pulumi-dbaas-owner` = the owner key (core/owner.ts: a hash of the stack, resource and backend;
 * no secret), so the object itself says which resource made it. The DBaaS read answers (Show and
 * List Cluster) do not return tags, so it never enters the outputs or a diff; only a create that
 * meets an object of its name reads it, through the Resource Manager (kit/tags.ts, core/create.ts).
 */
function withOwnerTag<C extends { body?: unknown }>(ctx: Context, call: C): C {
  const body = call.body as { tags?: unknown } | undefined;
  if (!ctx.owner || !body || !Array.isArray(body.tags)) return call;
  return { ...call, body: { ...body, tags: [...body.tags, { key: OWNER_TAG, value: ctx.owner }] } };
}
