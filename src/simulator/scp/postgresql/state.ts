/**
 * The state model of the simulated SCP PostgreSQL service: clusters, their instance groups, block
 * storages and instances, async requests, and the transition table. No HTTP here: methods take
 * parsed bodies, enforce the service's rules (throwing the errors of ../errors.ts) and return model
 * values; routes.ts serialises them.
 *
 * Every mutation is an operation on one cluster: it moves the cluster to a transitional
 * `service_state` at once and schedules its completion on the injected clock. The change itself is
 * applied at completion (or not at all when a `fail-operation` fault is attached).
 */
import { randomBytes, randomUUID, createHash } from "node:crypto";
import type { SimClock } from "../../clock";
import {
  ScpClusterBusyError,
  ScpDuplicateNameError,
  ScpInvalidStateError,
  ScpNotFoundError,
  ScpValidationError,
  type FieldIssue,
} from "../errors";
import {
  ENGINE_VERSIONS,
  LOG_LABELS,
  LOG_TYPES,
  OTHER_REGIONS,
  PARAMETER_DEFS,
  SIM_ACCOUNT_ID,
  SIM_REGION,
  SIM_USER_ID,
  SERVER_TYPES,
  compareVersions,
  parameterId,
  type EngineVersion,
  type LogType,
  type ParameterDef,
} from "./catalog";
import type { z } from "zod";
import type {
  CreateClusterBody,
  LogExportSchedule,
  ReplicaSpec,
  ReplicasBody,
  RestoreBody,
  backupOption,
  blockStorageGroupRequest,
  instanceGroupRequest,
  maintenanceOption,
} from "./schemas";

// ---- states and the transition table ----

export const SERVICE_STATES = [
  "RUNNING", "STOPPED", "UNKNOWN", "ERROR", "FAILED", "TERMINATED", "CREATING", "STOPPING", "STARTING",
  "RESTARTING", "EDITING", "SYNCHRONIZING", "UPGRADING", "TERMINATING", "MIGRATING",
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];
const STABLE: ReadonlySet<ServiceState> = new Set(["RUNNING", "STOPPED", "UNKNOWN", "ERROR", "FAILED", "TERMINATED"]);

export interface Transition {
  /** Stable states the operation may start from. */
  from: readonly ServiceState[];
  /** Transitional state while in flight. */
  during: ServiceState;
  /** State on success; `previous` = the state before; `gone` = the cluster disappears. */
  to: ServiceState | "previous" | "gone";
  /** State when the operation fails (fault injection); default `previous`. */
  failTo?: ServiceState;
  steps: number;
}

/** Transitions as data (reference scp.md §2.5). */
export const TRANSITIONS = {
  create: { from: [], during: "CREATING", to: "RUNNING", failTo: "FAILED", steps: 1 },
  terminate: { from: ["RUNNING", "STOPPED", "FAILED", "ERROR"], during: "TERMINATING", to: "gone", steps: 1 },
  start: { from: ["STOPPED"], during: "STARTING", to: "RUNNING", steps: 1 },
  stop: { from: ["RUNNING"], during: "STOPPING", to: "STOPPED", steps: 1 },
  restart: { from: ["RUNNING"], during: "RESTARTING", to: "RUNNING", steps: 1 },
  edit: { from: ["RUNNING"], during: "EDITING", to: "RUNNING", steps: 1 },
  upgrade: { from: ["RUNNING"], during: "UPGRADING", to: "RUNNING", steps: 1 },
  sync: { from: ["RUNNING", "STOPPED"], during: "SYNCHRONIZING", to: "previous", steps: 1 },
} as const satisfies Record<string, Transition>;
export type OperationKind = keyof typeof TRANSITIONS;

/**
 * States of `GET /v1/requests/{id}`. The real enum is not published (reference §5): these three
 * values are the simulator's choice.
 */
export type RequestState = "IN_PROGRESS" | "COMPLETED" | "FAILED";

// ---- model ----

export type BackupOption = z.infer<typeof backupOption>;
type BlockStorageRequest = z.infer<typeof blockStorageGroupRequest>;
type InstanceGroupRequest = z.infer<typeof instanceGroupRequest>;
type MaintenanceOptionRequest = z.infer<typeof maintenanceOption>;

export interface BlockStorage {
  id: string;
  name: string;
  role_type: "OS" | "DATA" | "ARCHIVE" | "TEMP" | "BACKUP";
  size_gb: number;
  volume_type: string;
}

export interface Instance {
  name: string;
  role_type: "ACTIVE" | "STANDBY";
  service_ip_address: string;
  public_ip_id: string | null;
  public_ip_address: string | null;
}

export interface InstanceGroup {
  id: string;
  role_type: "ACTIVE" | "ACTIVE_STANDBY";
  server_type_name: string;
  block_storage_groups: BlockStorage[];
  instances: Instance[];
}

