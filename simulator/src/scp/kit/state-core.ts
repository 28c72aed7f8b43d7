/**
 * The machinery every SCP DBaaS engine's state shares: the maps of clusters and requests, finders,
 * the busy/allowed-state check, `begin` (show the transitional state now, apply the change when the
 * clock completes it), IP allocation and the shared checks. No HTTP here. The chain is
 * StateCore → ClusterBuilders (builders.ts) → ClusterOps (cluster-ops.ts) → the engine's state.
 */
import { randomUUID } from "node:crypto";
import type { SimClock } from "../../clock";
import { ScpClusterBusyError, ScpDuplicateNameError, ScpInvalidStateError, ScpNotFoundError, type FieldIssue } from "../errors";
import { SIM_ACCOUNT_ID, SIM_REGION, SIM_USER_ID, type EngineVersion, type KitCatalog } from "./catalog";
import {
  STABLE,
  TRANSITIONS,
  formatTimestamp,
  subnetBase,
  validTimezone,
  type AsyncResult,
  type BlockStorage,
  type InstanceGroup,
  type KitCluster,
  type Maintenance,
  type MutationContext,
  type OperationKind,
  type RequestRecord,
  type ServiceState,
  type Tag,
  type Transition,
} from "./model";

/** A requested block storage (the fields every engine's request schema shares). */
export interface StorageRequest {
  role_type: string;
  size_gb: number;
  volume_type?: string;
}

/** A requested instance (fixed IP and public IP are optional). */
export interface InstanceRequest {
  role_type: string;
  service_ip_address?: string | null;
  public_ip_id?: string | null;
}

export interface GroupRequest {
  role_type: string;
  server_type_name: string;
  block_storage_groups: StorageRequest[];
  instances?: InstanceRequest[] | null;
}

/** The fields of a new cluster every engine sets; engines spread their own fields on top. */
export interface BaseClusterFields {
  name: string;
  engine: EngineVersion;
  nat: boolean;
  subnetId: string;
  timezone: string;
  region: string;
  prefix: string;
  allowed: string[];
  tags: Tag[];
  password: string;
  groups: InstanceGroup[];
  maintenance: Maintenance | null | undefined;
  role: KitCluster["role_type"];
  originId: string | null;
  backupOption: Record<string, string> | null;
}

export abstract class StateCore<C extends KitCluster> {
  readonly clusters = new Map<string, C>();
  readonly requests = new Map<string, RequestRecord>();
  protected backupSeq = 0;
  protected publicIpSeq = 0;

  constructor(
    protected readonly clock: SimClock,
    readonly catalog: KitCatalog,
  ) {}

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

  /**
   * The region whose endpoint is answering. Each region's endpoint sees only the clusters that live
   * there (an other-region replica is reached through its own region's host); engines that serve one
   * region never change it.
   */
  servedRegion = SIM_REGION;

  /** Runs `fn` as the endpoint of `region` answers. Handlers are synchronous, so this cannot leak into another request. */
  inRegion<T>(region: string, fn: () => T): T {
    const before = this.servedRegion;
    this.servedRegion = region;
    try {
      return fn();
    } finally {
      this.servedRegion = before;
    }
  }

  /**
   * The account whose key signed the call being answered: an access key belongs to one account,
   * and another account's cluster is not there for it (not found, absent from lists).
   */
  servedAccount = SIM_ACCOUNT_ID;

  /** Runs `fn` as the account's call (synchronous handlers, like `inRegion`). */
  inAccount<T>(account: string, fn: () => T): T {
    const before = this.servedAccount;
    this.servedAccount = account;
    try {
      return fn();
    } finally {
      this.servedAccount = before;
    }
  }

  /** Clusters this region's endpoint answers for, to this account. */
  visibleClusters(): C[] {
    return [...this.clusters.values()].filter((c) => c.region === this.servedRegion && c.account_id === this.servedAccount);
  }

  findCluster(id: string): C {
    const c = this.clusters.get(id);
    if (!c || c.region !== this.servedRegion || c.account_id !== this.servedAccount) throw new ScpNotFoundError("cluster", id);
    return c;
  }

  findInstanceGroup(id: string): { cluster: C; group: InstanceGroup } {
    for (const cluster of this.visibleClusters()) {
      const group = cluster.instance_groups.find((g) => g.id === id);
      if (group) return { cluster, group };
    }
    throw new ScpNotFoundError("instance group", id);
  }

