// selectel.LogExportConfig and selectel.BackupPolicy: one setting of a datastore each, owned by
// exactly one resource. Do not also set the same setting on selectel.Cluster (`backupRetentionDays`):
// one setting, one owner. Their id is "<clusterId>/<setting>".

import { z } from "zod";
import { isNotFound } from "../core/errors";
import type { Context, Mutation, ResourceDefinition } from "../core/resource";
import { assertNamedRows } from "../core/endpoints";
import { SelectelClient, answerShowsTransitional, serialised } from "./client";
import { SELECTEL, callSelectel, selectelEndpoints, selectelRow, type SelectelRow } from "./endpoints";
import { objectId, sameId } from "./inputs";
import type { Datastore } from "./schemas";

interface SettingSpec<I extends { clusterId: string }> {
  kind: string;
  setting: string;
  schema: z.ZodType<I>;
  /** Applies the desired value: the row and its body. */
  apply: { row: SelectelRow; body: (desired: I) => unknown };
  /** Puts the datastore back as it was without this resource: the row and its body, if any. */
  reset: { row: SelectelRow; body?: () => unknown };
  fromApi: (d: Datastore, clusterId: string) => I | undefined;
  /** The datastore shows this resource's value (`undefined`: the reset state). */
  shows: (d: Datastore, desired: I | undefined) => boolean;
  fields: string[];
}

function settingDefinition<I extends { clusterId: string }>(spec: SettingSpec<I>): ResourceDefinition<I, I> {
  const apply = (api: SelectelClient, id: string, desired: I) =>
    callSelectel(api.http, spec.apply.row, { params: { id }, body: spec.apply.body(desired) });
  const reset = (api: SelectelClient, id: string) => callSelectel(api.http, spec.reset.row, { params: { id }, body: spec.reset.body?.() });
  const clusterOf = (id: string) => id.split("/")[0];
  /** One change of the datastore, waited on evidence (client.ts `waitDatastore`). */
  const change = async (
    ctx: Context,
    clusterId: string,
    fn: (api: SelectelClient) => Promise<unknown>,
    operation: string,
    desired: I | undefined,
  ) =>
    serialised(clusterId, async () => {
      const api = await SelectelClient.for(ctx);
      const before = (await api.waitDatastore(clusterId, `cluster ${clusterId}`, `before ${operation}`)).updated_at;
      const answer = await fn(api);
      await api.waitDatastore(clusterId, `cluster ${clusterId}`, operation, {
        before,
        sawTransitional: answerShowsTransitional(answer),
        applied: (d) => spec.shows(d, desired),
      });
    });
  const mutation: Mutation<I, I> = {
    name: "apply",
    // Both calls the resource makes (the apply, and the reset a delete sends) when they differ.
    endpoint: [...new Set([spec.apply.row, spec.reset.row])].join("; "),
    apply: (ctx, id, _live, desired) => change(ctx, clusterOf(id), (api) => apply(api, clusterOf(id), desired), spec.setting, desired),
  };
  const definition: ResourceDefinition<I, I> = {
    kind: spec.kind,
    schema: spec.schema,
    calls: { create: spec.apply.row, delete: spec.reset.row },
    fields: [
      { key: "clusterId", apply: { replace: true }, equals: sameId },
      ...spec.fields.map((key) => ({ key, apply: { mutation: "apply" } as const })),
    ],
    async create(ctx, inputs) {
      const id = `${inputs.clusterId}/${spec.setting}`;
      // Already as declared (a setting made outside Pulumi, declared as it is to take it over):
      // nothing to send, so adopting a setting is not a change of the datastore.
      const api = await SelectelClient.for(ctx);
      if (spec.shows(await api.datastore(inputs.clusterId), inputs)) return { id, outs: inputs };
      await change(ctx, inputs.clusterId, (api) => apply(api, inputs.clusterId, inputs), spec.setting, inputs);
      return { id, outs: inputs };
    },
    async read(ctx, id) {
      const api = await SelectelClient.for(ctx);
      try {
        const inputs = spec.fromApi(await api.datastore(clusterOf(id)), clusterOf(id));
        return inputs && { inputs, outs: inputs };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    mutations: [mutation],
    async delete(ctx, id) {
      try {
        await change(ctx, clusterOf(id), (api) => reset(api, clusterOf(id)), `reset ${spec.setting}`, undefined);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // Only a read that confirms the cluster is gone ends the delete (the setting went with it).
        const api = await SelectelClient.for(ctx);
        const d = await api.datastore(clusterOf(id)).catch((e) => {
          if (isNotFound(e)) return undefined;
          throw e;
        });
        if (d && d.status !== "DELETED" && d.status !== "PENDING_DELETE") {
          throw new Error(
            `resetting ${spec.setting} of cluster ${clusterOf(id)} answered 404, but a read shows the ` +
              `cluster ${d.status}; it stays in the state`,
            { cause: err },
          );
        }
      }
    },
  };
  assertNamedRows(SELECTEL, selectelEndpoints, definition);
  return definition;
}

export const logExportDefinition = settingDefinition({
  kind: "selectel:LogExportConfig",
  setting: "log-platform",
  schema: z
    .object({
      clusterId: objectId,
      logGroup: z.string().regex(/^s\/dbaas\/.+/, 'must be a log platform group such as "s/dbaas/my-group"'),
    })
    .strict(),
  apply: { row: selectelRow("PUT /datastores/{id}/log-platform"), body: (d) => ({ log_platform: { log_group: d.logGroup } }) },
  reset: { row: selectelRow("DELETE /datastores/{id}/log-platform") },
  fromApi: (d, clusterId) => (d.log_platform?.log_group ? { clusterId, logGroup: d.log_platform.log_group } : undefined),
  shows: (d, want) => (d.log_platform?.log_group || undefined) === want?.logGroup,
  fields: ["logGroup"],
});

/** The API's default retention; deleting the policy puts it back. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 7;

export const backupPolicyDefinition = settingDefinition({
  kind: "selectel:BackupPolicy",
  setting: "backups",
  schema: z
    .object({
      clusterId: objectId,
      retentionDays: z.number().int().min(1, "must be between 1 and 35").max(35, "must be between 1 and 35"),
    })
    .strict(),
  apply: { row: selectelRow("PUT /datastores/{id}/backups"), body: (d) => ({ backups: { backup_retention_days: d.retentionDays } }) },
  reset: {
    row: selectelRow("PUT /datastores/{id}/backups"),
    body: () => ({ backups: { backup_retention_days: DEFAULT_BACKUP_RETENTION_DAYS } }),
  },
  fromApi: (d, clusterId) => ({ clusterId, retentionDays: d.backup_retention_days ?? DEFAULT_BACKUP_RETENTION_DAYS }),
  shows: (d, want) => (d.backup_retention_days ?? DEFAULT_BACKUP_RETENTION_DAYS) === (want?.retentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS),
  fields: ["retentionDays"],
});
