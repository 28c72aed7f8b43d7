/**
 * The machinery every operation of the simulated SCP PostgreSQL service shares: the maps of
 * clusters and requests, finders, the busy/allowed-state check, `begin` (show the transitional
 * state now, apply the change when the clock completes it), and the catalogue checks and builders
 * create and replicas use. Split from the operations only to keep each file readable.
 */
import { randomUUID } from "node:crypto";
import type { SimClock } from "../../clock";
import {
  ScpClusterBusyError,
  ScpDuplicateNameError,
  ScpInvalidStateError,
  ScpNotFoundError,
  type FieldIssue,
} from "../errors";
import {
  ENGINE_VERSIONS,
  PARAMETER_DEFS,
  SIM_ACCOUNT_ID,
  SIM_USER_ID,
  SERVER_TYPES,
  parameterId,
  type EngineVersion,
} from "./catalog";
import {
  type ServiceState,
  STABLE,
  type Transition,
  TRANSITIONS,
  type OperationKind,
  type BlockStorage,
  type Instance,
  type InstanceGroup,
  type Cluster,
  type RequestRecord,
  type AsyncResult,
  type MutationContext,
  formatTimestamp,
  newId,
  subnetBase,
  type InstanceGroupRequest,
  type BlockStorageRequest,
  type MaintenanceOptionRequest,
} from "./model";


export abstract class StateCore {
  readonly clusters = new Map<string, Cluster>();
  readonly requests = new Map<string, RequestRecord>();
  protected backupSeq = 0;
  protected publicIpSeq = 0;

  constructor(protected readonly clock: SimClock) {}

  reset(): void {
    this.clusters.clear();
    this.requests.clear();
    this.backupSeq = 0;
    this.publicIpSeq = 0;
  }

  protected now(): string {
    return formatTimestamp(this.clock.now());
  }

  // ---- finders ----

  findCluster(id: string): Cluster {
    const c = this.clusters.get(id);
    if (!c) throw new ScpNotFoundError("cluster", id);
    return c;
  }

  findInstanceGroup(id: string): { cluster: Cluster; group: InstanceGroup } {
    for (const cluster of this.clusters.values()) {
      const group = cluster.instance_groups.find((g) => g.id === id);
      if (group) return { cluster, group };
    }
    throw new ScpNotFoundError("instance group", id);
  }

  findBlockStorage(id: string): { cluster: Cluster; group: InstanceGroup; storage: BlockStorage } {
    for (const cluster of this.clusters.values()) {
      for (const group of cluster.instance_groups) {
        const storage = group.block_storage_groups.find((b) => b.id === id);
        if (storage) return { cluster, group, storage };
      }
    }
    throw new ScpNotFoundError("block storage group", id);
  }

  showRequest(id: string): RequestRecord {
    const r = this.requests.get(id);
    if (!r) throw new ScpNotFoundError("request", id);
    return r;
  }

  findEngineVersion(id: string): EngineVersion {
    const v = ENGINE_VERSIONS.find((e) => e.id === id);
    if (!v) throw new ScpNotFoundError("engine version", id);
    return v;
  }

  // ---- the operation machinery ----

  /** Busy (transitional state) → CLUSTER_BUSY; stable but not allowed → INVALID_STATE. */
  protected assertCanStart(cluster: Cluster, kind: OperationKind, what: string): void {
    if (!STABLE.has(cluster.service_state)) throw new ScpClusterBusyError(cluster.id, cluster.service_state);
    const from: readonly ServiceState[] = TRANSITIONS[kind].from;
    if (!from.includes(cluster.service_state)) {
      throw new ScpInvalidStateError(`cannot ${what}: cluster ${cluster.id} is ${cluster.service_state} (allowed: ${from.join(", ")})`);
    }
  }

  protected newRequest(operation: string, resourceId: string, clusterId: string): RequestRecord {
    const r: RequestRecord = {
      request_id: `req-${randomUUID()}`,
      state: "IN_PROGRESS",
      operation,
      resource_id: resourceId,
      cluster_id: clusterId,
      created_at: this.now(),
    };
    this.requests.set(r.request_id, r);
    return r;
  }

