// scp.Cluster with engine "eventstreams" (Kafka, API `eventstreams 1.1`), on the kit: what is
// EventStreams' own (the node layout of the create body, brokers and AKHQ in Show Cluster, more
// brokers, the 1.1 minor patch body) and the list of mutations in the order they run. The
// lifecycle and the shared in-place changes are the kit's.

import type { Mutation, ReadResult } from "../../core/resource";
import { assertServerType, checkCatalogInputs, resolveEngineVersion, type Product } from "../catalog";
import { clientFor, clusterLabel, getCluster, scpEngine, waitAccepted } from "../kit/cluster";
import { callEndpoint } from "../kit/endpoints";
import { defineScpCluster } from "../kit/engine";
import {
  allowedIpsMutation,
  blockStoragesMutation,
  maintenanceMutation,
  minorPatchMutation,
  runningMutation,
  serverTypeMutation,
} from "../kit/mutations";
import { dropUndefined, instancesByRole, kitFromApi, maintenanceOptionBody, tagsBody } from "../kit/translate";
import type { EventStreamsCluster } from "../schemas";
import { eventStreamsEndpoints } from "./endpoints";
import {
  EventStreamsInputs,
  combinedQuorumError,
  eventStreamsFields,
  validateEventStreamsChange,
  type EventStreamsOutputs,
} from "./inputs";

export const eventStreamsApi = scpEngine("eventstreams", eventStreamsEndpoints);
type I = EventStreamsInputs;
type O = EventStreamsOutputs;

export const KAFKA: Product = { label: "Kafka", imageType: /kafka/i };

/**
 * ZooKeeper nodes of a separated cluster. The documents give no count and no input for it; three is
 * the smallest ensemble that survives the loss of a node.
 */
export const ZOOKEEPER_NODES = 3;

/** AKHQ's own default port: the API reports the node's address only, and the documents name no port. */
export const AKHQ_PORT = 8080;

/**
 * The disk of a ZooKeeper or AKHQ node. The create body needs a block storage in every instance
 * group, and neither kind of node keeps much: the smallest size the API takes (16 GB), of the
 * brokers' volume type. Not an input; only the brokers' disks are.
 */
export const SUPPORT_NODE_DISK_GB = 16;

/** Node roles of an EventStreams cluster (the SDK's enum): `instances` lists each, empty when absent. */
const ROLES = ["ZOOKEEPER_BROKER", "ZOOKEEPER", "BROKER", "AKHQ"] as const;

/** ZOOKEEPER_BROKER (combined) or BROKER: the group whose nodes are Kafka brokers and hold the declared disks. */
const isBrokerGroup = (role: string) => role === "ZOOKEEPER_BROKER" || role === "BROKER";

export function createBody(inputs: I, engineVersionId: string) {
  const disks = inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType }));
  const group = (role: "ZOOKEEPER_BROKER" | "ZOOKEEPER" | "BROKER" | "AKHQ", count: number, blockStorages: typeof disks) => ({
    role_type: role,
    server_type_name: inputs.serverType,
    block_storage_groups: blockStorages,
    instances: Array.from({ length: count }, () => ({ role_type: role })),
  });
  // The declared disks hold Kafka's logs, so they go to the brokers.
  const support = [{ role_type: "DATA" as const, size_gb: SUPPORT_NODE_DISK_GB, volume_type: inputs.blockStorages[0].volumeType }];
  const groups = inputs.isCombined
    ? [group("ZOOKEEPER_BROKER", inputs.brokerCount, disks)]
    : [group("ZOOKEEPER", ZOOKEEPER_NODES, support), group("BROKER", inputs.brokerCount, disks)];
  if (inputs.akhqEnabled) groups.push(group("AKHQ", 1, support));
  return {
    name: inputs.name,
    dbaas_engine_version_id: engineVersionId,
    subnet_id: inputs.subnetId,
    instance_name_prefix: inputs.instanceNamePrefix,
    is_combined: inputs.isCombined,
    akhq_enabled: inputs.akhqEnabled,
    nat_enabled: inputs.natEnabled,
    timezone: inputs.timezone,
    service_watch_log_collection: inputs.serviceWatchLogCollection,
    allowable_ip_addresses: inputs.allowedIps,
    init_config_option: {
      broker_port: inputs.brokerPort,
      broker_sasl_id: inputs.brokerSaslId,
      broker_sasl_password: inputs.brokerSaslPassword,
      zookeeper_port: inputs.zookeeperPort,
      zookeeper_sasl_id: inputs.zookeeperSaslId,
      zookeeper_sasl_password: inputs.zookeeperSaslPassword,
      ...(inputs.akhqEnabled ? { akhq_id: inputs.akhqId, akhq_password: inputs.akhqPassword } : {}),
    },
    instance_groups: groups,
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    tags: tagsBody(inputs.tags),
  };
}

