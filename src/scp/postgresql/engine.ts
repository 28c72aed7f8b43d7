// scp.Cluster with engine "postgresql", on the kit: what is PostgreSQL's own (the database fields
// of the create body and of Show Cluster, the audit log, the minor patch, the connection string,
// the catalogue checks) and the list of mutations in the order they run.

import { deepEqual } from "../../core/diff";
import { registerSecret } from "../../core/redact";
import type { Mutation, ReadResult } from "../../core/resource";
import { assertParameterNames, assertParameterValues, assertServerType, clusterParameters, resolveEngineVersion } from "../catalog";
import { clusterLabel, getCluster, putMaybeApplied, scpEngine } from "../kit/cluster";
import { defineScpCluster } from "../kit/engine";
import {
  allowedIpsMutation, backupMutation, blockStoragesMutation, maintenanceMutation, minorPatchMutation, parametersMutation, runningMutation,
  serverTypeMutation,
} from "../kit/mutations";
import { blockStoragesFromApi, dataGroup, instanceGroupsOutput, kitInputsFromApi, maintenanceOptionBody, tagsBody } from "../kit/translate";
import type { PostgresqlCluster } from "../schemas";
import { postgresqlEndpoints } from "./endpoints";
import { PostgresqlInputs, postgresqlFields, validateChange, type PostgresqlOutputs } from "./inputs";

const engine = scpEngine("postgresql", postgresqlEndpoints);
type I = PostgresqlInputs;
type O = PostgresqlOutputs;

/** ACTIVE or ACTIVE_STANDBY: the group that holds the data disks. */
const isActive = (role: string) => role.startsWith("ACTIVE");

export function backupBody(b: NonNullable<I["backup"]>) {
  return {
    archive_frequency_minute: String(b.archiveFrequencyMinutes),
    retention_period_day: String(b.retentionDays),
    starting_time_hour: String(b.startHour),
  };
}

export function createBody(inputs: I, engineVersionId: string) {
  return {
    name: inputs.name,
    dbaas_engine_version_id: engineVersionId,
    subnet_id: inputs.subnetId,
    ha_enabled: inputs.haEnabled,
    nat_enabled: inputs.natEnabled,
    timezone: inputs.timezone,
    instance_name_prefix: inputs.instanceNamePrefix,
    allowable_ip_addresses: inputs.allowedIps,
    init_config_option: {
      audit_enabled: inputs.auditLog,
      ...(inputs.backup ? { backup_option: backupBody(inputs.backup) } : {}),
      database_encoding: inputs.databaseEncoding,
      database_locale: inputs.databaseLocale,
      database_name: inputs.databaseName,
      database_port: inputs.databasePort,
      database_user_name: inputs.databaseUserName,
      database_user_password: inputs.databasePassword,
    },
    instance_groups: [{
      role_type: inputs.haEnabled ? "ACTIVE_STANDBY" : "ACTIVE",
      server_type_name: inputs.serverType,
      block_storage_groups: inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType })),
      instances: inputs.haEnabled ? [{ role_type: "ACTIVE" }, { role_type: "STANDBY" }] : [{ role_type: "ACTIVE" }],
    }],
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    tags: tagsBody(inputs.tags),
  };
}

export function fromApi(c: PostgresqlCluster, previous: Partial<O>, parameters: Record<string, string>): ReadResult<I, O> {
  const group = dataGroup(c.instance_groups, isActive);
  const { ids, blockStorages } = blockStoragesFromApi(group, previous.blockStorages ?? [], previous.blockStorageIds ?? []);
  const backup = c.init_config_option.backup_option;
  const hasBackup = backup && backup.retention_period_day !== null && backup.retention_period_day !== undefined && backup.retention_period_day !== "";
  const inputs: I = {
    ...kitInputsFromApi(c, group, previous),
    engine: "postgresql",
    blockStorages: blockStorages as I["blockStorages"],
    haEnabled: c.ha_enabled ?? false,
    databaseName: c.init_config_option.database_name,
    databaseUserName: c.init_config_option.database_user_name,
    databasePassword: previous.databasePassword ?? "",
    databasePort: c.init_config_option.database_port,
    databaseEncoding: c.init_config_option.database_encoding,
    databaseLocale: c.init_config_option.database_locale,
    backup: hasBackup ? {
      retentionDays: Number(backup!.retention_period_day),
      startHour: Number(backup!.starting_time_hour),
      archiveFrequencyMinutes: Number(backup!.archive_frequency_minute ?? 60) as 5 | 10 | 30 | 60,
    } : undefined,
    parameters,
    auditLog: c.init_config_option.audit_enabled ?? false,
  };
  if (inputs.maintenance === undefined) delete inputs.maintenance;
  if (inputs.backup === undefined) delete inputs.backup;
  if (inputs.adopt === undefined) delete inputs.adopt;
  const host = c.virtual_ip_address || group?.instances[0]?.service_ip_address || "";
  const outs: O = {
    ...inputs,
    serviceState: c.service_state,
    softwareVersion: c.software_version,
    virtualIpAddress: c.virtual_ip_address ?? "",
    endpoint: host ? `${host}:${inputs.databasePort}` : "",
    connectionString: host && inputs.databasePassword
      ? `postgresql://${inputs.databaseUserName}:${encodeURIComponent(inputs.databasePassword)}@${host}:${inputs.databasePort}/${inputs.databaseName}`
      : "",
    isKernelPatchable: c.is_kernel_patchable ?? false,
    blockStorageIds: ids,
    instanceGroups: instanceGroupsOutput(c.instance_groups),
  };
  return { outs, inputs };
}