  findBlockStorage(id: string): { cluster: C; group: InstanceGroup; storage: BlockStorage } {
    for (const cluster of this.visibleClusters()) {
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
    const v = this.catalog.engineVersions.find((e) => e.id === id);
    if (!v) throw new ScpNotFoundError("engine version", id);
    return v;
  }

  // ---- the operation machinery ----

  /** Busy (transitional state) → CLUSTER_BUSY; stable but not allowed → INVALID_STATE. */
  protected assertCanStart(cluster: C, kind: OperationKind, what: string): void {
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
    cluster: C,
    kind: OperationKind,
    ctx: MutationContext,
    opts: { what: string; resourceId?: string; apply?: () => void; onFail?: () => void },
  ): AsyncResult {
    const t: Transition = TRANSITIONS[kind];
    const previous = cluster.service_state;
    const fail = ctx.takeFailure();
    const label = `${kind}:${opts.what} ${cluster.id}`;
    const request = this.newRequest(opts.what, opts.resourceId ?? cluster.id, cluster.id);
    cluster.service_state = t.during;
    cluster.operation = label;
    this.clock.schedule({
      label: `${this.catalog.service} ${label}`,
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

  /** Engines with links between clusters (PostgreSQL replicas) extend this. */
  protected removeCluster(cluster: C): void {
    this.clusters.delete(cluster.id);
  }

  // ---- checks ----

  /** The create body's engine version (must exist and not be end of service) and time zone. */
  protected checkCreateBasics(engineVersionId: string, timezone: string, issues: FieldIssue[]): EngineVersion | undefined {
    const engine = this.catalog.engineVersions.find((e) => e.id === engineVersionId);
    if (!engine) {
      issues.push({ loc: ["body", "dbaas_engine_version_id"], detail: "engine version does not exist (see GET /v1/engine-versions)" });
    } else if (engine.end_of_service) {
      issues.push({ loc: ["body", "dbaas_engine_version_id"], detail: `engine version ${engine.software_version} is end of service` });
    }
    if (!validTimezone(timezone)) issues.push({ loc: ["body", "timezone"], detail: `unknown time zone ${timezone}` });
    return engine;
  }

  protected checkServerType(name: string, loc: Array<string | number>, issues: FieldIssue[]): void {
    if (!this.catalog.serverTypes.some((s) => s.name === name)) {
      issues.push({ loc, detail: `server type ${name} does not exist (see GET /v1/server-types)` });
    }
  }

  protected checkNameFree(name: string): void {
    for (const c of this.clusters.values())
      if (c.name === name && c.account_id === this.servedAccount) throw new ScpDuplicateNameError(name);
  }

  protected checkAllowedIps(list: string[] | undefined, loc: Array<string | number>, issues: FieldIssue[]): void {
    const seen = new Set<string>();
    (list ?? []).forEach((ip, i) => {
      if (seen.has(ip)) issues.push({ loc: [...loc, i], detail: `duplicate address ${ip}` });
      seen.add(ip);
    });
  }

  /** Fixed IPs must be free in the subnet and unique in the request; a public IP needs NAT. */
  protected checkInstances(
    instances: InstanceRequest[],
    subnetId: string,
    natEnabled: boolean,
    loc: Array<string | number>,
    issues: FieldIssue[],
    seen: Set<string> = new Set(),
  ): void {
    instances.forEach((inst, i) => {
      this.checkAddress(inst.service_ip_address, subnetId, [...loc, i, "service_ip_address"], issues, seen);
      if (inst.public_ip_id && !natEnabled) {
        issues.push({ loc: [...loc, i, "public_ip_id"], detail: "a public IP requires nat_enabled" });
      }
    });
  }

  /** A requested fixed address must be free in the subnet and not repeated in the request. */
  protected checkAddress(
    ip: string | null | undefined,
    subnetId: string,
    loc: Array<string | number>,
    issues: FieldIssue[],
    seen: Set<string>,
  ): void {
    if (!ip) return;
    if (this.usedIps().has(`${subnetId}|${ip}`) || seen.has(ip))
      issues.push({ loc, detail: `${ip} is already in use in subnet ${subnetId}` });
    seen.add(ip);
  }

  // ---- addresses ----

  /** Addresses a cluster holds besides its instances' (PostgreSQL's VIP). */
  protected extraAddresses(_c: C): string[] {
    return [];
  }

  protected usedIps(): Set<string> {
    const used = new Set<string>();
    for (const c of this.clusters.values()) {
      for (const ip of this.extraAddresses(c)) used.add(`${c.subnet_id}|${ip}`);
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

  dumpClusters(): unknown {
    return {
      clusters: [...this.clusters.values()].map((c) => ({
        id: c.id,
        name: c.name,
        service_state: c.service_state,
        role_type: c.role_type,
        operation: c.operation,
        software_version: c.engine.software_version,
      })),
      requests: [...this.requests.values()].map((r) => ({
        request_id: r.request_id,
        state: r.state,
        operation: r.operation,
        resource_id: r.resource_id,
      })),
    };
  }
}