export interface Maintenance {
  period_hour: string;
  starting_day_of_week: string;
  starting_time: string;
}

export interface BackupHistory {
  backup_history_number: string;
  backup_start_at: string;
  backup_end_at: string;
  backup_size_gb: number;
  backup_state: "COMPLETED";
  backup_state_detail: string | null;
  software_version: string;
}

export interface LogExportConfig extends LogExportSchedule {
  bucket_name: string;
}

export interface Parameter {
  def: ParameterDef;
  id: string;
  applied_value: string;
}

export interface Cluster {
  id: string;
  name: string;
  account_id: string;
  created_at: string;
  created_by: string;
  modified_at: string;
  modified_by: string;
  engine: EngineVersion;
  ha_enabled: boolean;
  nat_enabled: boolean;
  subnet_id: string;
  timezone: string;
  region: string;
  instance_name_prefix: string;
  allowable_ip_addresses: string[];
  tags: Array<{ key: string; value?: string | null }>;
  init: {
    audit_enabled: boolean;
    backup_option: BackupOption | null;
    database_encoding: string;
    database_locale: string;
    database_name: string;
    database_port: number;
    database_user_name: string;
    origin_region: string | null;
  };
  /** Stored to mirror the service; never serialised. */
  password: string;
  instance_groups: InstanceGroup[];
  maintenance: Maintenance | null;
  role_type: "ORIGIN" | "REPLICA" | "RECOVERY" | "SECONDARY";
  origin_cluster_id: string | null;
  replicas: string[];
  service_state: ServiceState;
  vip_public_ip_id: string | null;
  vip_public_ip_address: string | null;
  virtual_ip_address: string | null;
  parameters: Parameter[];
  parameters_modified_at: string;
  archive: { archive_enabled: boolean; retention_period_day: number | null };
  log_exports: Partial<Record<LogType, LogExportConfig>>;
  backups: BackupHistory[];
  synced_at: string | null;
  /** Label of the operation in flight, if any. */
  operation: string | null;
}

export interface RequestRecord {
  request_id: string;
  state: RequestState;
  operation: string;
  resource_id: string;
  cluster_id: string;
  created_at: string;
}

export interface AsyncResult {
  request_id: string;
  resource_id: string;
}

/** What the HTTP layer passes along with a mutation. */
export interface MutationContext {
  /** Consumes a matching `fail-operation` fault; called only once the mutation is accepted. */
  takeFailure(): boolean;
}

export interface ListClustersQuery {
  size: number;
  page: number;
  sort: string;
  name?: string;
  service_state?: string;
  database_name?: string;
}

// ---- helpers ----

