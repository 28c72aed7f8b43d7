// Translations every SCP engine shares between our inputs/outputs and the API's bodies: the
// maintenance window, block storage groups (matched to the declared list), instance groups and
// allowed IPs. Pure: no API calls.

import type { z } from "zod";
import { cidrSet, type Maintenance } from "../inputs";
import type { BackupOption, ClusterBase, InstanceGroup, MaintenanceOption } from "../schemas";
import type { BlockStorage, InstanceGroupOutput, KitInputs, KitOutputs } from "./rows";

type Group = z.infer<typeof InstanceGroup>;

/** `POST …/maintenance` body. */
export function maintenanceBody(m: Maintenance) {
  const [hh, mm] = m.startTime.split(":");
  return { start_day_of_week: m.dayOfWeek, start_time: hh, start_minute: mm, term_hour: String(m.durationHours) };
}

/** `maintenance_option` of a create body. */
export function maintenanceOptionBody(m: Maintenance) {
  const [hh, mm] = m.startTime.split(":");
  return { starting_day_of_week: m.dayOfWeek, starting_time: `${hh}${mm}`, period_hour: String(m.durationHours) };
}

export function maintenanceFromApi(o: z.infer<typeof MaintenanceOption> | null | undefined): Maintenance | undefined {
  if (!o || !o.use_maintenance_option || !o.starting_day_of_week || !o.starting_time) return undefined;
  const digits = o.starting_time.replace(/\D/g, "").padStart(4, "0");
  return {
    dayOfWeek: o.starting_day_of_week as Maintenance["dayOfWeek"],
    startTime: `${digits.slice(0, 2)}:${digits.slice(2, 4)}`,
    durationHours: Number(o.period_hour),
  };
}

export const tagsBody = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

export const allowedIpsFromApi = (list: string[] | null | undefined) => cidrSet.parse(list ?? []);

/** The instance group that holds the data disks: the first whose role `isData` accepts. */
export function dataGroup(groups: Group[], isData: (roleType: string) => boolean): Group | undefined {
  return groups.find((g) => isData(g.role_type)) ?? groups[0];
}

/** Matches the API's block storage groups to the declared list: by known id, else by role/type/size. */
export function matchBlockStorages(group: Group | undefined, declared: BlockStorage[], knownIds: string[]): string[] {
  const groups = group?.block_storage_groups.filter((b) => b.role_type !== "OS") ?? [];
  const used = new Set<string>();
  const ids: string[] = [];
  declared.forEach((d, i) => {
    const byId = groups.find((g) => g.id === knownIds[i] && !used.has(g.id));
    const match =
      byId ??
      groups.find((g) => !used.has(g.id) && g.role_type === d.roleType && g.volume_type === d.volumeType && g.size_gb === d.sizeGb) ??
      groups.find((g) => !used.has(g.id) && g.role_type === d.roleType);
    if (match) {
      used.add(match.id);
      ids.push(match.id);
    }
  });
  // Block storages the program does not declare (added out of band) show as drift at the end.
  for (const g of groups) if (!used.has(g.id)) ids.push(g.id);
  return ids;
}

/** The declared block storages as the API shows them, and their ids, index for index. */
export function blockStoragesFromApi(group: Group | undefined, declared: BlockStorage[], knownIds: string[]) {
  const ids = matchBlockStorages(group, declared, knownIds);
  const byId = new Map(group?.block_storage_groups.map((b) => [b.id, b]) ?? []);
  const blockStorages = ids
    .map((id) => byId.get(id)!)
    .filter(Boolean)
    .map((b) => ({ roleType: b.role_type, sizeGb: b.size_gb, volumeType: b.volume_type || "SSD" }));
  return { ids, blockStorages };
}

export function instanceGroupsOutput(groups: Group[]): InstanceGroupOutput[] {
  return groups.map((g) => ({
    id: g.id,
    roleType: g.role_type,
    serverType: g.server_type_name,
    blockStorages: g.block_storage_groups.map((b) => ({ id: b.id, roleType: b.role_type, sizeGb: b.size_gb, volumeType: b.volume_type })),
    instances: g.instances.map((i) => ({
      name: i.name,
      roleType: i.role_type,
      serviceState: i.service_state,
      ipAddress: i.service_ip_address,
      publicIpAddress: i.public_ip_address,
    })),
  }));
}

/** `running` as the API's state shows it. */
export const runningFromState = (state: string) => !["STOPPED", "STOPPING"].includes(state);

/** The backup schedule as Show Cluster reports it; undefined when none is set. */
export function backupFromApi(o: z.infer<typeof BackupOption> | null | undefined) {
  if (!o || o.retention_period_day === null || o.retention_period_day === undefined || o.retention_period_day === "") return undefined;
  return {
    retentionDays: Number(o.retention_period_day),
    startHour: Number(o.starting_time_hour),
    archiveFrequencyMinute: o.archive_frequency_minute,
  };
}

/**
 * What every engine reads the same way from Show Cluster: the kit's inputs (values the API never
 * returns come from `previous`), the block storage ids and the kit's outputs. `isData` picks the
 * instance group that carries the server type and the data disks.
 */
export function kitFromApi(c: z.infer<typeof ClusterBase>, previous: Partial<KitInputs & KitOutputs>, isData: (role: string) => boolean) {
  const group = dataGroup(c.instance_groups, isData);
  const { ids, blockStorages } = blockStoragesFromApi(group, previous.blockStorages ?? [], previous.blockStorageIds ?? []);
  const inputs = {
    name: c.name,
    subnetId: c.subnet_id,
    serverType: group?.server_type_name ?? "",
    instanceNamePrefix: (previous as { instanceNamePrefix?: string }).instanceNamePrefix ?? "",
    blockStorages,
    natEnabled: c.nat_enabled ?? false,
    timezone: c.timezone,
    allowedIps: allowedIpsFromApi(c.allowable_ip_addresses),
    maintenance: maintenanceFromApi(c.maintenance_option),
    running: runningFromState(c.service_state),
    tags: previous.tags ?? {},
    adopt: previous.adopt,
  };
  const outputs: KitOutputs = {
    serviceState: c.service_state,
    softwareVersion: c.software_version,
    blockStorageIds: ids,
    instanceGroups: instanceGroupsOutput(c.instance_groups),
  };
  return { group, inputs, outputs };
}

/** Optional inputs the API reports as absent are left out, so a state never records `undefined`. */
export function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Instances by role (`{ BROKER: [...], … }`): the shape a program reads an engine's nodes in. */
export function instancesByRole<R extends string>(
  groups: Group[],
  roles: readonly R[],
): Record<R, { name: string; ipAddress: string; serviceState: string }[]> {
  const nodes = groups.flatMap((g) => g.instances);
  return Object.fromEntries(
    roles.map((role) => [
      role,
      nodes
        .filter((i) => i.role_type === role)
        .map((i) => ({ name: i.name, ipAddress: i.service_ip_address, serviceState: i.service_state })),
    ]),
  ) as Record<R, { name: string; ipAddress: string; serviceState: string }[]>;
}
