// scp.Cluster translation: one function per shape between our inputs/outputs and the API's
// bodies, shared by create, the mutations and read. Pure: no API calls.

import type { ReadResult } from "../core/resource";
import type { Bs, ClusterInputs, ClusterOutputs } from "./cluster-inputs";
import { cidrSet, type Maintenance } from "./inputs";
import type { PostgresqlCluster } from "./schemas";

export function maintenanceBody(m: Maintenance) {
  const [hh, mm] = m.startTime.split(":");
  return { start_day_of_week: m.dayOfWeek, start_time: hh, start_minute: mm, term_hour: String(m.durationHours) };
}

export function maintenanceFromApi(o: PostgresqlCluster["maintenance_option"]): Maintenance | undefined {
  if (!o || !o.use_maintenance_option || !o.starting_day_of_week || !o.starting_time) return undefined;
  const digits = o.starting_time.replace(/\D/g, "").padStart(4, "0");
  return {
    dayOfWeek: o.starting_day_of_week as Maintenance["dayOfWeek"],
    startTime: `${digits.slice(0, 2)}:${digits.slice(2, 4)}`,
    durationHours: Number(o.period_hour),
  };
}

export function backupBody(b: NonNullable<ClusterInputs["backup"]>) {
  return {
    archive_frequency_minute: String(b.archiveFrequencyMinutes),
    retention_period_day: String(b.retentionDays),
    starting_time_hour: String(b.startHour),
  };
}

export function createBody(inputs: ClusterInputs, engineVersionId: string) {
  const role = inputs.haEnabled ? "ACTIVE_STANDBY" : "ACTIVE";
  const instances = inputs.haEnabled
    ? [{ role_type: "ACTIVE" }, { role_type: "STANDBY" }]
    : [{ role_type: "ACTIVE" }];
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
      role_type: role,
      server_type_name: inputs.serverType,
      block_storage_groups: inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType })),
      instances,
    }],
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    tags: Object.entries(inputs.tags).map(([key, value]) => ({ key, value })),
  };
}

export function maintenanceOptionBody(m: Maintenance) {
  const [hh, mm] = m.startTime.split(":");
  return { starting_day_of_week: m.dayOfWeek, starting_time: `${hh}${mm}`, period_hour: String(m.durationHours) };
}

/** The instance group that holds the data disks (ACTIVE or ACTIVE_STANDBY). */
function primaryGroup(c: PostgresqlCluster) {
  return c.instance_groups.find((g) => g.role_type.startsWith("ACTIVE")) ?? c.instance_groups[0];
}

/** Matches the API's block storage groups to the declared list: by known id, else by role/type/size. */
function matchBlockStorages(c: PostgresqlCluster, declared: Bs[], knownIds: string[]): string[] {
  const groups = primaryGroup(c)?.block_storage_groups.filter((b) => b.role_type !== "OS") ?? [];
  const used = new Set<string>();
  const ids: string[] = [];
  declared.forEach((d, i) => {
    const byId = groups.find((g) => g.id === knownIds[i] && !used.has(g.id));
    const match = byId ?? groups.find((g) => !used.has(g.id) && g.role_type === d.roleType && g.volume_type === d.volumeType && g.size_gb === d.sizeGb)
      ?? groups.find((g) => !used.has(g.id) && g.role_type === d.roleType);
    if (match) {
      used.add(match.id);
      ids.push(match.id);
    }
  });
  // Block storages the program does not declare (added out of band) show as drift at the end.
  for (const g of groups) if (!used.has(g.id)) ids.push(g.id);
  return ids;
}

export function fromApi(c: PostgresqlCluster, previous: Partial<ClusterOutputs>, parameters: Record<string, string>): ReadResult<ClusterInputs, ClusterOutputs> {
  const group = primaryGroup(c);
  const declared = previous.blockStorages ?? [];
  const ids = matchBlockStorages(c, declared, previous.blockStorageIds ?? []);
  const byId = new Map(group?.block_storage_groups.map((b) => [b.id, b]) ?? []);
  const blockStorages: Bs[] = ids.map((id) => byId.get(id)!).filter(Boolean)
    .map((b) => ({ roleType: b.role_type as Bs["roleType"], sizeGb: b.size_gb, volumeType: (b.volume_type || "SSD") as Bs["volumeType"] }));
  const backup = c.init_config_option.backup_option;
  const hasBackup = backup && backup.retention_period_day !== null && backup.retention_period_day !== undefined && backup.retention_period_day !== "";
  const inputs: ClusterInputs = {
    engine: "postgresql",
    name: c.name,
    engineVersion: c.software_version || previous.engineVersion || "",
    subnetId: c.subnet_id,
    serverType: group?.server_type_name ?? "",
    instanceNamePrefix: previous.instanceNamePrefix ?? "",
    blockStorages,
    haEnabled: c.ha_enabled ?? false,
    natEnabled: c.nat_enabled ?? false,
    timezone: c.timezone,
    allowedIps: cidrSet.parse(c.allowable_ip_addresses ?? []),
    maintenance: maintenanceFromApi(c.maintenance_option),
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
    running: !["STOPPED", "STOPPING"].includes(c.service_state),
    tags: previous.tags ?? {},
    adopt: previous.adopt,
  };
  if (inputs.maintenance === undefined) delete inputs.maintenance;
  if (inputs.backup === undefined) delete inputs.backup;
  if (inputs.adopt === undefined) delete inputs.adopt;
  const host = c.virtual_ip_address || group?.instances[0]?.service_ip_address || "";
  const outs: ClusterOutputs = {
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
    instanceGroups: c.instance_groups.map((g) => ({
      id: g.id,
      roleType: g.role_type,
      serverType: g.server_type_name,
      blockStorages: g.block_storage_groups.map((b) => ({ id: b.id, roleType: b.role_type, sizeGb: b.size_gb, volumeType: b.volume_type })),
      instances: g.instances.map((i) => ({ name: i.name, roleType: i.role_type, serviceState: i.service_state, ipAddress: i.service_ip_address, publicIpAddress: i.public_ip_address })),
    })),
  };
  return { outs, inputs };
}
