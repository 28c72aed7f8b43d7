// A cluster setting as its own resource (scp.BackupPolicy, scp.LogExportConfig): one setting of one
// cluster, owned by exactly one resource. A setting is declared as data: its schema and field table,
// how to read it, and for each step the calls that take it from the live value to the desired one.
// Sending, waiting (request, then cluster), serialising per cluster, and the confirmed delete are
// here once, on the kit's endpoint tables and waiters.

import type { z } from "zod";
import { diffFields, type FieldSpec } from "../../core/diff";
import { isNotFound } from "../../core/errors";
import type { InputError } from "../../core/errors";
import { assertAdoptable, type Context, type Mutation, type ResourceDefinition } from "../../core/resource";
import { serialised } from "../../core/serialise";
import type { ScpClient } from "../client";
import { SCP_ID } from "../inputs";
import { clientFor, findCluster, settleCluster, waitAccepted, type ClusterShape, type ScpEngine } from "./cluster";
import { sendMutation, type CallOptions } from "./endpoints";

/** One API call of a setting: a mutation row of the engine's table, and what the wait reports. */
export interface SettingCall extends CallOptions {
  endpoint: string;
  operation: string;
}

export interface SettingStep<I> {
  name: string;
  /** The rows it may call, for the reference table ("; "-separated). */
  endpoint: string;
  /** The calls from `live` (undefined: nothing set yet) to `desired`; none when already there. */
  calls: (clusterId: string, live: I | undefined, desired: I) => SettingCall[];
}

export interface ClusterSettingSpec<I extends { clusterId: string }> {
  kind: string;
  schema: z.ZodType<I>;
  /** Rows after `clusterId` (which always replaces). */
  fields: FieldSpec[];
  validateChange?: (olds: I, news: I) => InputError[];
  /** The last segment of the id `<clusterId>/<segment>`. */
  idSegment: (inputs: I) => string;
  /** The inputs a segment names, for a read by id alone (`get`); undefined when it names none. */
  fromSegment?: (segment: string) => Partial<I> | undefined;
  /** The engine serving the cluster: its service header and endpoint table. */
  engineOf: (props: Partial<I>) => ScpEngine<any>;
  /**
   * The setting as the API shows it (`cluster`: Show Cluster, just read); undefined when it is not
   * set. `previous` carries what the API never returns (keys).
   */
  read: (api: ScpClient, engine: ScpEngine<any>, previous: I, cluster: ClusterShape) => Promise<I | undefined>;
  /** Refuses before the first call (e.g. a log type already registered by someone else). */
  beforeCreate?: (api: ScpClient, engine: ScpEngine<any>, inputs: I) => Promise<void>;
  /** In the order they run, on create and on update. */
  steps: SettingStep<I>[];
  /** The calls that put the cluster back as it was without this resource. */
  unset: (clusterId: string, outs: I) => SettingCall[];
  /** The rows `unset` may call, as the plan lists a delete ("; "-separated). */
  unsetEndpoint: string;
  /** Two of them cannot coexist for one id (a log type is registered once): replacements delete first. */
  uniqueName?: true;
  /**
   * Create sends nothing when the cluster already shows the declared setting (its create would
   * only overwrite it anyway): a setting made outside Pulumi is taken over by declaring it as it is.
   */
  createSkipsWhenShown?: true;
}