export function fromApi(c: EventStreamsCluster, previous: Partial<O>): ReadResult<I, O> {
  const kit = kitFromApi(c, previous, isBrokerGroup);
  const brokers = kit.group;
  const akhq = c.instance_groups.find((g) => g.role_type === "AKHQ");
  const brokerPort = c.init_config_option.broker_port ?? previous.brokerPort ?? 9091;
  const inputs: I = dropUndefined({
    ...kit.inputs,
    engine: "eventstreams",
    engineVersion: c.software_version || previous.engineVersion || "",
    blockStorages: kit.inputs.blockStorages as I["blockStorages"],
    // 1.1 reports is_combined; when it is null the group roles say the same.
    isCombined: c.is_combined ?? brokers?.role_type === "ZOOKEEPER_BROKER",
    brokerCount: brokers?.instances.length ?? 0,
    brokerPort,
    zookeeperPort: c.init_config_option.zookeeper_port ?? previous.zookeeperPort ?? 2180,
    // Never returned by the API: the values the program set at creation.
    brokerSaslId: previous.brokerSaslId ?? "",
    brokerSaslPassword: previous.brokerSaslPassword ?? "",
    zookeeperSaslId: previous.zookeeperSaslId ?? "",
    zookeeperSaslPassword: previous.zookeeperSaslPassword ?? "",
    // The 1.1 detail response has no akhq_enabled: an AKHQ instance group is the evidence.
    akhqEnabled: akhq !== undefined,
    akhqId: previous.akhqId,
    akhqPassword: previous.akhqPassword,
    serviceWatchLogCollection: c.service_watch_log_collection ?? false,
  });
  const akhqAddress = akhq?.instances[0]?.service_ip_address;
  const outs: O = {
    ...inputs,
    ...kit.outputs,
    bootstrapServers: (brokers?.instances ?? [])
      .filter((i) => i.service_ip_address)
      .map((i) => `${i.service_ip_address}:${brokerPort}`)
      .join(","),
    akhqUrl: akhqAddress ? `http://${akhqAddress}:${AKHQ_PORT}` : "",
    instances: instancesByRole(c.instance_groups, ROLES),
  };
  return { outs, inputs };
}

// ---- EventStreams' own mutations -------------------------------------------------------------

const ADD_INSTANCES = "POST /v1/clusters/{cluster_id}/add-instances";

/** More brokers: `instance_count` new ones, addresses left to the service (an empty list asks it to pick). */
const brokerCount: Mutation<I, O> = {
  name: "brokerCount",
  endpoint: ADD_INSTANCES,
  async apply(ctx, id, live, desired) {
    const more = desired.brokerCount - live.brokerCount;
    if (more <= 0) return; // check refuses fewer; none left to add means an earlier run added them
    const api = clientFor(ctx, eventStreamsApi);
    const accepted = await callEndpoint(api, eventStreamsEndpoints, ADD_INSTANCES, {
      params: { cluster_id: id },
      body: { instance_count: more, service_ip_addresses: [] },
    });
    return waitAccepted(api, eventStreamsApi, id, accepted, clusterLabel(desired), `${live.brokerCount} → ${desired.brokerCount} brokers`);
  },
};

export const eventStreamsDefinition = defineScpCluster<I, O, EventStreamsCluster, undefined>({
  engine: "eventstreams",
  api: eventStreamsApi,
  schema: EventStreamsInputs,
  fields: eventStreamsFields,
  validateChange: validateEventStreamsChange,
  // Resizes first, so that brokers added next start on the new server type.
  mutations: [
    serverTypeMutation(eventStreamsApi),
    blockStoragesMutation(eventStreamsApi),
    brokerCount,
    allowedIpsMutation(eventStreamsApi),
    maintenanceMutation(eventStreamsApi),
    runningMutation(eventStreamsApi),
    // Seed 000 (1.1): the body names the engine as Show Cluster reports it.
    minorPatchMutation(eventStreamsApi, async (api, id, desired) => ({
      dbaas_engine: (await getCluster(api, eventStreamsApi, id)).dbaas_engine,
      software_version: desired.engineVersion,
    })),
  ],
  async preflight(_ctx, api, _id, live, desired) {
    if (live.instanceGroups.some((g) => g.serverType !== desired.serverType)) await assertServerType(api, desired.serverType);
    if (desired.engineVersion !== live.engineVersion) await resolveEngineVersion(api, desired.engineVersion, KAFKA);
  },
  async checkCatalog(ctx, api, news, olds) {
    const quorum = combinedQuorumError(news, olds);
    if (quorum) throw quorum;
    await checkCatalogInputs(api, news, olds, KAFKA, ctx.log);
  },
  readExtras: async () => undefined,
  fromApi: (c, previous) => fromApi(c, previous),
  /** Catalogue facts first (nothing is created with a version or server type the API does not offer), then the POST. */
  async createRequest(_ctx, api, inputs) {
    const quorum = combinedQuorumError(inputs, {});
    if (quorum) throw quorum;
    const version = await resolveEngineVersion(api, inputs.engineVersion, KAFKA);
    await assertServerType(api, inputs.serverType);
    return { endpoint: "POST /v1/clusters", body: createBody(inputs, version.id) };
  },
  afterCreate: (inputs) => (inputs.running ? [] : ["running"]),
  notReadBack: ["instanceNamePrefix", "tags", "brokerSaslId", "zookeeperSaslId", "akhqId"],
});
