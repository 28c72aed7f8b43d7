// scp.Cluster with engine "postgresql", on the kit: what is PostgreSQL's own (the database fields
// of the create body and of Show Cluster, the audit log, the minor patch, the connection string,
// the catalogue checks) and the list of mutations in the order they run.

import { deepEqual } from "../../core/diff";
import type { Mutation, ReadResult } from "../../core/resource";
import {
  assertParametersBeforeCreate,
  assertParameterValues,
  assertServerType,
  checkCatalogInputs,
  clusterParameters,
  POSTGRESQL,
  readParameters,
  resolveEngineVersion,
} from "../catalog";
import { isNotFound } from "../../core/errors";
import type { ScpClient } from "../client";
import { clusterLabel, getCluster, putMaybeApplied, scpEngine } from "../kit/cluster";
import { callEndpoint } from "../kit/endpoints";
import { defineScpCluster } from "../kit/engine";
import { restoreRequest, takenFromAnySource } from "../kit/restore";
import {
  allowedIpsMutation,
  backupMutation,
  blockStoragesMutation,
  maintenanceMutation,
  minorPatchMutation,
  parametersMutation,
  runningMutation,
  serverTypeMutation,
} from "../kit/mutations";
import { backupFromApi, dropUndefined, kitFromApi, maintenanceOptionBody, tagsBody } from "../kit/translate";
import type { PostgresqlCluster } from "../schemas";
import { postgresqlEndpoints } from "./endpoints";
import { PostgresqlInputs, postgresqlFields, validateChange, type PostgresqlOutputs } from "./inputs";

export const postgresql = scpEngine("postgresql", postgresqlEndpoints);
const engine = postgresql;
type I = PostgresqlInputs;
type O = PostgresqlOutputs;

/** ACTIVE or ACTIVE_STANDBY: the group that holds the data disks. */
export const isActive = (role: string) => role.startsWith("ACTIVE");

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
    instance_groups: [
      {
        role_type: inputs.haEnabled ? "ACTIVE_STANDBY" : "ACTIVE",
        server_type_name: inputs.serverType,
        block_storage_groups: inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType })),
        instances: inputs.haEnabled ? [{ role_type: "ACTIVE" }, { role_type: "STANDBY" }] : [{ role_type: "ACTIVE" }],
      },
    ],
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    tags: tagsBody(inputs.tags),
  };
}

export function fromApi(c: PostgresqlCluster, previous: Partial<O>, parameters: Record<string, string>): ReadResult<I, O> {
  const kit = kitFromApi(c, previous, isActive);
  const backup = backupFromApi(c.init_config_option.backup_option);
  const inputs: I = dropUndefined({
    engine: "postgresql",
    engineVersion: c.software_version || previous.engineVersion || "",
    ...kit.inputs,
    blockStorages: kit.inputs.blockStorages as I["blockStorages"],
    haEnabled: c.ha_enabled ?? false,
    databaseName: c.init_config_option.database_name,
    databaseUserName: c.init_config_option.database_user_name,
    databasePassword: previous.databasePassword ?? "",
    databasePort: c.init_config_option.database_port,
    databaseEncoding: c.init_config_option.database_encoding,
    databaseLocale: c.init_config_option.database_locale,
    backup: backup && {
      retentionDays: backup.retentionDays,
      startHour: backup.startHour,
      archiveFrequencyMinutes: Number(backup.archiveFrequencyMinute ?? 60) as 5 | 10 | 30 | 60,
    },
    parameters,
    auditLog: c.init_config_option.audit_enabled ?? false,
    restoreFrom: previous.restoreFrom,
  });
  const host = c.virtual_ip_address || kit.group?.instances[0]?.service_ip_address || "";
  const outs: O = {
    ...inputs,
    ...kit.outputs,
    virtualIpAddress: c.virtual_ip_address ?? "",
    endpoint: host ? `${host}:${inputs.databasePort}` : "",
    connectionString:
      host && inputs.databasePassword
        ? `postgresql://${inputs.databaseUserName}:${encodeURIComponent(inputs.databasePassword)}@` +
          `${host}:${inputs.databasePort}/${inputs.databaseName}`
        : "",
    isKernelPatchable: c.is_kernel_patchable ?? false,
  };
  return { outs, inputs };
}