  /**
   * Start operation `kind` on `cluster` (already checked with assertCanStart and validated): show
   * the transitional state now, apply `apply` when the clock completes it.
   */
  protected begin(
    cluster: Cluster,
    kind: OperationKind,
    ctx: MutationContext,
    opts: { what: string; resourceId?: string; apply?: () => void; onFail?: () => void; extraClusters?: Cluster[] },
  ): AsyncResult {
    const t: Transition = TRANSITIONS[kind];
    const previous = cluster.service_state;
    const fail = ctx.takeFailure();
    const label = `${kind}:${opts.what} ${cluster.id}`;
    const request = this.newRequest(opts.what, opts.resourceId ?? cluster.id, cluster.id);
    cluster.service_state = t.during;
    cluster.operation = label;
    this.clock.schedule({
      label: `scp-postgresql ${label}`,
      steps: t.steps,
      complete: () => {
        cluster.operation = null;
        if (fail) {
          opts.onFail?.();
          cluster.service_state = t.failTo ?? previous;
          request.state = "FAILED";
          return;
        }
        opts.apply?.();
        if (t.to === "gone") {
          this.removeCluster(cluster);
        } else {
          cluster.service_state = t.to === "previous" ? previous : t.to;
          cluster.modified_at = this.now();
          cluster.modified_by = SIM_USER_ID;
        }
        request.state = "COMPLETED";
      },
    });
    return { request_id: request.request_id, resource_id: opts.resourceId ?? cluster.id };
  }

  protected removeCluster(cluster: Cluster): void {
    this.clusters.delete(cluster.id);
    if (cluster.origin_cluster_id) {
      const origin = this.clusters.get(cluster.origin_cluster_id);
      if (origin) origin.replicas = origin.replicas.filter((id) => id !== cluster.id);
    }
  }

  // ---- catalogue checks ----

  protected checkServerType(name: string, loc: Array<string | number>, issues: FieldIssue[]): void {
    if (!SERVER_TYPES.some((s) => s.name === name)) {
      issues.push({ loc, detail: `server type ${name} does not exist (see GET /v1/server-types)` });
    }
  }

  protected checkNameFree(name: string): void {
    for (const c of this.clusters.values()) if (c.name === name) throw new ScpDuplicateNameError(name);
  }

  protected usedIps(): Set<string> {
    const used = new Set<string>();
    for (const c of this.clusters.values()) {
      if (c.virtual_ip_address) used.add(`${c.subnet_id}|${c.virtual_ip_address}`);
      for (const g of c.instance_groups) for (const i of g.instances) used.add(`${c.subnet_id}|${i.service_ip_address}`);
    }
    return used;
  }

  protected allocateIp(subnetId: string, taken: Set<string>): string {
    const base = subnetBase(subnetId);
    for (let host = 11; host < 255; host++) {
      const ip = `${base}.${host}`;
      if (!taken.has(`${subnetId}|${ip}`)) {
        taken.add(`${subnetId}|${ip}`);
        return ip;
      }
    }
    throw new ScpInvalidStateError(`subnet ${subnetId} has no free addresses`);
  }

  protected publicIp(): string {
    this.publicIpSeq++;
    return `203.0.113.${(this.publicIpSeq % 250) + 1}`;
  }

  /**
   * Validate instance groups for a cluster or replica: one group, HA shape, server types, a DATA
   * disk, fixed IPs not in use, public IPs only with NAT.
   */
  protected validateInstanceGroups(
    groups: InstanceGroupRequest[],
    ha: boolean,
    natEnabled: boolean,
    subnetId: string,
    base: Array<string | number>,
    issues: FieldIssue[],
  ): void {
    if (groups.length !== 1) {
      issues.push({ loc: base, detail: "a PostgreSQL cluster has exactly one instance group" });
      return;
    }
    const g = groups[0]!;
    const loc = [...base, 0];
    const wantRole = ha ? "ACTIVE_STANDBY" : "ACTIVE";
    if (g.role_type !== wantRole) issues.push({ loc: [...loc, "role_type"], detail: `must be ${wantRole} when ha_enabled is ${ha}` });
    this.checkServerType(g.server_type_name, [...loc, "server_type_name"], issues);
    if (!g.block_storage_groups.some((b) => b.role_type === "DATA")) {
      issues.push({ loc: [...loc, "block_storage_groups"], detail: "at least one DATA block storage is required" });
    }
    for (const role of ["ARCHIVE", "TEMP", "BACKUP"] as const) {
      if (g.block_storage_groups.filter((b) => b.role_type === role).length > 1) {
        issues.push({ loc: [...loc, "block_storage_groups"], detail: `at most one ${role} block storage` });
      }
    }
    if (g.instances) {
      const roles = g.instances.map((i) => i.role_type).sort();
      const want = ha ? ["ACTIVE", "STANDBY"] : ["ACTIVE"];
      if (roles.join() !== want.join()) {
        issues.push({ loc: [...loc, "instances"], detail: `instances must have roles ${want.join(" and ")} when ha_enabled is ${ha}` });
      }
      const used = this.usedIps();
      const seen = new Set<string>();
      g.instances.forEach((inst, i) => {
        const ip = inst.service_ip_address;
        if (ip) {
          if (used.has(`${subnetId}|${ip}`) || seen.has(ip)) {
            issues.push({ loc: [...loc, "instances", i, "service_ip_address"], detail: `${ip} is already in use in subnet ${subnetId}` });
          }
          seen.add(ip);
        }
        if (inst.public_ip_id && !natEnabled) {
          issues.push({ loc: [...loc, "instances", i, "public_ip_id"], detail: "a public IP requires nat_enabled" });
        }
      });
    }
  }

