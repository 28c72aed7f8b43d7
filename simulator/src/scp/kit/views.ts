/**
 * Serialisation of the shared model into the documents' response shapes, with the real APIs'
 * quirks (the same in every SCP DBaaS document):
 * - numbers the documents print as `""` are strings: block storage `size_gb` in Show Cluster,
 *   backup option values, server type `cpu_core`/`memory_gb`, list `count`/`total_count`,
 *   `backup_size_gb`;
 * - timestamps without a zone suffix;
 * - instance groups, non-OS block storages and instances come back in reverse creation order
 *   (deterministic, but not the request order), OS disk first as in the documents' example;
 * - passwords are never returned.
 */
import type { EngineVersion, KitCatalog, ServerType } from "./catalog";
import type { AsyncResult, BackupHistory, Instance, InstanceGroup, KitCluster, RequestRecord } from "./model";

/** The documented order quirk: reverse of creation order. */
export function quirkOrder<T>(items: T[]): T[] {
  return [...items].reverse();
}

export function asyncView(r: AsyncResult): unknown {
  return { request_id: r.request_id, resource: { id: r.resource_id } };
}

export function requestView(r: RequestRecord): unknown {
  return { request_id: r.request_id, state: r.state };
}

/** `instanceExtra` adds an engine's own instance fields (CacheStore's `floating_ip_id`). */
export function instanceGroupView(
  g: InstanceGroup,
  state: string,
  instanceExtra: (i: Instance) => Record<string, unknown> = () => ({}),
): unknown {
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
      ...instanceExtra(i),
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

export function instanceCount(c: KitCluster): number {
  return c.instance_groups.reduce((n, g) => n + g.instances.length, 0);
}

export function maintenanceView(c: KitCluster): unknown {
  return c.maintenance
    ? { ...c.maintenance, use_maintenance_option: true }
    : { period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false };
}

/** The Show Cluster fields every engine's detail response has; engines add theirs. */
export function clusterDetailBase(
  c: KitCluster,
  cat: KitCatalog,
  instanceExtra?: (i: Instance) => Record<string, unknown>,
): Record<string, unknown> {
  return {
    account_id: c.account_id,
    allowable_ip_addresses: [...c.allowable_ip_addresses],
    created_at: c.created_at,
    created_by: c.created_by,
    dbaas_engine: cat.dbaasEngine,
    dbaas_engine_version_name: c.engine.name,
    id: c.id,
    instance_count: instanceCount(c),
    instance_groups: quirkOrder(c.instance_groups).map((g) => instanceGroupView(g, c.service_state, instanceExtra)),
    maintenance_option: maintenanceView(c),
    modified_at: c.modified_at,
    modified_by: c.modified_by,
    name: c.name,
    nat_enabled: c.nat_enabled,
    product_image_type: cat.productImageType,
    product_type: cat.productType,
    role_type: c.role_type,
    service_state: c.service_state,
    software_version: c.engine.software_version,
    subnet_id: c.subnet_id,
    timezone: c.timezone,
  };
}

/** List Clusters row (`ClusterResponse`); engines add theirs (`ha_enabled`, `database_name`). */
export function clusterSummaryBase(c: KitCluster): Record<string, unknown> {
  return {
    account_id: c.account_id,
    created_at: c.created_at,
    created_by: c.created_by,
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

export function parameterValuesView(c: KitCluster, softwareType: string): unknown {
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
      software_type: softwareType,
    })),
    count: String(c.parameters.length),
    modified_at: c.parameters_modified_at,
  };
}

export function backupHistoryView(b: BackupHistory): unknown {
  return { ...b, backup_size_gb: b.backup_size_gb.toFixed(1) };
}