/** The values of the parameters the program manages. */
export async function readParameters(api: Parameters<typeof clusterParameters>[0], id: string, keys: string[]): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const all = await clusterParameters(api, id);
  const out: Record<string, string> = {};
  for (const k of keys) {
    const p = all.find((x) => x.name === k);
    if (p) out[k] = p.applied_value;
  }
  return out;
}

// ---- PostgreSQL's own mutations --------------------------------------------------------------

const AUDIT_LOG = "PUT /v1/clusters/{cluster_id}/audit-log";

const auditLog: Mutation<I, O> = {
  name: "auditLog",
  endpoint: AUDIT_LOG,
  async apply(ctx, id, _live, desired) {
    await putMaybeApplied(ctx, engine, id, AUDIT_LOG, { use_audit_log: desired.auditLog }, clusterLabel(desired), "audit log",
      async (a) => ((await getCluster(a, engine, id)).init_config_option.audit_enabled ?? false) === desired.auditLog);
  },
};

/** The password also appears URL-encoded (in connectionString): redact that spelling too. */
function registerPassword(props: Partial<I>) {
  if (props.databasePassword) registerSecret(encodeURIComponent(props.databasePassword));
}

export const postgresqlDefinition = defineScpCluster<I, O, PostgresqlCluster, Record<string, string>>({
  engine: "postgresql",
  api: engine,
  schema: PostgresqlInputs,
  fields: postgresqlFields,
  validateChange,
  mutations: [
    serverTypeMutation(engine),
    blockStoragesMutation(engine, { endpoint: "POST /v1/instance-groups/{instance_group_id}/block-storage-groups", isData: isActive }),
    allowedIpsMutation(engine),
    maintenanceMutation(engine),
    parametersMutation(engine),
    auditLog,
    backupMutation(engine, backupBody),
    runningMutation(engine),
    minorPatchMutation(engine, async (_api, _id, desired) => ({ software_version: desired.engineVersion, backup_before_upgrade: false })),
  ],
  async preflight(_ctx, api, id, live, desired) {
    if ((live.instanceGroups ?? []).some((g) => g.serverType !== desired.serverType)) await assertServerType(api, desired.serverType);
    if (desired.engineVersion !== live.engineVersion) await resolveEngineVersion(api, desired.engineVersion);
    if (!deepEqual(desired.parameters, live.parameters)) assertParameterValues(await clusterParameters(api, id), desired.parameters);
  },
  readExtras: (api, id, previous) => readParameters(api, id, Object.keys(previous.parameters ?? {})),
  fromApi,
  /** Catalogue facts first (nothing is created with a version, server type or parameter the API does not offer), then the POST. */
  async createRequest(ctx, api, inputs) {
    const version = await resolveEngineVersion(api, inputs.engineVersion);
    await assertServerType(api, inputs.serverType);
    await assertParameterNames(api, version, Object.keys(inputs.parameters), ctx.log);
    return { endpoint: "POST /v1/clusters", body: createBody(inputs, version.id) };
  },
  afterCreate: (inputs) => [
    ...(Object.keys(inputs.parameters).length > 0 ? ["parameters"] : []),
    ...(inputs.running ? [] : ["running"]),
  ],
  notReadBack: ["instanceNamePrefix", "tags"],
  registerSecrets: registerPassword,
});