  protected buildInstanceGroup(
    req: InstanceGroupRequest,
    ha: boolean,
    namePrefix: string,
    subnetId: string,
    volumeDefault: string,
  ): InstanceGroup {
    const taken = this.usedIps();
    const requested = req.instances ?? (ha ? [{ role_type: "ACTIVE" as const }, { role_type: "STANDBY" as const }] : [{ role_type: "ACTIVE" as const }]);
    const instances: Instance[] = requested.map((i, n) => {
      const ip = i.service_ip_address || this.allocateIp(subnetId, taken);
      taken.add(`${subnetId}|${ip}`);
      return {
        name: `${namePrefix}-${String(n + 1).padStart(2, "0")}`,
        role_type: i.role_type,
        service_ip_address: ip,
        public_ip_id: i.public_ip_id || null,
        public_ip_address: i.public_ip_id ? this.publicIp() : null,
      };
    });
    const storages: BlockStorage[] = [
      // The service adds the OS disk itself (document example: role_type "OS").
      { id: newId(), name: `${namePrefix}-os`, role_type: "OS", size_gb: 104, volume_type: volumeDefault },
      ...req.block_storage_groups.map((b, n) => this.buildStorage(b, `${namePrefix}-${b.role_type.toLowerCase()}-${n + 1}`)),
    ];
    return { id: newId(), role_type: req.role_type, server_type_name: req.server_type_name, block_storage_groups: storages, instances };
  }

  protected buildStorage(b: BlockStorageRequest, name: string): BlockStorage {
    return { id: newId(), name, role_type: b.role_type, size_gb: b.size_gb, volume_type: b.volume_type ?? "SSD" };
  }

  protected newCluster(fields: {
    name: string;
    engine: EngineVersion;
    ha: boolean;
    nat: boolean;
    subnetId: string;
    timezone: string;
    region: string;
    prefix: string;
    allowed: string[];
    tags: Array<{ key: string; value?: string | null }>;
    init: Cluster["init"];
    password: string;
    groups: InstanceGroup[];
    maintenance: MaintenanceOptionRequest | null | undefined;
    role: Cluster["role_type"];
    originId: string | null;
    vipPublicIpId: string | null;
    virtualIp: string | null;
  }): Cluster {
    const now = this.now();
    return {
      id: newId(),
      name: fields.name,
      account_id: SIM_ACCOUNT_ID,
      created_at: now,
      created_by: SIM_USER_ID,
      modified_at: now,
      modified_by: SIM_USER_ID,
      engine: fields.engine,
      ha_enabled: fields.ha,
      nat_enabled: fields.nat,
      subnet_id: fields.subnetId,
      timezone: fields.timezone,
      region: fields.region,
      instance_name_prefix: fields.prefix,
      allowable_ip_addresses: [...fields.allowed],
      tags: fields.tags,
      init: fields.init,
      password: fields.password,
      instance_groups: fields.groups,
      maintenance: fields.maintenance ? { ...fields.maintenance } : null,
      role_type: fields.role,
      origin_cluster_id: fields.originId,
      replicas: [],
      service_state: "CREATING",
      vip_public_ip_id: fields.vipPublicIpId,
      vip_public_ip_address: fields.vipPublicIpId ? this.publicIp() : null,
      virtual_ip_address: fields.virtualIp,
      parameters: PARAMETER_DEFS.map((def) => ({ def, id: parameterId(fields.engine.major_version, def), applied_value: def.default_value })),
      parameters_modified_at: now,
      archive: { archive_enabled: false, retention_period_day: null },
      log_exports: {},
      backups: [],
      synced_at: null,
      operation: null,
    };
  }

  protected takeBackup(cluster: Cluster): void {
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

  protected checkAllowedIps(list: string[] | undefined, loc: Array<string | number>, issues: FieldIssue[]): void {
    const seen = new Set<string>();
    (list ?? []).forEach((ip, i) => {
      if (seen.has(ip)) issues.push({ loc: [...loc, i], detail: `duplicate address ${ip}` });
      seen.add(ip);
    });
  }
}
