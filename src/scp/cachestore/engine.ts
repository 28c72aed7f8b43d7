// scp.Cluster with engine "cachestore" (Redis with Sentinel), on the kit: what is CacheStore's own
// (the create and restore bodies, Show Cluster's shape, instances by role, the Redis commands, the
// connection string) and the list of mutations in the order they run.

import { deepEqual } from "../../core/diff";
import { InputError } from "../../core/errors";
import type { Context, Mutation, ReadResult } from "../../core/resource";
import {
  assertParametersBeforeCreate,
  assertParameterValues,
  assertServerType,
  checkCatalogInputs,
  clusterParameters,
  readApplied,
  readParameters,
  resolveEngineVersion,
  type Product,
} from "../catalog";
import type { ScpClient } from "../client";
import { clientFor, clusterLabel, scpEngine, waitAccepted } from "../kit/cluster";
import { defineScpCluster } from "../kit/engine";
import { restoreRequest, takenFromAnySource } from "../kit/restore";
import { callEndpoint, sendMutation } from "../kit/endpoints";
import {
  allowedIpsMutation,
  backupMutation,
  blockStoragesMutation,
  maintenanceMutation,
  parametersMutation,
  runningMutation,
  serverTypeMutation,
} from "../kit/mutations";
import { backupFromApi, dropUndefined, kitFromApi, maintenanceOptionBody, tagsBody } from "../kit/translate";
import { cachestoreEndpoints } from "./endpoints";
import { CachestoreInputs, cachestoreFields, validateChange, type CachestoreOutputs, type InstanceByRole } from "./inputs";
import type { CommandList, RedisCluster } from "./schemas";

export const cachestore = scpEngine("cachestore", cachestoreEndpoints);
type I = CachestoreInputs;
type O = CachestoreOutputs;

export const REDIS: Product = { label: "CacheStore", imageType: /redis|valkey/i };

/** Sentinels run in their own instance group; data (server type, block storage) lives in the others. */
const isData = (role: string) => role !== "SENTINEL";

export const backupBody = (b: NonNullable<I["backup"]>) => ({
  retention_period_day: String(b.retentionDays),
  starting_time_hour: String(b.startHour),
});

const blockStorageGroups = (inputs: I) =>
  inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType }));

/**
 * HA is Redis Sentinel: its own instance group with one SENTINEL instance. Sentinels hold no data,
 * so the group gets the data group's server type and the smallest disk the API takes (56 GB); it
 * keeps them (server type and block storage changes apply to the data group).
 */
const sentinelGroup = (inputs: I) => ({
  block_storage_groups: [{ role_type: "DATA", size_gb: 56, volume_type: inputs.blockStorages[0].volumeType }],
  instances: [{ role_type: "SENTINEL" }],
  role_type: "SENTINEL",
  server_type_name: inputs.serverType,
});

export function createBody(inputs: I, engineVersionId: string) {
  return {
    allowable_ip_addresses: inputs.allowedIps,
    dbaas_engine_version_id: engineVersionId,
    ha_enabled: inputs.haEnabled,
    init_config_option: {
      ...(inputs.backup ? { backup_option: backupBody(inputs.backup) } : {}),
      database_port: inputs.databasePort,
      database_user_password: inputs.databasePassword,
      sentinel_port: inputs.sentinelPort,
    },
    instance_groups: [
      {
        block_storage_groups: blockStorageGroups(inputs),
        instances: [{ role_type: "MASTER" }, ...Array.from({ length: inputs.replicaCount }, () => ({ role_type: "REPLICA" }))],
        role_type: inputs.replicaCount > 0 ? "MASTER_REPLICA" : "MASTER",
        server_type_name: inputs.serverType,
      },
      ...(inputs.haEnabled ? [sentinelGroup(inputs)] : []),
    ],
    instance_name_prefix: inputs.instanceNamePrefix,
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    name: inputs.name,
    nat_enabled: inputs.natEnabled,
    replica_count: inputs.replicaCount,
    subnet_id: inputs.subnetId,
    tags: tagsBody(inputs.tags),
    timezone: inputs.timezone,
  };
}

