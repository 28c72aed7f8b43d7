// scp.Replica (PostgreSQL): a replica is a cluster, so it is one more spec on the kit's
// `defineScpCluster` (finder, waiters, create once, confirmed delete, the shared mutations). What is
// its own: the create request (Create Replica on the source, or Create Other region Replica), how
// the new id is found (the answer names the request, the replica is found by name), promote, and
// the region: an other-region replica lives behind its region's endpoint, so every call about it
// runs in a context scoped to that region (`regionalContext`); only the create goes to the source.

import { AmbiguousRequestError } from "../../core/errors";
import type { Context, Mutation, ReadResult, ResourceDefinition } from "../../core/resource";
import { assertServerType, checkCatalogInputs, POSTGRESQL } from "../catalog";
import { homeContext, regionalContext, ScpClient } from "../client";
import { serialised } from "../../core/serialise";
import { clientFor, clusterLabel, findClustersByName, settleCluster, waitAccepted } from "../kit/cluster";
import { defineScpCluster } from "../kit/engine";
import { sendMutation } from "../kit/endpoints";
import { allowedIpsMutation, blockStoragesMutation, maintenanceMutation, serverTypeMutation } from "../kit/mutations";
import { dropUndefined, kitFromApi, maintenanceOptionBody, tagsBody } from "../kit/translate";
import type { PostgresqlCluster } from "../schemas";
import { isActive, postgresql as engine } from "./engine";
import {
  ReplicaInputs,
  replicaFields,
  replicaNameRule,
  validateReplicaChange,
  type ReplicaKitInputs,
  type ReplicaOutputs,
} from "./replica-inputs";

type I = ReplicaKitInputs;
type O = ReplicaOutputs;

const SAME_REGION = "POST /v1/clusters/{cluster_id}/replicas";
const OTHER_REGION = "POST /v1/clusters/{cluster_id}/replicas/other-region";
const PROMOTE = "POST /v1/clusters/{cluster_id}/promote";

export function replicaBody(inputs: I) {
  const body = {
    allowable_ip_addresses: inputs.allowedIps,
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    replica_count: 1,
    replicas: [
      {
        name: inputs.name,
        instance_groups: [
          {
            role_type: "ACTIVE" as const,
            server_type_name: inputs.serverType,
            block_storage_groups: inputs.blockStorages.map((b) => ({
              role_type: b.roleType,
              size_gb: b.sizeGb,
              volume_type: b.volumeType,
            })),
            instances: [{ role_type: "ACTIVE" as const }],
          },
        ],
      },
    ],
    tags: tagsBody(inputs.tags),
  };
  if (inputs.region === undefined) return body;
  return { ...body, region: inputs.region, subnet_id: inputs.subnetId!, nat_enabled: inputs.natEnabled ?? false };
}

export function replicaFromApi(c: PostgresqlCluster, previous: Partial<O>): ReadResult<I, O> {
  const kit = kitFromApi(c, previous, isActive);
  const otherRegion = previous.region !== undefined;
  const promoted = c.role_type ? c.role_type === "ORIGIN" : !c.origin_cluster_id;
  // The kit's `engine` and `running` are not replica inputs (never recorded, never diffed).
  const inputs = dropUndefined({
    // Adopting, the API's source is what the declaration is checked against; once promoted there is none.
    sourceClusterId: (previous.adopt !== undefined && c.origin_cluster_id) || (previous.sourceClusterId ?? c.origin_cluster_id ?? ""),
    region: previous.region,
    name: c.name,
    serverType: kit.inputs.serverType,
    blockStorages: kit.inputs.blockStorages as I["blockStorages"],
    allowedIps: kit.inputs.allowedIps,
    maintenance: kit.inputs.maintenance,
    // A same-region replica has its source's subnet and NAT: not its own inputs.
    subnetId: otherRegion ? c.subnet_id : undefined,
    natEnabled: otherRegion ? (c.nat_enabled ?? false) : undefined,
    tags: previous.tags ?? {},
    promoted,
    adopt: kit.inputs.adopt,
  }) as unknown as I;
  const host = kit.group?.instances[0]?.service_ip_address ?? "";
  const outs: O = {
    ...inputs,
    ...kit.outputs,
    endpoint: host ? `${host}:${c.init_config_option.database_port}` : "",
    roleType: c.role_type ?? "",
    followingClusterId: promoted ? "" : (c.origin_cluster_id ?? ""),
  };
  return { inputs, outs };
}

const promote: Mutation<I, O> = {
  name: "promote",
  endpoint: PROMOTE,
  async apply(ctx, id, live, desired) {
    if (!desired.promoted || live.promoted) return;
    const api = clientFor(ctx, engine);
    const accepted = await sendMutation(api, engine.endpoints, PROMOTE, { params: { cluster_id: id } });
    return waitAccepted(api, engine, id, accepted, clusterLabel(desired), "promote");
  },
};

