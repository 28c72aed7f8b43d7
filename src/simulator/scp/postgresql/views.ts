/**
 * Serialisation of the model into the document's response shapes, with the real API's quirks:
 * - numbers the document shows as strings are strings: block storage `size_gb` in Show Cluster,
 *   backup option values, server type `cpu_core`/`memory_gb`, `count`/`total_count` of replica,
 *   parameter and backup-history lists, `backup_size_gb` (the document prints `""` for them);
 * - timestamps without a zone suffix;
 * - instance groups, non-OS block storages and instances come back in reverse creation order
 *   (deterministic, but not the request order), OS disk first as in the document's example;
 * - passwords and log-export secret keys are never returned.
 */
import { DBAAS_ENGINE, PRODUCT_IMAGE_TYPE, PRODUCT_TYPE, type EngineVersion, type ServerType } from "./catalog";
import type { AsyncResult, BackupHistory, Cluster, InstanceGroup, LogExportConfig, RequestRecord } from "./state";

/** The documented order quirk: reverse of creation order. */
function quirkOrder<T>(items: T[]): T[] {
  return [...items].reverse();
}

export function asyncView(r: AsyncResult): unknown {
  return { request_id: r.request_id, resource: { id: r.resource_id } };
}

export function requestView(r: RequestRecord): unknown {
  return { request_id: r.request_id, state: r.state };
}

function instanceGroupView(g: InstanceGroup, state: string): unknown {
  const os = g.block_storage_groups.filter((b) => b.role_type === "OS");
  const rest = g.block_storage_groups.filter((b) => b.role_type !== "OS");
  return {
    block_storage_groups: [...os, ...quirkOrder(rest)].map((b) => ({
      id: b.id,
      name: b.name,
      role_type: b.role_type,
      size_gb: String(b.size_gb),
      volume_type: b.volume_type,
    })),
    id: g.id,
    instances: quirkOrder(g.instances).map((i) => ({
      name: i.name,
      public_ip_address: i.public_ip_address,
      public_ip_id: i.public_ip_id,
      role_type: i.role_type,
      service_ip_address: i.service_ip_address,
      service_state: state,
    })),
    role_type: g.role_type,
    server_type_name: g.server_type_name,
  };
}

function instanceCount(c: Cluster): number {
  return c.instance_groups.reduce((n, g) => n + g.instances.length, 0);
}

export function clusterDetailView(c: Cluster, apiVersion: string): unknown {
  const view: Record<string, unknown> = {
    account_id: c.account_id,
    allowable_ip_addresses: [...c.allowable_ip_addresses],
    created_at: c.created_at,
    created_by: c.created_by,
    dbaas_engine: DBAAS_ENGINE,
    dbaas_engine_version_name: c.engine.name,
    ha_enabled: c.ha_enabled,
    id: c.id,
    init_config_option: {
      audit_enabled: c.init.audit_enabled,
      backup_option: c.init.backup_option ? { ...c.init.backup_option } : null,
      database_encoding: c.init.database_encoding,
      database_locale: c.init.database_locale,
      database_name: c.init.database_name,
      database_port: c.init.database_port,
      database_user_name: c.init.database_user_name,
      origin_region: c.init.origin_region,
    },
    instance_count: instanceCount(c),
    instance_groups: quirkOrder(c.instance_groups).map((g) => instanceGroupView(g, c.service_state)),
    maintenance_option: c.maintenance
      ? { ...c.maintenance, use_maintenance_option: true }
      : { period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false },
    modified_at: c.modified_at,
    modified_by: c.modified_by,
    name: c.name,
    nat_enabled: c.nat_enabled,
    origin_cluster_id: c.origin_cluster_id,
    product_image_type: PRODUCT_IMAGE_TYPE,
    product_type: PRODUCT_TYPE,
    replicas: [...c.replicas],
    role_type: c.role_type,
    service_state: c.service_state,
    software_version: c.engine.software_version,
    subnet_id: c.subnet_id,
    timezone: c.timezone,
    vip_public_ip_address: c.vip_public_ip_address,
    vip_public_ip_id: c.vip_public_ip_id,
    virtual_ip_address: c.virtual_ip_address,
  };
  // Version 1.1 (PostgresqlClusterDetailResponseV1Dot1) adds is_kernel_patchable. The simulator
  // ships no kernel updates, so it is always false.
  if (apiVersion !== "1.0") view.is_kernel_patchable = false;
  return view;
}

export function clusterSummaryView(c: Cluster): unknown {
  return {
    account_id: c.account_id,
    created_at: c.created_at,
    created_by: c.created_by,
    database_name: c.init.database_name,
    ha_enabled: c.ha_enabled,
    id: c.id,
    instance_count: instanceCount(c),
    modified_at: c.modified_at,
    modified_by: c.modified_by,
    name: c.name,
    role_type: c.role_type,
    service_state: c.service_state,
  };
}

export function engineVersionView(e: EngineVersion): unknown {
  return { ...e };
}

export function serverTypeView(s: ServerType): unknown {
  return { ...s, cpu_core: String(s.cpu_core), memory_gb: String(s.memory_gb) };
}

export function parameterValuesView(c: Cluster): unknown {
  return {
    contents: c.parameters.map((p) => ({
      allows_value: p.def.allows_value,
      applied_value: p.applied_value,
      apply_type: p.def.apply_type,
      data_type: p.def.data_type,
      default_value: p.def.default_value,
      description: p.def.description,
      id: p.id,
      is_modifiable: p.def.is_modifiable,
      name: p.def.name,
      software_type: "PostgreSQL",
    })),
    count: String(c.parameters.length),
    modified_at: c.parameters_modified_at,
  };
}

export function backupHistoryView(b: BackupHistory): unknown {
  return { ...b, backup_size_gb: b.backup_size_gb.toFixed(1) };
}

export function replicaItemView(r: Cluster): unknown {
  return {
    name: r.name,
    region: r.region,
    replica_state: r.service_state,
    replica_state_detail: null,
    synced_at: r.synced_at,
  };
}

export function logExportView(logType: string, label: string, cfg: LogExportConfig | undefined): unknown {
  return {
    bucket_name: cfg?.bucket_name ?? null,
    delete_on_export: cfg?.delete_on_export ?? null,
    is_bucket_deleted: cfg ? false : null,
    is_registered: cfg !== undefined,
    log_label: label,
    log_type: logType,
    schedule_day_of_month: cfg?.schedule_day_of_month ?? null,
    schedule_day_of_week: cfg?.schedule_day_of_week ?? null,
    schedule_frequency_type: cfg?.schedule_frequency_type ?? null,
    schedule_hour: cfg?.schedule_hour ?? null,
  };
}
