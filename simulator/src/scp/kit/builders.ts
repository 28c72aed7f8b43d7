/**
 * Builders of the shared cluster model (instances with their addresses, instance groups with the
 * service's OS disk, the fields of a created or restored cluster, backups) and the restore check.
 * Between the machinery (state-core.ts) and the operations (cluster-ops.ts) only to keep each file
 * to one job.
 */
import { ScpInvalidStateError, ScpValidationError, type FieldIssue } from "../errors";
import { SIM_REGION, SIM_USER_ID, type EngineVersion } from "./catalog";
import {
  formatTimestamp,
  newId,
  type BlockStorage,
  type Instance,
  type InstanceGroup,
  type KitCluster,
  type Maintenance,
  type Tag,
} from "./model";
import { StateCore, type BaseClusterFields, type GroupRequest, type InstanceRequest, type StorageRequest } from "./state-core";

export abstract class ClusterBuilders<C extends KitCluster> extends StateCore<C> {
  // ---- builders ----

  /** Instances named `<prefix>-NN` from `firstIndex`; free addresses are allocated for the rest. */
  protected buildInstances(
    requested: InstanceRequest[],
    namePrefix: string,
    subnetId: string,
    firstIndex = 1,
    taken = this.usedIps(),
  ): Instance[] {
    return requested.map((i, n) => {
      const ip = i.service_ip_address || this.allocateIp(subnetId, taken);
      taken.add(`${subnetId}|${ip}`);
      return {
        name: `${namePrefix}-${String(firstIndex + n).padStart(2, "0")}`,
        role_type: i.role_type,
        service_ip_address: ip,
        public_ip_id: i.public_ip_id || null,
        public_ip_address: i.public_ip_id ? this.publicIp() : null,
      };
    });
  }

  protected buildInstanceGroup(
    req: GroupRequest,
    defaultInstances: InstanceRequest[],
    namePrefix: string,
    subnetId: string,
    opts: { firstIndex?: number; taken?: Set<string> } = {},
  ): InstanceGroup {
    const instances = this.buildInstances(req.instances ?? defaultInstances, namePrefix, subnetId, opts.firstIndex, opts.taken);
    const storages: BlockStorage[] = [
      // The service adds the OS disk itself (document example: role_type "OS").
      { id: newId(), name: `${namePrefix}-os`, role_type: "OS", size_gb: this.catalog.osDiskGb, volume_type: "SSD" },
      ...req.block_storage_groups.map((b, n) => this.buildStorage(b, `${namePrefix}-${b.role_type.toLowerCase()}-${n + 1}`)),
    ];
    return { id: newId(), role_type: req.role_type, server_type_name: req.server_type_name, block_storage_groups: storages, instances };
  }

  protected buildStorage(b: StorageRequest, name: string): BlockStorage {
    return { id: newId(), name, role_type: b.role_type, size_gb: b.size_gb, volume_type: b.volume_type ?? "SSD" };
  }

  /** A create body's shared fields as {@link BaseClusterFields} (an ORIGIN cluster in this region). */
  protected createFields(
    body: {
      name: string;
      subnet_id: string;
      timezone: string;
      instance_name_prefix: string;
      nat_enabled?: boolean;
      allowable_ip_addresses?: string[];
      tags?: Tag[] | null;
      maintenance_option?: Maintenance | null;
    },
    own: {
      engine: EngineVersion;
      password: string;
      groups: InstanceGroup[];
      backupOption: Record<string, string> | null;
      originId?: string | null;
    },
  ): BaseClusterFields {
    return {
      name: body.name,
      engine: own.engine,
      nat: body.nat_enabled ?? false,
      subnetId: body.subnet_id,
      timezone: body.timezone,
      region: SIM_REGION,
      prefix: body.instance_name_prefix,
      allowed: body.allowable_ip_addresses ?? [],
      tags: body.tags ?? [],
      password: own.password,
      groups: own.groups,
      maintenance: body.maintenance_option,
      role: "ORIGIN",
      originId: own.originId ?? null,
      backupOption: own.backupOption,
    };
  }