/** What a restored cluster takes from its source (Create Restore Cluster's body cannot carry it). */
function takenFromSource(source: RedisCluster): Partial<Record<keyof I, unknown>> {
  return {
    ...takenFromAnySource(source),
    databasePort: source.init_config_option.database_port,
    ...(source.init_config_option.sentinel_port !== null && source.init_config_option.sentinel_port !== undefined
      ? { sentinelPort: source.init_config_option.sentinel_port }
      : {}),
    ...(source.replica_count !== null && source.replica_count !== undefined ? { replicaCount: source.replica_count } : {}),
  };
}

const byRole = (c: RedisCluster, role: string): InstanceByRole[] =>
  c.instance_groups
    .flatMap((g) => g.instances)
    .filter((i) => i.role_type === role)
    .map((i) => ({ name: i.name, ipAddress: i.service_ip_address, serviceState: i.service_state }));

export function fromApi(c: RedisCluster, previous: Partial<O>, extras: Extras): ReadResult<I, O> {
  const kit = kitFromApi(c, previous, isData);
  const backup = backupFromApi(c.init_config_option.backup_option);
  const instances = { MASTER: byRole(c, "MASTER"), REPLICA: byRole(c, "REPLICA"), SENTINEL: byRole(c, "SENTINEL") };
  const sentinelPort = Number(c.init_config_option.sentinel_port ?? previous.sentinelPort ?? 26378);
  const inputs: I = dropUndefined({
    engine: "cachestore",
    engineVersion: c.software_version || previous.engineVersion || "",
    ...kit.inputs,
    blockStorages: kit.inputs.blockStorages as I["blockStorages"],
    haEnabled: c.ha_enabled ?? false,
    // Show Cluster's documented answer has no replica_count: count the REPLICA instances then.
    replicaCount: c.replica_count ?? instances.REPLICA.length,
    databasePort: c.init_config_option.database_port,
    sentinelPort,
    databasePassword: previous.databasePassword ?? "",
    backup: backup && { retentionDays: backup.retentionDays, startHour: backup.startHour },
    parameters: extras.parameters,
    commands: extras.commands,
    restoreFrom: previous.restoreFrom,
  });
  const master = instances.MASTER[0]?.ipAddress ?? "";
  const sentinel = instances.SENTINEL[0]?.ipAddress ?? "";
  const outs: O = {
    ...inputs,
    ...kit.outputs,
    endpoint: master ? `${master}:${inputs.databasePort}` : "",
    sentinelEndpoint: sentinel ? `${sentinel}:${sentinelPort}` : "",
    connectionString:
      master && inputs.databasePassword ? `redis://:${encodeURIComponent(inputs.databasePassword)}@${master}:${inputs.databasePort}` : "",
    instances,
  };
  return { outs, inputs };
}

// ---- Redis commands -------------------------------------------------------------------------

type Command = CommandList["contents"][number];

async function listCommands(api: ScpClient, id: string): Promise<Command[]> {
  return (await callEndpoint(api, cachestoreEndpoints, "GET /v1/clusters/{cluster_id}/commands", { params: { cluster_id: id } })).contents;
}

/** The applied names of the commands the program manages (a command's own name: not renamed). */
const readCommands = (api: ScpClient, id: string, keys: string[]) => readApplied(() => listCommands(api, id), keys);

/** The `PUT …/commands` entries that take the cluster from its applied names to `desired`; a command left out gets its own name back. */
export function commandChanges(all: Command[], live: Record<string, string>, desired: Record<string, string>) {
  const changes: { id: string; name: string; new_value: string }[] = [];
  for (const name of new Set([...Object.keys(live), ...Object.keys(desired)])) {
    const c = all.find((x) => x.name === name);
    if (!c)
      throw new InputError(
        `commands.${name}`,
        `is not a command this cluster lists; known: ${all.map((x) => x.name).join(", ") || "none"}`,
      );
    const target = desired[name] ?? c.name;
    if (c.applied_value === target) continue;
    if (c.modifiable === false || c.modifiable === "false") throw new InputError(`commands.${name}`, "cannot be renamed on this cluster");
    changes.push({ id: c.id, name: c.name, new_value: target });
  }
  return changes;
}