/**
 * The create answer's `resource.id` is not documented to be the replica (one request may create
 * several): the replica is the cluster with its name in its region. Not visible yet counts as an
 * answer we could not read, so the journal keeps the request and the next `up` takes it over.
 */
async function createdReplicaId(ctx: Context, accepted: { request_id: string; resource: { id: string } }, inputs: I): Promise<string> {
  const found = await findClustersByName(clientFor(ctx, engine), inputs.name);
  if (found.length === 1) return found[0].id;
  throw new AmbiguousRequestError(
    "POST",
    inputs.region ? OTHER_REGION : SAME_REGION,
    `request ${accepted.request_id} was accepted, but ${found.length === 0 ? "no" : found.length} ` +
      `cluster named ${inputs.name} is visible in the replica's region`,
  );
}

const kitDefinition = defineScpCluster<I, O, PostgresqlCluster, undefined>({
  kind: "scp:Replica",
  engine: "postgresql",
  api: engine,
  schema: ReplicaInputs as never,
  fields: replicaFields,
  validateChange: validateReplicaChange,
  mutations: [
    serverTypeMutation(engine),
    blockStoragesMutation(engine, { endpoint: "POST /v1/instance-groups/{instance_group_id}/block-storage-groups", isData: isActive }),
    allowedIpsMutation(engine),
    maintenanceMutation(engine),
    promote,
  ],
  async preflight(_ctx, api, _id, live, desired) {
    if ((live.instanceGroups ?? []).some((g) => g.serverType !== desired.serverType)) await assertServerType(api, desired.serverType);
  },
  checkCatalog: (_ctx, api, news, olds) =>
    checkCatalogInputs(api, { serverType: news.serverType }, { serverType: olds.serverType }, POSTGRESQL, () => {}),
  readExtras: async () => undefined,
  fromApi: (c, previous) => replicaFromApi(c, previous),
  /** The server type is checked in the replica's region; the request goes to the source's. */
  async createRequest(ctx, api, inputs) {
    const home = homeContext(ctx);
    await assertServerType(api, inputs.serverType);
    return {
      endpoint: inputs.region === undefined ? SAME_REGION : OTHER_REGION,
      via: ScpClient.for(home, engine.service),
      params: { cluster_id: inputs.sourceClusterId },
      body: replicaBody(inputs),
    };
  },
  createdId: createdReplicaId,
  afterCreate: (inputs) => (inputs.promoted ? ["promote"] : []),
  notReadBack: ["tags"],
  createCall: `${SAME_REGION} (${OTHER_REGION} with region)`,
});

/** Every call about a replica runs against its region's endpoint. */
const scoped = (ctx: Context, props: Partial<I>) => regionalContext(ctx, props.region);

/**
 * Creating a replica is a change of its source (the source is EDITING meanwhile, and refuses a
 * second change): serialised with the source's other changes in this process (its other replicas,
 * its BackupPolicy and LogExportConfig run in parallel), after any operation on it settled.
 */
const createOnSource = (ctx: Context, inputs: I) =>
  serialised(`scp:${inputs.sourceClusterId}`, async () => {
    // `region` means Create Other region Replica, which the API refuses for the source's own region.
    if (inputs.region !== undefined && scoped(ctx, inputs) === ctx) {
      throw new Error(`region: ${inputs.region} is the source's region (scp:region); leave region out for a same-region replica`);
    }
    await settleCluster(ctx, engine, inputs.sourceClusterId);
    return kitDefinition.create(scoped(ctx, inputs), inputs);
  });

export const replicaDefinition: ResourceDefinition<I, O> = {
  ...kitDefinition,
  autoName: replicaNameRule,
  create: createOnSource,
  read: (ctx, id, previous, observed) => kitDefinition.read(scoped(ctx, previous), id, previous, observed),
  settle: (ctx, id, previous) => kitDefinition.settle!(scoped(ctx, previous), id, previous),
  preflight: (ctx, id, live, desired) => kitDefinition.preflight!(scoped(ctx, desired), id, live, desired),
  // The server type is one of the replica's region.
  checkCatalog: (ctx, news, olds) => kitDefinition.checkCatalog!(scoped(ctx, news), news, olds),
  mutations: kitDefinition.mutations.map((m) => ({
    ...m,
    apply: (ctx, id, live, desired) => m.apply(scoped(ctx, desired), id, live, desired),
  })),
  delete: (ctx, id, outs) => kitDefinition.delete(scoped(ctx, outs), id, outs),
};