  /** A restored cluster's fields: the source's engine, network and password; a RECOVERY of it. */
  protected restoreFields(
    source: C,
    body: {
      name: string;
      instance_name_prefix: string;
      allowable_ip_addresses?: string[];
      tags?: Tag[] | null;
      maintenance_option?: Maintenance | null;
    },
    groups: InstanceGroup[],
  ): BaseClusterFields {
    return {
      name: body.name,
      engine: source.engine,
      nat: source.nat_enabled,
      subnetId: source.subnet_id,
      timezone: source.timezone,
      region: source.region,
      prefix: body.instance_name_prefix,
      allowed: body.allowable_ip_addresses ?? [],
      tags: body.tags ?? [],
      password: source.password,
      groups,
      maintenance: body.maintenance_option,
      role: "RECOVERY",
      originId: source.id,
      backupOption: null,
    };
  }

  /** The shared part of a new cluster, in CREATING with the engine's default parameters. */
  protected baseCluster(f: BaseClusterFields): KitCluster {
    const now = this.now();
    return {
      id: newId(),
      name: f.name,
      account_id: this.servedAccount,
      created_at: now,
      created_by: SIM_USER_ID,
      modified_at: now,
      modified_by: SIM_USER_ID,
      engine: f.engine,
      nat_enabled: f.nat,
      subnet_id: f.subnetId,
      timezone: f.timezone,
      region: f.region,
      instance_name_prefix: f.prefix,
      allowable_ip_addresses: [...f.allowed],
      tags: f.tags,
      password: f.password,
      instance_groups: f.groups,
      maintenance: f.maintenance ? { ...f.maintenance } : null,
      role_type: f.role,
      origin_cluster_id: f.originId,
      service_state: "CREATING",
      parameters: this.catalog.parameterDefs.map((def) => ({
        def,
        id: this.catalog.parameterId(f.engine.major_version, def),
        applied_value: def.default_value,
      })),
      parameters_modified_at: now,
      backup_option: f.backupOption ? { ...f.backupOption } : null,
      backups: [],
      operation: null,
    };
  }

  protected takeBackup(cluster: C): void {
    const start = this.clock.now();
    this.backupSeq++;
    cluster.backups.push({
      backup_history_number: `${formatTimestamp(start).replace(/\D/g, "")}${String(this.backupSeq).padStart(4, "0")}`,
      backup_start_at: formatTimestamp(start),
      backup_end_at: formatTimestamp(start),
      backup_size_gb: 0.1 * (cluster.backups.length + 1),
      backup_state: "COMPLETED",
      backup_state_detail: null,
      software_version: cluster.engine.software_version,
    });
  }

  /**
   * Check a restore request and return its source: the source exists and is past creation, exactly
   * one of a backup number or a time a backup covers, the server type, the addresses (plus the
   * engine's `storageIssue` about `block_storage_groups`, if any), and a free name.
   */
  protected checkRestore(
    sourceId: string,
    body: {
      backup_history_number?: string | null;
      backup_recovery_time?: string | null;
      server_type_name: string;
      allowable_ip_addresses?: string[];
      name: string;
    },
    storageIssue: string | undefined,
  ): C {
    const source = this.findCluster(sourceId);
    if (source.service_state === "CREATING" || source.service_state === "TERMINATING" || source.service_state === "FAILED") {
      throw new ScpInvalidStateError(`cannot restore from cluster ${source.id} while it is ${source.service_state}`);
    }
    const issues: FieldIssue[] = [];
    const byNumber = body.backup_history_number || undefined;
    const byTime = body.backup_recovery_time || undefined;
    if ((byNumber === undefined) === (byTime === undefined)) {
      issues.push({ loc: ["body", "backup_history_number"], detail: "give exactly one of backup_history_number and backup_recovery_time" });
    } else if (byNumber !== undefined && !source.backups.some((b) => b.backup_history_number === byNumber)) {
      issues.push({ loc: ["body", "backup_history_number"], detail: `backup ${byNumber} does not exist` });
    } else if (byTime !== undefined) {
      const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(byTime) ? byTime : `${byTime}Z`);
      const first = source.backups[0];
      if (Number.isNaN(t)) issues.push({ loc: ["body", "backup_recovery_time"], detail: "must be a date-time" });
      else if (!first || t < Date.parse(`${first.backup_start_at}Z`) || t > this.clock.now()) {
        issues.push({ loc: ["body", "backup_recovery_time"], detail: "no backup covers that point in time" });
      }
    }
    this.checkServerType(body.server_type_name, ["body", "server_type_name"], issues);
    if (storageIssue) issues.push({ loc: ["body", "block_storage_groups"], detail: storageIssue });
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    if (issues.length) throw new ScpValidationError(issues);
    this.checkNameFree(body.name);
    return source;
  }
}
