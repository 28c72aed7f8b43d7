// scp.Cluster (engine "eventstreams") translation: the create body and the API → inputs/outputs
// mapping, shared by create, the mutations and read. Pure: no API calls.

import type { ReadResult } from "../core/resource";
import { maintenanceFromApi, maintenanceOptionBody } from "./cluster-translate";
import type { EventStreamsBlockStorage, EventStreamsInputs, EventStreamsInstance, EventStreamsOutputs } from "./eventstreams-inputs";
import { cidrSet } from "./inputs";
import type { EventStreamsCluster } from "./schemas";

/**
 * ZooKeeper nodes of a separated cluster. The documents give no count and no input for it; three is
 * the smallest ensemble that survives the loss of a node, and what a Kafka operator expects.
 */
export const ZOOKEEPER_NODES = 3;

/**
 * AKHQ listens on its default port; the API reports the instance's address only. The documents do
 * not name the port, so this is the AKHQ default (8080).
 */
export const AKHQ_PORT = 8080;

type Group = EventStreamsCluster["instance_groups"][number];

/** The group whose instances are Kafka brokers: ZOOKEEPER_BROKER (combined) or BROKER. */
export function brokerGroup(c: { instance_groups: Group[] }): Group | undefined {
  return c.instance_groups.find((g) => g.role_type === "ZOOKEEPER_BROKER" || g.role_type === "BROKER");
}

export function createBody(inputs: EventStreamsInputs, engineVersionId: string) {
  const disks = inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType }));
  const group = (role: string, count: number, blockStorages: typeof disks) => ({
    role_type: role,
    server_type_name: inputs.serverType,
    block_storage_groups: blockStorages,
    instances: Array.from({ length: count }, () => ({ role_type: role })),
  });
  // The declared block storages hold Kafka's logs: they go to the broker nodes. ZooKeeper and AKHQ
  // nodes keep their small state on the OS disk the service always adds.
  const groups = inputs.isCombined
    ? [group("ZOOKEEPER_BROKER", inputs.brokerCount, disks)]
    : [group("ZOOKEEPER", ZOOKEEPER_NODES, []), group("BROKER", inputs.brokerCount, disks)];
  if (inputs.akhqEnabled) groups.push(group("AKHQ", 1, []));
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
    tags: Object.entries(inputs.tags).map(([key, value]) => ({ key, value })),
  };
}

/** Matches the broker group's block storages to the declared list: by known id, else by type and size. */
function matchBlockStorages(group: Group | undefined, declared: EventStreamsBlockStorage[], knownIds: string[]): string[] {
  const disks = group?.block_storage_groups.filter((b) => b.role_type !== "OS") ?? [];
  const used = new Set<string>();
  const ids: string[] = [];
  declared.forEach((d, i) => {
    const free = disks.filter((g) => !used.has(g.id));
    const match = free.find((g) => g.id === knownIds[i])
      ?? free.find((g) => g.volume_type === d.volumeType && g.size_gb === d.sizeGb)
      ?? free[0];
    if (match) {
      used.add(match.id);
      ids.push(match.id);
    }
  });
  // Block storages the program does not declare (added out of band) show as drift at the end.
  for (const g of disks) if (!used.has(g.id)) ids.push(g.id);
  return ids;
}

const instanceOf = (i: Group["instances"][number]): EventStreamsInstance => ({
  name: i.name, roleType: i.role_type, serviceState: i.service_state, ipAddress: i.service_ip_address, publicIpAddress: i.public_ip_address,
});

export function fromApi(c: EventStreamsCluster, previous: Partial<EventStreamsOutputs>): ReadResult<EventStreamsInputs, EventStreamsOutputs> {
  const brokers = brokerGroup(c);
  const akhq = c.instance_groups.find((g) => g.role_type === "AKHQ");
  const ids = matchBlockStorages(brokers, previous.blockStorages ?? [], previous.blockStorageIds ?? []);
  const byId = new Map(brokers?.block_storage_groups.map((b) => [b.id, b]) ?? []);
  const blockStorages = ids.map((id) => byId.get(id)!).filter(Boolean).map((b) => ({
    roleType: "DATA" as const, sizeGb: b.size_gb, volumeType: (b.volume_type || "SSD") as EventStreamsBlockStorage["volumeType"],
  }));
  const brokerPort = c.init_config_option.broker_port ?? previous.brokerPort ?? 9091;
  const inputs: EventStreamsInputs = {
    engine: "eventstreams",
    name: c.name,
    engineVersion: c.software_version || previous.engineVersion || "",
    subnetId: c.subnet_id,
    serverType: brokers?.server_type_name ?? "",
    instanceNamePrefix: previous.instanceNamePrefix ?? "",
    // 1.1 reports is_combined; when it is null the group roles say the same.
    isCombined: c.is_combined ?? brokers?.role_type === "ZOOKEEPER_BROKER",
    brokerCount: brokers?.instances.length ?? 0,
    blockStorages,
    brokerPort,
    zookeeperPort: c.init_config_option.zookeeper_port ?? previous.zookeeperPort ?? 2180,
    // Never returned by the API: the values the program set at creation.
    brokerSaslId: previous.brokerSaslId ?? "",
    brokerSaslPassword: previous.brokerSaslPassword ?? "",
    zookeeperSaslId: previous.zookeeperSaslId ?? "",
    zookeeperSaslPassword: previous.zookeeperSaslPassword ?? "",
    // The detail response has no akhq_enabled: an AKHQ instance group is the evidence.
    akhqEnabled: akhq !== undefined,
    akhqId: previous.akhqId,
    akhqPassword: previous.akhqPassword,
    natEnabled: c.nat_enabled ?? false,
    timezone: c.timezone,
    serviceWatchLogCollection: c.service_watch_log_collection ?? false,
    allowedIps: cidrSet.parse(c.allowable_ip_addresses ?? []),
    maintenance: maintenanceFromApi(c.maintenance_option),
    running: !["STOPPED", "STOPPING"].includes(c.service_state),
    tags: previous.tags ?? {},
    adopt: previous.adopt,
  };
  for (const key of ["akhqId", "akhqPassword", "maintenance", "adopt"] as const) if (inputs[key] === undefined) delete inputs[key];
  const akhqAddress = akhq?.instances[0]?.service_ip_address;
  const outs: EventStreamsOutputs = {
    ...inputs,
    serviceState: c.service_state,
    softwareVersion: c.software_version,
    bootstrapServers: (brokers?.instances ?? []).filter((i) => i.service_ip_address).map((i) => `${i.service_ip_address}:${brokerPort}`).join(","),
    akhqUrl: akhqAddress ? `http://${akhqAddress}:${AKHQ_PORT}` : "",
    instances: c.instance_groups.flatMap((g) => g.instances.map(instanceOf)),
    blockStorageIds: ids,
    instanceGroups: c.instance_groups.map((g) => ({
      id: g.id,
      roleType: g.role_type,
      serverType: g.server_type_name,
      blockStorages: g.block_storage_groups.map((b) => ({ id: b.id, roleType: b.role_type, sizeGb: b.size_gb, volumeType: b.volume_type })),
      instances: g.instances.map(instanceOf),
    })),
  };
  return { outs, inputs };
}