const SYNC = "POST /v1/clusters/{cluster_id}/commands/sync";
const UPDATE = "PUT /v1/clusters/{cluster_id}/commands";

/**
 * The API keeps its own list of the servers' command names: it is synchronised with the servers
 * first, so the change is computed from what the servers run (a rename made on a server is not
 * overwritten blindly), then only the commands that differ are sent.
 */
const commandsMutation: Mutation<I, O> = {
  name: "commands",
  endpoint: `${SYNC}; ${UPDATE}`,
  async apply(ctx, id, live, desired) {
    const api = clientFor(ctx, cachestore);
    const what = clusterLabel(desired);
    const synced = await sendMutation(api, cachestoreEndpoints, SYNC, { params: { cluster_id: id } });
    await waitAccepted(api, cachestore, id, synced, what, "synchronise commands", ["RUNNING", "STOPPED"]);
    const changes = commandChanges(await listCommands(api, id), live.commands, desired.commands);
    if (changes.length === 0) return;
    const accepted = await sendMutation(api, cachestoreEndpoints, UPDATE, { params: { cluster_id: id }, body: { commands: changes } });
    return waitAccepted(api, cachestore, id, accepted, what, "commands");
  },
};

interface Extras {
  parameters: Record<string, string>;
  commands: Record<string, string>;
}

async function createRequest(ctx: Context, api: ScpClient, inputs: I) {
  await assertServerType(api, inputs.serverType);
  if (inputs.restoreFrom) return restoreRequest(api, cachestore, inputs, takenFromSource);
  const version = await resolveEngineVersion(api, inputs.engineVersion, REDIS);
  await assertParametersBeforeCreate(api, version, inputs.parameters, ctx.log, REDIS);
  return { endpoint: "POST /v1/clusters", body: createBody(inputs, version.id) };
}

export const cachestoreDefinition = defineScpCluster<I, O, RedisCluster, Extras>({
  engine: "cachestore",
  api: cachestore,
  schema: CachestoreInputs,
  fields: cachestoreFields,
  validateChange,
  mutations: [
    serverTypeMutation(cachestore, isData),
    blockStoragesMutation(cachestore),
    allowedIpsMutation(cachestore),
    maintenanceMutation(cachestore),
    parametersMutation(cachestore),
    commandsMutation,
    backupMutation(cachestore, backupBody),
    runningMutation(cachestore),
  ],
  async preflight(_ctx, api, id, live, desired) {
    if ((live.instanceGroups ?? []).some((g) => isData(g.roleType) && g.serverType !== desired.serverType))
      await assertServerType(api, desired.serverType);
    if (!deepEqual(desired.parameters, live.parameters)) assertParameterValues(await clusterParameters(api, id), desired.parameters);
    // Unknown or fixed commands are refused before anything is sent (the sync included).
    if (!deepEqual(desired.commands, live.commands)) commandChanges(await listCommands(api, id), live.commands, desired.commands);
  },
  checkCatalog: (ctx, api, news, olds) => checkCatalogInputs(api, news, olds, REDIS, ctx.log),
  readExtras: async (api, id, previous) => ({
    parameters: await readParameters(api, id, Object.keys(previous.parameters ?? {})),
    commands: await readCommands(api, id, Object.keys(previous.commands ?? {})),
  }),
  fromApi,
  createRequest,
  afterCreate: (inputs, live) => [
    // The restore body has no backup schedule: a restored cluster gets the declared one (or none).
    ...(inputs.restoreFrom && !deepEqual(inputs.backup, live.backup) ? ["backup"] : []),
    ...(Object.keys(inputs.parameters).length > 0 ? ["parameters"] : []),
    ...(Object.keys(inputs.commands).length > 0 ? ["commands"] : []),
    ...(inputs.running ? [] : ["running"]),
  ],
  notReadBack: ["instanceNamePrefix", "tags", "restoreFrom"],
});