/** What a restored cluster takes from its source: Create Restore Cluster's body cannot carry it. */
function takenFromSource(source: PostgresqlCluster): Partial<Record<keyof I, unknown>> {
  const o = source.init_config_option;
  return {
    ...takenFromAnySource(source),
    databaseName: o.database_name,
    databaseUserName: o.database_user_name,
    databasePort: o.database_port,
    databaseEncoding: o.database_encoding,
    databaseLocale: o.database_locale,
  };
}

// ---- PostgreSQL's own mutations --------------------------------------------------------------

const AUDIT_LOG = "PUT /v1/clusters/{cluster_id}/audit-log";

const auditLog: Mutation<I, O> = {
  name: "auditLog",
  endpoint: AUDIT_LOG,
  async apply(ctx, id, _live, desired) {
    return putMaybeApplied(
      ctx,
      engine,
      id,
      AUDIT_LOG,
      { use_audit_log: desired.auditLog },
      clusterLabel(desired),
      "audit log",
      async (a) => ((await getCluster(a, engine, id)).init_config_option.audit_enabled ?? false) === desired.auditLog,
    );
  },
};

/**
 * An origin that still has replicas cannot be deleted (the API refuses, naming ids): say which
 * replicas, by name and region, before the DELETE. Pulumi deletes an `scp.Replica` before its
 * source, so this fires only for replicas outside this program (or created out of band).
 */
async function refuseWhileReplicas(api: ScpClient, id: string, outs: O): Promise<void> {
  let replicas: { contents: { name: string; region: string }[] };
  try {
    replicas = await callEndpoint(api, postgresqlEndpoints, "GET /v1/clusters/{cluster_id}/replicas", { params: { cluster_id: id } });
  } catch (err) {
    if (isNotFound(err)) return; // already gone: the confirmed delete that follows says so
    throw err;
  }
  if (replicas.contents.length === 0) return;
  const names = replicas.contents.map((r) => `${r.name}${r.region ? ` (${r.region})` : ""}`).join(", ");
  throw new Error(
    `${clusterLabel(outs, id)} still has replicas: ${names}. Delete or promote them first (destroy ` +
      `their scp.Replica resources, or set promoted: true); nothing was deleted`,
  );
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
  checkCatalog: (ctx, api, news, olds) => checkCatalogInputs(api, news, olds, POSTGRESQL, ctx.log),
  readExtras: (api, id, previous) => readParameters(api, id, Object.keys(previous.parameters ?? {})),
  fromApi,
  /** Catalogue facts first (nothing is created with a version, server type or parameter the API does not offer), then the POST. */
  async createRequest(ctx, api, inputs) {
    if (inputs.restoreFrom) {
      await assertServerType(api, inputs.serverType);
      return restoreRequest(api, engine, inputs, takenFromSource);
    }
    const version = await resolveEngineVersion(api, inputs.engineVersion);
    await assertServerType(api, inputs.serverType);
    await assertParametersBeforeCreate(api, version, inputs.parameters, ctx.log);
    return { endpoint: "POST /v1/clusters", body: createBody(inputs, version.id) };
  },
  afterCreate: (inputs, live) => [
    // The restore body has neither a backup schedule nor the audit flag: a restored cluster gets the declared ones.
    ...(inputs.restoreFrom && inputs.auditLog !== live.auditLog ? ["auditLog"] : []),
    ...(inputs.restoreFrom && inputs.backup && !deepEqual(inputs.backup, live.backup) ? ["backup"] : []),
    ...(Object.keys(inputs.parameters).length > 0 ? ["parameters"] : []),
    ...(inputs.running ? [] : ["running"]),
  ],
  notReadBack: ["instanceNamePrefix", "tags", "restoreFrom"],
  beforeDelete: (_ctx, api, id, outs) => refuseWhileReplicas(api, id, outs),
});