/** Timestamps as the API returns them: UTC, without a zone suffix. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

const newId = (): string => randomBytes(16).toString("hex");

function subnetBase(subnetId: string): string {
  const h = createHash("sha256").update(subnetId).digest();
  return `10.${h[0]! % 250}.${h[1]! % 250}`;
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function throwIfIssues(issues: FieldIssue[]): void {
  if (issues.length) throw new ScpValidationError(issues);
}

// ---- the service state ----

export class PostgresqlState {
  readonly clusters = new Map<string, Cluster>();
  readonly requests = new Map<string, RequestRecord>();
  private backupSeq = 0;
  private publicIpSeq = 0;

  constructor(private readonly clock: SimClock) {}

  reset(): void {
    this.clusters.clear();
    this.requests.clear();
    this.backupSeq = 0;
    this.publicIpSeq = 0;
  }

  private now(): string {
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
  private assertCanStart(cluster: Cluster, kind: OperationKind, what: string): void {
    if (!STABLE.has(cluster.service_state)) throw new ScpClusterBusyError(cluster.id, cluster.service_state);
    const from: readonly ServiceState[] = TRANSITIONS[kind].from;
    if (!from.includes(cluster.service_state)) {
      throw new ScpInvalidStateError(`cannot ${what}: cluster ${cluster.id} is ${cluster.service_state} (allowed: ${from.join(", ")})`);
    }
  }

  private newRequest(operation: string, resourceId: string, clusterId: string): RequestRecord {
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
  private begin(
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

  private removeCluster(cluster: Cluster): void {
    this.clusters.delete(cluster.id);
    if (cluster.origin_cluster_id) {
      const origin = this.clusters.get(cluster.origin_cluster_id);
      if (origin) origin.replicas = origin.replicas.filter((id) => id !== cluster.id);
    }
  }

  // ---- catalogue checks ----

  private checkServerType(name: string, loc: Array<string | number>, issues: FieldIssue[]): void {
    if (!SERVER_TYPES.some((s) => s.name === name)) {
      issues.push({ loc, detail: `server type ${name} does not exist (see GET /v1/server-types)` });
    }
  }

  private checkNameFree(name: string): void {
    for (const c of this.clusters.values()) if (c.name === name) throw new ScpDuplicateNameError(name);
  }

  private usedIps(): Set<string> {
    const used = new Set<string>();
    for (const c of this.clusters.values()) {
      if (c.virtual_ip_address) used.add(`${c.subnet_id}|${c.virtual_ip_address}`);
      for (const g of c.instance_groups) for (const i of g.instances) used.add(`${c.subnet_id}|${i.service_ip_address}`);
    }
    return used;
  }

  private allocateIp(subnetId: string, taken: Set<string>): string {
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

  private publicIp(): string {
    this.publicIpSeq++;
    return `203.0.113.${(this.publicIpSeq % 250) + 1}`;
  }

  /**
   * Validate instance groups for a cluster or replica: one group, HA shape, server types, a DATA
   * disk, fixed IPs not in use, public IPs only with NAT.
   */
  private validateInstanceGroups(
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

  private buildInstanceGroup(
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

  private buildStorage(b: BlockStorageRequest, name: string): BlockStorage {
    return { id: newId(), name, role_type: b.role_type, size_gb: b.size_gb, volume_type: b.volume_type ?? "SSD" };
  }

  private newCluster(fields: {
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

  private takeBackup(cluster: Cluster): void {
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

  private checkAllowedIps(list: string[] | undefined, loc: Array<string | number>, issues: FieldIssue[]): void {
    const seen = new Set<string>();
    (list ?? []).forEach((ip, i) => {
      if (seen.has(ip)) issues.push({ loc: [...loc, i], detail: `duplicate address ${ip}` });
      seen.add(ip);
    });
  }

  // ---- clusters ----

  createCluster(body: CreateClusterBody, ctx: MutationContext): AsyncResult {
    const issues: FieldIssue[] = [];
    const engine = ENGINE_VERSIONS.find((e) => e.id === body.dbaas_engine_version_id);
    if (!engine) {
      issues.push({ loc: ["body", "dbaas_engine_version_id"], detail: "engine version does not exist (see GET /v1/engine-versions)" });
    } else if (engine.end_of_service) {
      issues.push({ loc: ["body", "dbaas_engine_version_id"], detail: `engine version ${engine.software_version} is end of service` });
    }
    if (!validTimezone(body.timezone)) issues.push({ loc: ["body", "timezone"], detail: `unknown time zone ${body.timezone}` });
    const ha = body.ha_enabled ?? false;
    const nat = body.nat_enabled ?? false;
    this.validateInstanceGroups(body.instance_groups, ha, nat, body.subnet_id, ["body", "instance_groups"], issues);
    if (!ha && body.virtual_ip_address) issues.push({ loc: ["body", "virtual_ip_address"], detail: "only allowed when ha_enabled is true" });
    if (!ha && body.vip_public_ip_id) issues.push({ loc: ["body", "vip_public_ip_id"], detail: "only allowed when ha_enabled is true" });
    if (body.vip_public_ip_id && !nat) issues.push({ loc: ["body", "vip_public_ip_id"], detail: "a public IP requires nat_enabled" });
    if (body.virtual_ip_address && this.usedIps().has(`${body.subnet_id}|${body.virtual_ip_address}`)) {
      issues.push({ loc: ["body", "virtual_ip_address"], detail: `${body.virtual_ip_address} is already in use` });
    }
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    this.checkNameFree(body.name);

    const group = this.buildInstanceGroup(body.instance_groups[0]!, ha, body.instance_name_prefix, body.subnet_id, "SSD");
    const taken = this.usedIps();
    for (const i of group.instances) taken.add(`${body.subnet_id}|${i.service_ip_address}`);
    const o = body.init_config_option;
    const cluster = this.newCluster({
      name: body.name,
      engine: engine!,
      ha,
      nat,
      subnetId: body.subnet_id,
      timezone: body.timezone,
      region: SIM_REGION,
      prefix: body.instance_name_prefix,
      allowed: body.allowable_ip_addresses ?? [],
      tags: body.tags ?? [],
      init: {
        audit_enabled: o.audit_enabled ?? false,
        backup_option: o.backup_option ?? null,
        database_encoding: o.database_encoding ?? "UTF-8",
        database_locale: o.database_locale ?? "C",
        database_name: o.database_name,
        database_port: o.database_port ?? 2866,
        database_user_name: o.database_user_name,
        origin_region: null,
      },
      password: o.database_user_password,
      groups: [group],
      maintenance: body.maintenance_option,
      role: "ORIGIN",
      originId: body.origin_cluster_id || null,
      vipPublicIpId: body.vip_public_ip_id || null,
      virtualIp: ha ? body.virtual_ip_address || this.allocateIp(body.subnet_id, taken) : null,
    });
    this.clusters.set(cluster.id, cluster);
    return this.begin(cluster, "create", ctx, {
      what: "create",
      apply: () => {
        if (cluster.init.backup_option) this.takeBackup(cluster);
      },
    });
  }

  listClusters(q: ListClustersQuery): { contents: Cluster[]; count: number } {
    if (q.service_state !== undefined && !(SERVICE_STATES as readonly string[]).includes(q.service_state)) {
      throw ScpValidationError.field(["query", "service_state"], `must be one of ${SERVICE_STATES.join(", ")}`);
    }
    const m = /^(name|service_state|created_at):(asc|desc)$/.exec(q.sort);
    if (!m) throw ScpValidationError.field(["query", "sort"], "must match ^(name|service_state|created_at):(asc|desc)$");
    const key = m[1] as "name" | "service_state" | "created_at";
    const dir = m[2] === "asc" ? 1 : -1;
    const all = [...this.clusters.values()]
      .filter((c) => q.name === undefined || c.name.includes(q.name))
      .filter((c) => q.service_state === undefined || c.service_state === q.service_state)
      .filter((c) => q.database_name === undefined || c.init.database_name === q.database_name)
      .sort((a, b) => dir * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id < b.id ? -1 : 1));
    return { contents: all.slice(q.page * q.size, q.page * q.size + q.size), count: all.length };
  }

  terminateCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "terminate", "terminate");
    const live = c.replicas.filter((r) => this.clusters.has(r));
    if (live.length) throw new ScpInvalidStateError(`cluster ${id} still has replicas (${live.join(", ")}): delete them first`);
    return this.begin(c, "terminate", ctx, { what: "terminate" });
  }

  startCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "start", "start");
    return this.begin(c, "start", ctx, { what: "start" });
  }

  stopCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "stop", "stop");
    return this.begin(c, "stop", ctx, { what: "stop" });
  }

  restartCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "restart", "restart");
    return this.begin(c, "restart", ctx, { what: "restart" });
  }

  switchoverCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "switch over");
    if (!c.ha_enabled) throw new ScpInvalidStateError(`cluster ${id} is not highly available: switchover needs ha_enabled`);
    return this.begin(c, "edit", ctx, {
      what: "switchover",
      apply: () => {
        for (const g of c.instance_groups) {
          for (const i of g.instances) i.role_type = i.role_type === "ACTIVE" ? "STANDBY" : "ACTIVE";
        }
      },
    });
  }

  syncClusterState(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "sync", "synchronize state");
    return this.begin(c, "sync", ctx, { what: "sync-state" });
  }

  // ---- instance groups and block storages ----

  setServerType(instanceGroupId: string, serverTypeName: string, ctx: MutationContext): AsyncResult {
    const { cluster, group } = this.findInstanceGroup(instanceGroupId);
    this.assertCanStart(cluster, "edit", "resize the instance group");
    const issues: FieldIssue[] = [];
    this.checkServerType(serverTypeName, ["body", "server_type_name"], issues);
    throwIfIssues(issues);
    if (serverTypeName === group.server_type_name) {
      throw ScpValidationError.field(["body", "server_type_name"], `instance group already uses ${serverTypeName}`);
    }
    return this.begin(cluster, "edit", ctx, {
      what: "instance-group-resize",
      resourceId: group.id,
      apply: () => {
        group.server_type_name = serverTypeName;
      },
    });
  }

  setBlockStorageSize(blockStorageId: string, sizeGb: number, ctx: MutationContext): AsyncResult {
    const { cluster, storage } = this.findBlockStorage(blockStorageId);
    this.assertCanStart(cluster, "edit", "resize the block storage");
    if (storage.role_type === "OS") {
      throw ScpValidationError.field(["path", "block_storage_group_id"], "the OS block storage cannot be resized");
    }
    if (sizeGb <= storage.size_gb) {
      throw ScpValidationError.field(
        ["body", "size_gb"],
        `must be larger than the current size ${storage.size_gb} GB (block storage can only grow)`,
      );
    }
    return this.begin(cluster, "edit", ctx, {
      what: "block-storage-resize",
      resourceId: storage.id,
      apply: () => {
        storage.size_gb = sizeGb;
      },
    });
  }

  addBlockStorage(instanceGroupId: string, body: BlockStorageRequest, ctx: MutationContext): AsyncResult {
    const { cluster, group } = this.findInstanceGroup(instanceGroupId);
    this.assertCanStart(cluster, "edit", "add block storage");
    const extra = group.block_storage_groups.filter((b) => b.role_type !== "OS");
    if (body.role_type !== "DATA" && extra.some((b) => b.role_type === body.role_type)) {
      throw ScpValidationError.field(["body", "role_type"], `the instance group already has a ${body.role_type} block storage`);
    }
    if (extra.length >= 10) throw ScpValidationError.field(["body"], "an instance group holds at most 10 block storages besides the OS disk");
    const n = extra.filter((b) => b.role_type === body.role_type).length + 1;
    return this.begin(cluster, "edit", ctx, {
      what: "block-storage-add",
      resourceId: group.id,
      apply: () => {
        group.block_storage_groups.push(this.buildStorage(body, `${cluster.instance_name_prefix}-${body.role_type.toLowerCase()}-${n}`));
      },
    });
  }

  // ---- network ----

  setSecurityGroupRules(id: string, add: string[], del: string[], ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "change security group rules");
    const issues: FieldIssue[] = [];
    if (add.length === 0 && del.length === 0) {
      issues.push({ loc: ["body"], detail: "add_ip_addresses or del_ip_addresses must not be empty" });
    }
    this.checkAllowedIps(add, ["body", "add_ip_addresses"], issues);
    this.checkAllowedIps(del, ["body", "del_ip_addresses"], issues);
    add.forEach((ip, i) => {
      if (c.allowable_ip_addresses.includes(ip)) issues.push({ loc: ["body", "add_ip_addresses", i], detail: `${ip} is already allowed` });
      if (del.includes(ip)) issues.push({ loc: ["body", "add_ip_addresses", i], detail: `${ip} is both added and deleted` });
    });
    del.forEach((ip, i) => {
      if (!c.allowable_ip_addresses.includes(ip)) issues.push({ loc: ["body", "del_ip_addresses", i], detail: `${ip} is not an allowed address` });
    });
    throwIfIssues(issues);
    return this.begin(c, "edit", ctx, {
      what: "security-group-rules",
      apply: () => {
        c.allowable_ip_addresses = [...c.allowable_ip_addresses.filter((ip) => !del.includes(ip)), ...add];
      },
    });
  }

  // ---- maintenance ----

  setMaintenance(id: string, m: { start_day_of_week: string; start_time: string; start_minute: string; term_hour: string }, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set maintenance");
    const next: Maintenance = {
      period_hour: m.term_hour,
      starting_day_of_week: m.start_day_of_week,
      starting_time: `${m.start_time.padStart(2, "0")}${m.start_minute.padStart(2, "0")}`,
    };
    return this.begin(c, "edit", ctx, {
      what: "maintenance-set",
      apply: () => {
        c.maintenance = next;
      },
    });
  }

  unsetMaintenance(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "unset maintenance");
    if (!c.maintenance) throw new ScpInvalidStateError(`cluster ${id} has no maintenance window to unset`);
    return this.begin(c, "edit", ctx, {
      what: "maintenance-unset",
      apply: () => {
        c.maintenance = null;
      },
    });
  }

  // ---- parameters ----

  setParameterValues(id: string, changes: Array<{ id: string; old_value: string; new_value: string }>, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set parameters");
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    const resolved: Array<{ p: Parameter; value: string }> = [];
    changes.forEach((ch, i) => {
      const loc = ["body", "parameters", i];
      const p = c.parameters.find((x) => x.id === ch.id);
      if (!p) return void issues.push({ loc: [...loc, "id"], detail: `parameter ${ch.id} does not exist on this cluster` });
      if (seen.has(ch.id)) return void issues.push({ loc: [...loc, "id"], detail: `parameter ${ch.id} is listed twice` });
      seen.add(ch.id);
      if (!p.def.is_modifiable) return void issues.push({ loc: [...loc, "id"], detail: `parameter ${p.def.name} is not modifiable` });
      if (ch.old_value !== p.applied_value) {
        return void issues.push({ loc: [...loc, "old_value"], detail: `old_value ${JSON.stringify(ch.old_value)} does not match the current value ${JSON.stringify(p.applied_value)}` });
      }
      const bad = checkParameterValue(p.def, ch.new_value);
      if (bad) return void issues.push({ loc: [...loc, "new_value"], detail: bad });
      if (ch.new_value === p.applied_value) return void issues.push({ loc: [...loc, "new_value"], detail: "new_value equals the current value" });
      resolved.push({ p, value: ch.new_value });
    });
    throwIfIssues(issues);
    return this.begin(c, "edit", ctx, {
      what: "parameters-set",
      apply: () => {
        for (const r of resolved) r.p.applied_value = r.value;
        c.parameters_modified_at = this.now();
      },
    });
  }

  syncParameterValues(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "sync", "synchronize parameters");
    return this.begin(c, "sync", ctx, { what: "parameters-sync" });
  }

  // ---- audit log, backups ----

  setAuditLog(id: string, enabled: boolean, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set the audit log");
    if (c.init.audit_enabled === enabled) {
      throw ScpValidationError.field(["body", "use_audit_log"], `audit log is already ${enabled ? "enabled" : "disabled"}`);
    }
    return this.begin(c, "edit", ctx, {
      what: "audit-log",
      apply: () => {
        c.init.audit_enabled = enabled;
      },
    });
  }

  setBackup(id: string, option: BackupOption, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set backup");
    return this.begin(c, "edit", ctx, {
      what: "backup-set",
      apply: () => {
        const first = c.init.backup_option === null;
        c.init.backup_option = { ...option };
        if (first) this.takeBackup(c);
      },
    });
  }

  unsetBackup(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "unset backup");
    if (!c.init.backup_option) throw new ScpInvalidStateError(`cluster ${id} has no backup setting to unset`);
    return this.begin(c, "edit", ctx, {
      what: "backup-unset",
      apply: () => {
        c.init.backup_option = null;
      },
    });
  }

  listBackupHistories(id: string, limit: number | undefined, page: number): { contents: BackupHistory[]; total: number } {
    const c = this.findCluster(id);
    const all = [...c.backups].reverse();
    const size = limit ?? all.length;
    return { contents: all.slice(page * size, page * size + size), total: all.length };
  }

  removeBackupHistories(id: string, numbers: string[], ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "remove backups");
    const issues: FieldIssue[] = [];
    numbers.forEach((n, i) => {
      if (!c.backups.some((b) => b.backup_history_number === n)) {
        issues.push({ loc: ["body", "backup_history_number", i], detail: `backup ${n} does not exist` });
      }
    });
    throwIfIssues(issues);
    return this.begin(c, "edit", ctx, {
      what: "backup-histories-remove",
      apply: () => {
        c.backups = c.backups.filter((b) => !numbers.includes(b.backup_history_number));
      },
    });
  }

  // ---- minor version patch ----

  patchMinorVersion(id: string, softwareVersion: string, backupBefore: boolean, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "upgrade", "patch");
    const target = ENGINE_VERSIONS.find((e) => e.software_version === softwareVersion && !e.end_of_service);
    const loc = ["body", "software_version"];
    if (!target) throw ScpValidationError.field(loc, `software version ${softwareVersion} is not offered (see GET /v1/engine-versions)`);
    if (target.major_version !== c.engine.major_version) {
      throw ScpValidationError.field(loc, `a minor patch cannot change the major version (${c.engine.major_version} → ${target.major_version})`);
    }
    if (compareVersions(target.software_version, c.engine.software_version) <= 0) {
      throw ScpValidationError.field(loc, `${softwareVersion} is not newer than the current version ${c.engine.software_version}`);
    }
    return this.begin(c, "upgrade", ctx, {
      what: "patch",
      apply: () => {
        if (backupBefore) this.takeBackup(c);
        c.engine = target;
      },
    });
  }

  // ---- archive ----

  setArchiveConfig(id: string, enabled: boolean, retention: number | null | undefined, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set the archive config");
    if (enabled && (retention === undefined || retention === null)) {
      throw ScpValidationError.field(["body", "retention_period_day"], "required when archive_enabled is true");
    }
    return this.begin(c, "edit", ctx, {
      what: "archive-set",
      apply: () => {
        c.archive = { archive_enabled: enabled, retention_period_day: enabled ? retention! : null };
      },
    });
  }

  deleteArchiveLog(id: string, type: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "delete archive logs");
    if (type !== "ALL") throw ScpValidationError.field(["query", "type"], "must be ALL");
    return this.begin(c, "edit", ctx, { what: "archive-delete" });
  }

  syncArchiveConfig(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "sync", "synchronize the archive config");
    return this.begin(c, "sync", ctx, { what: "archive-sync" });
  }

  // ---- log export ----

  private logType(value: string): LogType {
    if (!(LOG_TYPES as readonly string[]).includes(value)) throw ScpValidationError.field(["path", "log_type"], `must be one of ${LOG_TYPES.join(", ")}`);
    return value as LogType;
  }

  listLogExportConfigs(id: string, type: string | undefined): Array<{ log_type: LogType; label: string; config: LogExportConfig | undefined }> {
    const c = this.findCluster(id);
    if (type !== undefined && !(LOG_TYPES as readonly string[]).includes(type)) {
      throw ScpValidationError.field(["query", "type"], `must be one of ${LOG_TYPES.join(", ")}`);
    }
    return LOG_TYPES.filter((t) => type === undefined || t === type).map((t) => ({ log_type: t, label: LOG_LABELS[t], config: c.log_exports[t] }));
  }

  registerLogExportConfig(id: string, body: LogExportSchedule & { bucket_name: string; log_type: LogType }, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "register a log export");
    if (c.log_exports[body.log_type]) throw ScpValidationError.field(["body", "log_type"], `${body.log_type} log export is already registered`);
    const { log_type, ...config } = body;
    return this.begin(c, "edit", ctx, {
      what: "log-export-register",
      apply: () => {
        c.log_exports[log_type] = config;
      },
    });
  }

  setLogExportConfig(id: string, logType: string, body: LogExportSchedule, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    const t = this.logType(logType);
    this.assertCanStart(c, "edit", "modify a log export");
    const current = c.log_exports[t];
    if (!current) throw new ScpInvalidStateError(`${t} log export is not registered`);
    return this.begin(c, "edit", ctx, {
      what: "log-export-modify",
      apply: () => {
        c.log_exports[t] = { ...current, ...body };
      },
    });
  }

  unregisterLogExportConfig(id: string, logType: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    const t = this.logType(logType);
    this.assertCanStart(c, "edit", "unregister a log export");
    if (!c.log_exports[t]) throw new ScpInvalidStateError(`${t} log export is not registered`);
    return this.begin(c, "edit", ctx, {
      what: "log-export-unregister",
      apply: () => {
        delete c.log_exports[t];
      },
    });
  }

  exportLog(id: string, logType: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    const t = this.logType(logType);
    this.assertCanStart(c, "edit", "export logs");
    if (!c.log_exports[t]) throw new ScpInvalidStateError(`${t} log export is not registered`);
    return this.begin(c, "edit", ctx, { what: "log-export" });
  }

  // ---- replicas ----

  createReplicas(originId: string, body: ReplicasBody, otherRegion: boolean, ctx: MutationContext): AsyncResult {
    const origin = this.findCluster(originId);
    this.assertCanStart(origin, "edit", "create replicas");
    if (origin.role_type !== "ORIGIN") throw new ScpInvalidStateError(`cluster ${originId} is a ${origin.role_type} cluster: replicas hang off an ORIGIN`);
    const issues: FieldIssue[] = [];
    if (body.replica_count !== body.replicas.length) {
      issues.push({ loc: ["body", "replica_count"], detail: `must equal the number of replicas (${body.replicas.length})` });
    }
    const live = origin.replicas.filter((r) => this.clusters.has(r)).length;
    if (live + body.replicas.length > 5) issues.push({ loc: ["body", "replicas"], detail: `a cluster has at most 5 replicas (it has ${live})` });
    if (otherRegion && (!body.region || !OTHER_REGIONS.includes(body.region))) {
      issues.push({ loc: ["body", "region"], detail: `must be another region: one of ${OTHER_REGIONS.join(", ")}` });
    }
    const subnetId = otherRegion ? body.subnet_id! : origin.subnet_id;
    const nat = otherRegion ? (body.nat_enabled ?? false) : origin.nat_enabled;
    const names = new Set<string>();
    body.replicas.forEach((r: ReplicaSpec, i) => {
      if (names.has(r.name)) issues.push({ loc: ["body", "replicas", i, "name"], detail: `duplicate replica name ${r.name}` });
      names.add(r.name);
      this.validateInstanceGroups(r.instance_groups, false, nat, subnetId, ["body", "replicas", i, "instance_groups"], issues);
    });
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    for (const r of body.replicas) this.checkNameFree(r.name);

    const created = body.replicas.map((r) => {
      const replica = this.newCluster({
        name: r.name,
        engine: origin.engine,
        ha: false,
        nat,
        subnetId,
        timezone: origin.timezone,
        region: otherRegion ? body.region! : origin.region,
        prefix: r.name,
        allowed: body.allowable_ip_addresses ?? origin.allowable_ip_addresses,
        tags: body.tags ?? [],
        init: { ...origin.init, backup_option: null, origin_region: otherRegion ? origin.region : null },
        password: origin.password,
        groups: [this.buildInstanceGroup(r.instance_groups[0]!, false, r.name, subnetId, "SSD")],
        maintenance: body.maintenance_option,
        role: otherRegion ? "SECONDARY" : "REPLICA",
        originId: origin.id,
        vipPublicIpId: null,
        virtualIp: null,
      });
      this.clusters.set(replica.id, replica);
      return replica;
    });
    return this.begin(origin, "edit", ctx, {
      what: otherRegion ? "replicas-create-other-region" : "replicas-create",
      apply: () => {
        const now = this.now();
        for (const r of created) {
          r.service_state = "RUNNING";
          r.synced_at = now;
          origin.replicas.push(r.id);
        }
      },
      onFail: () => {
        for (const r of created) this.clusters.delete(r.id);
      },
    });
  }

  listReplicas(id: string): Cluster[] {
    const c = this.findCluster(id);
    return c.replicas.map((r) => this.clusters.get(r)).filter((r): r is Cluster => r !== undefined);
  }

  private assertReplica(c: Cluster): void {
    if (c.role_type !== "REPLICA" && c.role_type !== "SECONDARY") throw new ScpInvalidStateError(`cluster ${c.id} is not a replica (role ${c.role_type})`);
  }

  promoteReplica(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "promote");
    this.assertReplica(c);
    return this.begin(c, "edit", ctx, {
      what: "promote",
      apply: () => {
        const origin = c.origin_cluster_id ? this.clusters.get(c.origin_cluster_id) : undefined;
        if (origin) origin.replicas = origin.replicas.filter((r) => r !== c.id);
        c.role_type = "ORIGIN";
        c.origin_cluster_id = null;
        c.init.origin_region = null;
      },
    });
  }

  resetReplica(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "reset the replica");
    this.assertReplica(c);
    return this.begin(c, "edit", ctx, {
      what: "reset-replica",
      apply: () => {
        c.synced_at = this.now();
      },
    });
  }

  syncReplicaState(originId: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(originId);
    this.assertCanStart(c, "sync", "synchronize replica state");
    if (c.role_type !== "ORIGIN") throw new ScpInvalidStateError(`cluster ${originId} is not an ORIGIN cluster`);
    return this.begin(c, "sync", ctx, {
      what: "sync-replica-state",
      apply: () => {
        const now = this.now();
        for (const r of this.listReplicas(originId)) r.synced_at = now;
      },
    });
  }

  // ---- restore ----

  restoreCluster(sourceId: string, body: RestoreBody, ctx: MutationContext): AsyncResult {
    const source = this.findCluster(sourceId);
    if (source.service_state === "CREATING" || source.service_state === "TERMINATING" || source.service_state === "FAILED") {
      throw new ScpInvalidStateError(`cannot restore from cluster ${sourceId} while it is ${source.service_state}`);
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
    if (body.block_storage_groups && !body.block_storage_groups.some((b) => b.role_type === "DATA")) {
      issues.push({ loc: ["body", "block_storage_groups"], detail: "at least one DATA block storage is required" });
    }
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    this.checkNameFree(body.name);

    const srcGroup = source.instance_groups[0]!;
    const storages: BlockStorageRequest[] =
      body.block_storage_groups ??
      srcGroup.block_storage_groups
        .filter((b) => b.role_type !== "OS")
        .map((b) => ({ role_type: b.role_type as BlockStorageRequest["role_type"], size_gb: b.size_gb, volume_type: b.volume_type as BlockStorageRequest["volume_type"] }));
    const group = this.buildInstanceGroup(
      { role_type: srcGroup.role_type, server_type_name: body.server_type_name, block_storage_groups: storages, instances: null },
      source.ha_enabled,
      body.instance_name_prefix,
      source.subnet_id,
      "SSD",
    );
    const taken = this.usedIps();
    for (const i of group.instances) taken.add(`${source.subnet_id}|${i.service_ip_address}`);
    const restored = this.newCluster({
      name: body.name,
      engine: source.engine,
      ha: source.ha_enabled,
      nat: source.nat_enabled,
      subnetId: source.subnet_id,
      timezone: source.timezone,
      region: source.region,
      prefix: body.instance_name_prefix,
      allowed: body.allowable_ip_addresses ?? [],
      tags: body.tags ?? [],
      init: { ...source.init, backup_option: null, origin_region: null },
      password: source.password,
      groups: [group],
      maintenance: body.maintenance_option,
      role: "RECOVERY",
      originId: source.id,
      vipPublicIpId: null,
      virtualIp: source.ha_enabled ? this.allocateIp(source.subnet_id, taken) : null,
    });
    restored.parameters = source.parameters.map((p) => ({ ...p }));
    this.clusters.set(restored.id, restored);
    return this.begin(restored, "create", ctx, { what: "restore" });
  }

  // ---- dump ----

  dump(): unknown {
    return {
      clusters: [...this.clusters.values()].map((c) => ({
        id: c.id,
        name: c.name,
        service_state: c.service_state,
        role_type: c.role_type,
        operation: c.operation,
        software_version: c.engine.software_version,
      })),
      requests: [...this.requests.values()].map((r) => ({ request_id: r.request_id, state: r.state, operation: r.operation, resource_id: r.resource_id })),
    };
  }
}

/** Check a new parameter value against the parameter's `allows_value`. Returns a message or undefined. */
export function checkParameterValue(def: ParameterDef, value: string): string | undefined {
  if (def.data_type === "integer") {
    const m = /^(-?\d+)-(-?\d+)$/.exec(def.allows_value);
    if (!/^-?\d+$/.test(value)) return `must be an integer`;
    if (m && (Number(value) < Number(m[1]) || Number(value) > Number(m[2]))) return `must be within ${m[1]}..${m[2]}`;
    return undefined;
  }
  if (def.data_type === "enum" || def.data_type === "boolean") {
    const choices = def.allows_value.split(",");
    return choices.includes(value) ? undefined : `must be one of ${choices.join(", ")}`;
  }
  return value.length > 1024 ? "must be at most 1024 characters" : undefined;
}