export function defineClusterSetting<I extends { clusterId: string }>(spec: ClusterSettingSpec<I>): ResourceDefinition<I, I> {
  const label = (i: Partial<I>) => `${spec.kind} of cluster ${i.clusterId}`;

  /** Runs calls one at a time, each waited: the cluster refuses a second change while one runs. */
  async function send(ctx: Context, inputs: I, calls: SettingCall[]): Promise<void> {
    const engine = spec.engineOf(inputs);
    const api = clientFor(ctx, engine);
    for (const { endpoint, operation, ...call } of calls) {
      const accepted = await sendMutation(api, engine.endpoints, endpoint, call);
      await waitAccepted(api, engine, inputs.clusterId, accepted, label(inputs), operation);
    }
  }

  /** Serialised per cluster in this process (Pulumi runs a cluster's settings in parallel), after any running operation. */
  const onCluster = <T>(ctx: Context, inputs: Partial<I> & { clusterId: string }, fn: () => Promise<T>) =>
    serialised(`scp:${inputs.clusterId}`, async () => {
      await settleCluster(ctx, spec.engineOf(inputs as Partial<I>), inputs.clusterId);
      return fn();
    });

  /** A read by id alone (`get`) has no recorded inputs: the id names the cluster (and the segment). */
  function fromId(id: string): I {
    const [clusterId, segment = "", ...rest] = id.split("/");
    const named = spec.fromSegment ? spec.fromSegment(segment) : segment === spec.idSegment({} as I) ? {} : undefined;
    if (!SCP_ID.test(clusterId) || rest.length > 0 || !named)
      throw new Error(
        `${spec.kind}: id ${JSON.stringify(id)} must be "<cluster id>/<setting>": 32 hex characters, then the setting's own segment`,
      );
    return { ...named, clusterId } as I;
  }

  async function read(ctx: Context, id: string, recorded: I) {
    const previous = recorded.clusterId === undefined ? fromId(id) : recorded;
    const engine = spec.engineOf(previous);
    const api = clientFor(ctx, engine);
    // The cluster's own not-found answer (or TERMINATED) means the setting went with it.
    const cluster = await findCluster(api, engine, previous.clusterId);
    if (!cluster) return undefined;
    const live = await spec.read(api, engine, previous, cluster);
    const adopt = (previous as { adopt?: string }).adopt;
    if (live && adopt !== undefined) (live as { adopt?: string }).adopt = adopt;
    return live && { inputs: live, outs: live };
  }

  const mutations: Mutation<I, I>[] = spec.steps.map((step) => ({
    name: step.name,
    endpoint: step.endpoint,
    apply: (ctx, _id, live, desired) => onCluster(ctx, desired, () => send(ctx, desired, step.calls(desired.clusterId, live, desired))),
  }));

  const fields: FieldSpec[] = [{ key: "clusterId", apply: { replace: true } }, ...spec.fields];
  return {
    kind: spec.kind,
    schema: spec.schema,
    fields,
    validateChange: spec.validateChange,
    async create(ctx, inputs) {
      const engine = spec.engineOf(inputs);
      const api = clientFor(ctx, engine);
      // Before the settle wait: a wrong id should say so, not time out waiting for a state.
      const cluster = await findCluster(api, engine, inputs.clusterId);
      if (!cluster) throw new Error(`${label(inputs)}: cluster ${inputs.clusterId} does not exist`);
      const id = `${inputs.clusterId}/${spec.idSegment(inputs)}`;
      const adopt = (inputs as { adopt?: string }).adopt;
      if (adopt !== undefined) {
        // Taken over on purpose: the live setting must be as declared (values the API never returns come from the program).
        if (adopt !== id) throw new Error(`adopt: ${adopt} is not the id of this ${label(inputs)} (${id})`);
        const shown = await spec.read(api, engine, inputs, cluster);
        if (!shown) throw new Error(`adopt: ${label(inputs)} is not set`);
        assertAdoptable(label(inputs), fields, shown, inputs);
        return { id, outs: { ...shown, adopt } };
      }
      const shown = await onCluster(ctx, inputs, async () => {
        if (spec.createSkipsWhenShown) {
          // Read after the settle: the next `up` after a POST whose answer was lost meets that
          // POST's operation still running, and only its end shows the setting as declared.
          const settled = await findCluster(api, engine, inputs.clusterId);
          const now = settled && (await spec.read(api, engine, inputs, settled));
          if (now && diffFields(now, inputs, fields).changed.length === 0) return now;
        }
        await spec.beforeCreate?.(api, engine, inputs);
        for (const step of spec.steps) await send(ctx, inputs, step.calls(inputs.clusterId, undefined, inputs));
        return undefined;
      });
      if (shown) return { id, outs: shown };
      const live = await read(ctx, id, inputs);
      if (!live) throw new Error(`${label(inputs)}: the API does not show the setting after it was applied`);
      return { id, outs: live.outs };
    },
    read,
    mutations,
    uniqueName: spec.uniqueName,
    calls: { create: spec.steps.map((s) => s.endpoint).join("; "), delete: spec.unsetEndpoint },
    async delete(ctx, _id, outs) {
      const engine = spec.engineOf(outs);
      const api = clientFor(ctx, engine);
      const gone = async () => !(await findCluster(api, engine, outs.clusterId));
      if (await gone()) return;
      try {
        await onCluster(ctx, outs, () => send(ctx, outs, spec.unset(outs.clusterId, outs)));
      } catch (err) {
        // Only the cluster's own not-found answer, confirmed by a read, ends a failed unset.
        if (!isNotFound(err) || !(await gone())) throw err;
      }
    },
  };
}
