/**
 * The state model of the simulated Selectel DBaaS: one {@link RegionState} per region (regions are
 * separate services: a datastore of ru-7 does not exist in ru-9), holding datastores, their
 * children and the project's Prometheus tokens. No HTTP here: methods take parsed bodies, enforce
 * the service's rules (throwing the errors of ./errors.ts) and return model values; views.ts
 * serialises them.
 *
 * Every mutation of a datastore or a child shows its transitional status at once and schedules
 * the end of the transition on the injected clock (tables below). Settings changes (name, config,
 * firewall, ...) are visible in the response at once, as the real API echoes them with
 * `PENDING_UPDATE` (reference §4); a resize takes effect when RESIZING ends. A `fail-operation`
 * fault makes the operation end in `ERROR` instead.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { SimClock } from "../clock";
import {
  AVAILABLE_EXTENSIONS,
  DATASTORE_TYPES,
  FLAVORS,
  NODE_COUNT,
  configParameter,
  type ConfigParameter,
  type DatastoreType,
  type Engine,
} from "./catalog";
import { BadRequestError, BusyError, ForbiddenError, NotFoundError, SelectelApiError, ValidationError } from "./errors";
import { parseApiTime, pyValue, type DatastoreCreate, type PoolerSpec, type ResizeSpec } from "./schemas";

// ---- statuses and transition tables ----

/** Every status of the API (reference §2, GO `dbaas.go`). */
export const STATUSES = [
  "ACTIVE", "DELETED", "DEGRADED", "DISK_FULL", "ERROR", "PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "DOWN", "RESIZING",
] as const;
export type Status = (typeof STATUSES)[number];
export const TRANSITIONAL: ReadonlySet<Status> = new Set(["PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "RESIZING"]);
/** Stable statuses a datastore may be deleted from. */
const DELETABLE: ReadonlySet<Status> = new Set(["ACTIVE", "ERROR", "DEGRADED", "DISK_FULL", "DOWN"]);

export interface Transition {
  during: Status;
  /** `gone`: the object disappears (GET → 404). */
  to: Status | "gone";
  failTo: Status;
  steps: number;
}

export const DATASTORE_TRANSITIONS = {
  create: { during: "PENDING_CREATE", to: "ACTIVE", failTo: "ERROR", steps: 2 },
  update: { during: "PENDING_UPDATE", to: "ACTIVE", failTo: "ERROR", steps: 1 },
  resize: { during: "RESIZING", to: "ACTIVE", failTo: "ERROR", steps: 2 },
  delete: { during: "PENDING_DELETE", to: "gone", failTo: "ERROR", steps: 1 },
} as const satisfies Record<string, Transition>;

export const CHILD_TRANSITIONS = {
  create: { during: "PENDING_CREATE", to: "ACTIVE", failTo: "ERROR", steps: 1 },
  update: { during: "PENDING_UPDATE", to: "ACTIVE", failTo: "ERROR", steps: 1 },
  delete: { during: "PENDING_DELETE", to: "gone", failTo: "ERROR", steps: 1 },
} as const satisfies Record<string, Transition>;

// ---- model ----

export interface Instance {
  id: string;
  ip: string;
  floating_ip: string | null;
  role: "MASTER" | "REPLICA";
  role_name: string;
  status: Status;
  hostname: string;
  availability_zone: string;
}

export interface Datastore {
  id: string;
  project_id: string;
  region: string;
  name: string;
  status: Status;
  enabled: boolean;
  type: DatastoreType;
  subnet_id: string;
  flavor_id: string;
  flavor: { vcpus: number; ram: number; disk: number; disk_type: string };
  node_count: number;
  /** Values as sent (typed); views.ts prints numbers as floats. */
  config: Record<string, unknown>;
  connection: Record<string, string>;
  instances: Instance[];
  firewall: string[];
  pooler: PoolerSpec | null;
  security_groups: string[];
  log_platform: { log_group: string } | null;
  backup_retention_days: number;
  allow_restore: boolean;
  is_maintenance: boolean;
  is_protected: boolean;
  /** Stored, never serialised. */
  redis_password: string | null;
  created_ms: number;
  created_at: string;
  updated_at: string;
  creation_finished_at: string | null;
}

export interface ChildBase {
  id: string;
  project_id: string;
  datastore_id: string;
  status: Status;
  created_ms: number;
  created_at: string;
  updated_at: string;
}
export interface User extends ChildBase { name: string; password: string }
export interface Database extends ChildBase { name: string; owner_id: string | null; lc_collate: string; lc_ctype: string }
export interface Grant extends ChildBase { database_id: string; user_id: string }
export interface Extension extends ChildBase { available_extension_id: string; database_id: string }
export interface Topic extends ChildBase { name: string; partitions: number }
export interface Acl extends ChildBase { pattern: string | null; pattern_type: string; user_id: string; allow_read: boolean; allow_write: boolean }
export interface Slot extends ChildBase { name: string; database_id: string; in_use: boolean; size: number }
export interface PrometheusToken { id: string; project_id: string; name: string; value: string; created_at: string; updated_at: string }

export interface ChildKinds {
  users: User;
  databases: Database;
  grants: Grant;
  extensions: Extension;
  topics: Topic;
  acls: Acl;
  "logical-replication-slots": Slot;
}
export type ChildKind = keyof ChildKinds;
export const CHILD_KINDS: readonly ChildKind[] = ["users", "databases", "grants", "extensions", "topics", "acls", "logical-replication-slots"];
/** Entity names in 404 messages. */
export const ENTITY: Record<ChildKind, string> = {
  users: "user",
  databases: "database",
  grants: "grant",
  extensions: "extension",
  topics: "topic",
  acls: "acl",
  "logical-replication-slots": "logical replication slot",
};
/** Which engines have which children. */
const CHILD_ENGINES: Record<ChildKind, readonly Engine[]> = {
  users: ["postgresql", "mysql", "mysql_native", "kafka"],
  databases: ["postgresql", "mysql", "mysql_native"],
  grants: ["postgresql", "mysql", "mysql_native"],
  extensions: ["postgresql"],
  topics: ["kafka"],
  acls: ["kafka"],
  "logical-replication-slots": ["postgresql"],
};

/** What the HTTP layer passes along with a mutation. */
export interface MutationContext {
  /** The token's project. */
  project: string;
  /** Consumes a matching `fail-operation` fault; called only once the mutation is accepted. */
  takeFailure(): boolean;
}

/** Timestamps as the API prints them: UTC, no zone (reference §1.3). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

const LOCALES = ["C", "POSIX", "C.UTF-8", "en_US.UTF-8", "ru_RU.UTF-8"];

// ---- config typing (shared by create and PUT config) ----

/** The error for one config entry, or null when the value fits the parameter. */
export function checkConfigValue(param: ConfigParameter, value: unknown): string | null {
  if (!param.is_changeable) return `Parameter ${param.name} cannot be changed`;
  if (value === null) return null;
  const typeName = { int: "integer", float: "number", str: "string", bool: "boolean" }[param.type];
  const typeOk =
    param.type === "int" ? typeof value === "number" && Number.isInteger(value)
    : param.type === "float" ? typeof value === "number" && Number.isFinite(value)
    : param.type === "bool" ? typeof value === "boolean"
    : typeof value === "string";
  if (!typeOk) return `${pyValue(value)} is not of type '${typeName}'`;
  if (typeof value === "number") {
    if (param.min !== null && value < param.min) return `${value} is less than the minimum of ${param.min}`;
    if (param.max !== null && value > param.max) return `${value} is greater than the maximum of ${param.max}`;
  }
  if (typeof value === "string") {
    if (value === "" && !param.can_be_empty) return `${pyValue(value)} should be non-empty`;
    if (param.choices && value !== "") {
      const parts = param.is_multiple_choice_available ? value.split(",") : [value];
      for (const part of parts) if (!param.choices.includes(part)) return `${pyValue(part)} is not one of ${pyValue(param.choices)}`;
    }
  }
  if (param.invalid_values?.some((iv) => iv === value)) return `${pyValue(value)} is not a valid value for ${param.name}`;
  return null;
}

function checkConfig(typeId: string, config: Record<string, unknown>, path: string): void {
  const issues: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(config)) {
    const param = configParameter(typeId, k);
    if (!param) {
      issues.push([`${path}.${k}`, `Parameter ${k} is not available for this datastore type`]);
      continue;
    }
    const err = checkConfigValue(param, v);
    if (err) issues.push([`${path}.${k}`, err]);
  }
  if (issues.length) throw new ValidationError(issues);
}

// ---- one region ----

export class RegionState {
  readonly datastores = new Map<string, Datastore>();
  readonly children: { [K in ChildKind]: Map<string, ChildKinds[K]> } = {
    users: new Map(),
    databases: new Map(),
    grants: new Map(),
    extensions: new Map(),
    topics: new Map(),
    acls: new Map(),
    "logical-replication-slots": new Map(),
  };
  readonly prometheusTokens = new Map<string, PrometheusToken>();
  private floatingSeq = 0;

  constructor(
    readonly region: string,
    private readonly clock: SimClock,
    readonly quirks: Quirks = { ignoreTypeFilter: false },
  ) {}

  reset(): void {
    this.datastores.clear();
    for (const k of CHILD_KINDS) this.children[k].clear();
    this.prometheusTokens.clear();
    this.floatingSeq = 0;
  }

  private now(): string {
    return formatTimestamp(this.clock.now());
  }

  /**
   * Stamp `updated_at` with the current time in the API's format, which has whole seconds: two
   * changes within one second print the same value, as on the real service, so a client cannot
   * take an unchanged `updated_at` as proof that nothing happened.
   */
  private touch(o: { updated_at: string }): void {
    o.updated_at = this.now();
  }

  // ---- finders ----

  findDatastore(id: string, project: string): Datastore {
    const d = this.datastores.get(id);
    if (!d) throw new NotFoundError("datastore", id);
    if (d.project_id !== project) throw new ForbiddenError(`datastore ${id} belongs to another project.`);
    return d;
  }

  findChild<K extends ChildKind>(kind: K, id: string, project: string): ChildKinds[K] {
    const c = this.children[kind].get(id) as ChildKinds[K] | undefined;
    if (!c) throw new NotFoundError(ENTITY[kind], id);
    if (c.project_id !== project) throw new ForbiddenError(`${ENTITY[kind]} ${id} belongs to another project.`);
    return c;
  }

  listChildren<K extends ChildKind>(kind: K, project: string): ChildKinds[K][] {
    return [...(this.children[kind] as Map<string, ChildKinds[K]>).values()].filter((c) => c.project_id === project);
  }

  listDatastores(project: string): Datastore[] {
    return [...this.datastores.values()].filter((d) => d.project_id === project);
  }

  childrenOf(datastoreId: string): ChildBase[] {
    return CHILD_KINDS.flatMap((k) => [...this.children[k].values()].filter((c) => c.datastore_id === datastoreId));
  }

  // ---- the operation machinery ----

  /** The datastore must be ACTIVE to accept a change of itself or of its children. */
  private assertActive(d: Datastore): void {
    if (d.status === "ACTIVE") return;
    if (TRANSITIONAL.has(d.status)) throw new BusyError("datastore", d.id, d.status);
    throw new SelectelApiError(409, `datastore ${d.id} is in status ${d.status}; the operation requires status ACTIVE.`);
  }

  private assertChildActive(kind: ChildKind, c: ChildBase): void {
    if (c.status === "ACTIVE") return;
    if (TRANSITIONAL.has(c.status)) throw new BusyError(ENTITY[kind], c.id, c.status);
    throw new SelectelApiError(409, `${ENTITY[kind]} ${c.id} is in status ${c.status}; the operation requires status ACTIVE.`);
  }

  private beginDatastore(d: Datastore, kind: keyof typeof DATASTORE_TRANSITIONS, ctx: MutationContext, apply?: () => void): void {
    const t: Transition = DATASTORE_TRANSITIONS[kind];
    const fail = ctx.takeFailure();
    d.status = t.during;
    this.touch(d);
    this.clock.schedule({
      label: `selectel-dbaas ${this.region} ${kind} datastore ${d.id}`,
      steps: t.steps,
      complete: () => {
        if (!this.datastores.has(d.id)) return;
        if (fail) {
          d.status = t.failTo;
          for (const i of d.instances) i.status = t.failTo;
          this.touch(d);
          return;
        }
        apply?.();
        if (t.to === "gone") {
          this.removeDatastore(d);
          return;
        }
        d.status = t.to;
        for (const i of d.instances) i.status = t.to;
        this.touch(d);
      },
    });
  }

  private beginChild<K extends ChildKind>(kind: K, c: ChildKinds[K], op: keyof typeof CHILD_TRANSITIONS, ctx: MutationContext, apply?: () => void): void {
    const t: Transition = CHILD_TRANSITIONS[op];
    const fail = ctx.takeFailure();
    c.status = t.during;
    this.touch(c);
    this.clock.schedule({
      label: `selectel-dbaas ${this.region} ${op} ${ENTITY[kind]} ${c.id}`,
      steps: t.steps,
      complete: () => {
        if (!this.children[kind].has(c.id)) return;
        if (fail) {
          c.status = t.failTo;
          this.touch(c);
          return;
        }
        apply?.();
        if (t.to === "gone") {
          this.removeChild(kind, c.id);
          return;
        }
        c.status = t.to;
        this.touch(c);
      },
    });
  }

  private removeDatastore(d: Datastore): void {
    this.datastores.delete(d.id);
    for (const k of CHILD_KINDS) for (const [id, c] of this.children[k]) if (c.datastore_id === d.id) this.children[k].delete(id);
  }

  /** Removing a child removes what hangs off it (grants, extensions, slots of a database; grants, ACLs of a user). */
  private removeChild(kind: ChildKind, id: string): void {
    this.children[kind].delete(id);
    const drop = <K extends ChildKind>(k: K, pred: (c: ChildKinds[K]) => boolean) => {
      for (const [cid, c] of this.children[k] as Map<string, ChildKinds[K]>) if (pred(c)) this.children[k].delete(cid);
    };
    if (kind === "databases") {
      drop("grants", (g) => g.database_id === id);
      drop("extensions", (e) => e.database_id === id);
      drop("logical-replication-slots", (s) => s.database_id === id);
    } else if (kind === "users") {
      drop("grants", (g) => g.user_id === id);
      drop("acls", (a) => a.user_id === id);
    }
  }

  // ---- datastores ----

  private resolveType(typeId: string, path: string): DatastoreType {
    const t = DATASTORE_TYPES.find((x) => x.id === typeId);
    if (!t) throw ValidationError.field(path, `datastore type ${typeId} not found`);
    return t;
  }

  private resolveFlavor(
    type: DatastoreType,
    spec: { flavor_id?: string; flavor?: { vcpus: number; ram: number; disk: number } },
    path: string,
  ): { id: string; vcpus: number; ram: number; disk: number } {
    if (spec.flavor_id !== undefined && spec.flavor !== undefined) {
      throw ValidationError.field(path, "Only one of flavor_id and flavor may be given");
    }
    if (spec.flavor_id !== undefined) {
      const f = FLAVORS.find((x) => x.id === spec.flavor_id);
      if (!f) throw ValidationError.field(`${path}.flavor_id`, `flavor ${spec.flavor_id} not found`);
      if (!f.datastore_type_ids.includes(type.id)) {
        throw ValidationError.field(`${path}.flavor_id`, `flavor ${f.id} is not available for datastore type ${type.engine} ${type.version}`);
      }
      return { id: f.id, vcpus: f.vcpus, ram: f.ram, disk: f.disk };
    }
    if (spec.flavor !== undefined) {
      if (type.engine === "redis") throw ValidationError.field(`${path}.flavor`, "Custom flavors are not available for redis; use flavor_id");
      const { vcpus, ram, disk } = spec.flavor;
      const known = FLAVORS.find((f) => f.vcpus === vcpus && f.ram === ram && f.disk === disk && f.datastore_type_ids.includes(type.id));
      return { id: known?.id ?? stableFlavorId(vcpus, ram, disk), vcpus, ram, disk };
    }
    throw ValidationError.field(path, "One of flavor_id and flavor is required");
  }

  private checkNodeCount(type: DatastoreType, n: number, path: string): void {
    const allowed = NODE_COUNT[type.engine];
    if (!allowed.includes(n)) throw ValidationError.field(path, `${n} is not one of ${pyValue([...allowed])} for ${type.engine}`);
  }

  createDatastore(b: DatastoreCreate, ctx: MutationContext): Datastore {
    const p = "datastore";
    if (b.project_id !== undefined && b.project_id !== ctx.project) throw new ForbiddenError(`project ${b.project_id} does not match the token's project.`);
    const type = this.resolveType(b.type_id, `${p}.type_id`);
    const engine = type.engine;
    const flavor = this.resolveFlavor(type, b, p);
    this.checkNodeCount(type, b.node_count, `${p}.node_count`);
    const diskType = b.flavor?.disk_type ?? b.disk?.type ?? "local";
    if (b.flavor?.disk_type !== undefined && b.disk?.type !== undefined && b.flavor.disk_type !== b.disk.type) {
      throw ValidationError.field(`${p}.disk.type`, `disk type ${b.disk.type} conflicts with flavor disk_type ${b.flavor.disk_type}`);
    }
    if (b.pooler !== undefined && engine !== "postgresql") throw ValidationError.field(`${p}.pooler`, `Pooler is available only for postgresql`);
    if (engine === "redis" && b.redis_password === undefined) throw ValidationError.field(p, "'redis_password' is a required property");
    if (engine !== "redis" && b.redis_password !== undefined) throw ValidationError.field(`${p}.redis_password`, "redis_password is available only for redis");
    if (engine === "kafka") {
      for (const k of ["backup_retention_days", "floating_ips", "restore"] as const) {
        if (b[k] !== undefined) throw ValidationError.field(`${p}.${k}`, `${k} is not available for kafka`);
      }
    }
    if (b.floating_ips && b.floating_ips.replica > b.node_count - 1) {
      throw ValidationError.field(`${p}.floating_ips.replica`, `${b.floating_ips.replica} is greater than the maximum of ${b.node_count - 1}`);
    }
    if (b.config) checkConfig(type.id, b.config, `${p}.config`);
    let restoreFrom: { source: Datastore; at: number } | undefined;
    if (b.restore) {
      const src = this.datastores.get(b.restore.datastore_id);
      if (!src || src.project_id !== ctx.project) throw ValidationError.field(`${p}.restore.datastore_id`, `datastore ${b.restore.datastore_id} not found`);
      if (src.type.engine !== engine) throw ValidationError.field(`${p}.restore.datastore_id`, `datastore ${src.id} is ${src.type.engine}, not ${engine}`);
      if (!src.allow_restore || src.creation_finished_at === null) throw new BadRequestError(`datastore ${src.id} has no backups to restore from.`);
      const now = this.clock.now();
      const at = b.restore.target_time !== undefined ? parseApiTime(b.restore.target_time)! : now;
      const earliest = Math.max(parseApiTime(src.creation_finished_at)!, now - src.backup_retention_days * 86_400_000);
      if (at < earliest || at > now) {
        throw ValidationError.field(
          `${p}.restore.target_time`,
          `target_time must be between ${formatTimestamp(earliest)} and ${formatTimestamp(now)} (the backups of datastore ${src.id})`,
        );
      }
      restoreFrom = { source: src, at };
    }

    const now = this.now();
    const id = randomUUID();
    const d: Datastore = {
      id,
      project_id: ctx.project,
      region: this.region,
      name: b.name,
      status: "PENDING_CREATE",
      enabled: true,
      type,
      subnet_id: b.subnet_id,
      flavor_id: flavor.id,
      flavor: { vcpus: flavor.vcpus, ram: flavor.ram, disk: b.disk?.size ?? flavor.disk, disk_type: diskType },
      node_count: b.node_count,
      config: { ...(b.config ?? {}) },
      connection: {},
      instances: [],
      firewall: [],
      pooler: engine === "postgresql" ? (b.pooler ? { mode: b.pooler.mode, size: b.pooler.size } : { mode: "transaction", size: 30 }) : null,
      security_groups: b.security_groups ? [...b.security_groups] : [randomUUID()],
      log_platform: b.log_platform ? { log_group: b.log_platform.log_group } : null,
      backup_retention_days: engine === "kafka" ? 0 : (b.backup_retention_days ?? 7),
      allow_restore: false,
      is_maintenance: false,
      is_protected: false,
      redis_password: b.redis_password ?? null,
      created_ms: this.clock.now(),
      created_at: now,
      updated_at: now,
      creation_finished_at: null,
    };
    for (const k of Object.keys(d.config)) if (d.config[k] === null) delete d.config[k];
    this.setInstances(d, b.node_count, "PENDING_CREATE");
    if (b.floating_ips) {
      if (b.floating_ips.master) d.instances[0]!.floating_ip = this.allocateFloatingIp();
      d.instances.filter((i) => i.role === "REPLICA").slice(0, b.floating_ips.replica).forEach((i) => (i.floating_ip = this.allocateFloatingIp()));
    }
    this.datastores.set(id, d);
    this.beginDatastore(d, "create", ctx, () => {
      d.creation_finished_at = this.now();
      d.allow_restore = engine !== "kafka";
      if (restoreFrom) this.copyRestoredChildren(restoreFrom.source, d, restoreFrom.at);
    });
    return d;
  }

  /** A restored cluster comes with the users, databases, grants and extensions its source had at target_time. */
  private copyRestoredChildren(src: Datastore, dst: Datastore, at: number): void {
    const ids = new Map<string, string>();
    const now = this.now();
    for (const k of ["users", "databases", "grants", "extensions"] as const) {
      for (const c of [...this.children[k].values()]) {
        // The API's times have whole seconds: an object created during the target second is included.
        if (c.datastore_id !== src.id || Math.floor(c.created_ms / 1000) * 1000 > at || c.status === "PENDING_CREATE") continue;
        const copy = { ...c, id: randomUUID(), datastore_id: dst.id, status: "ACTIVE" as Status, created_ms: this.clock.now(), created_at: now, updated_at: now };
        ids.set(c.id, copy.id);
        const remap = (v: string | null): string | null => (v === null ? null : (ids.get(v) ?? v));
        if ("owner_id" in copy) copy.owner_id = remap(copy.owner_id);
        if ("user_id" in copy) copy.user_id = remap(copy.user_id)!;
        if ("database_id" in copy) copy.database_id = remap(copy.database_id)!;
        (this.children[k] as Map<string, ChildBase>).set(copy.id, copy);
      }
    }
  }

  private setInstances(d: Datastore, n: number, status: Status): void {
    const base = subnetBase(d.subnet_id);
    const keep = d.instances.slice(0, n);
    for (let i = keep.length; i < n; i++) {
      const role = i === 0 ? "MASTER" : "REPLICA";
      const used = new Set(keep.map((x) => x.ip));
      let host = 10 + i;
      while (used.has(`${base}.${host}`)) host++;
      keep.push({
        id: randomUUID(),
        ip: `${base}.${host}`,
        floating_ip: null,
        role,
        role_name: role === "MASTER" ? "master" : `replica-${i}`,
        status,
        hostname: `${role === "MASTER" ? "master" : `replica-${i}`}.${d.id.slice(0, 8)}.${d.region}.c.dbaas.selcloud.ru`,
        availability_zone: `${d.region}${"abc"[i % 3]}`,
      });
    }
    d.instances = keep;
    const conn: Record<string, string> = {};
    const master = keep[0]!;
    conn.MASTER = master.ip;
    conn.master = `master.${d.id}.c.dbaas.selcloud.ru`;
    keep.slice(1).forEach((_, i) => (conn[`replica-${i + 1}`] = `replica-${i + 1}.${d.id}.c.dbaas.selcloud.ru`));
    d.connection = conn;
  }

  private allocateFloatingIp(): string {
    this.floatingSeq++;
    return `185.91.${52 + Math.floor(this.floatingSeq / 250)}.${(this.floatingSeq % 250) + 2}`;
  }

  private assertEngine(d: Datastore, engines: readonly Engine[], what: string): void {
    if (!engines.includes(d.type.engine)) throw new BadRequestError(`${what} is available only for ${engines.join(", ")} datastores, not ${d.type.engine}.`);
  }

  renameDatastore(id: string, name: string, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    this.assertActive(d);
    d.name = name;
    this.beginDatastore(d, "update", ctx);
    return d;
  }

  resizeDatastore(id: string, r: ResizeSpec, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    if (r.flavor_id === undefined && r.flavor === undefined && r.disk === undefined && r.node_count === undefined) {
      throw ValidationError.field("resize", "One of flavor_id, flavor, disk, node_count is required");
    }
    const flavor = r.flavor_id !== undefined || r.flavor !== undefined ? this.resolveFlavor(d.type, r, "resize") : undefined;
    if (r.node_count !== undefined) this.checkNodeCount(d.type, r.node_count, "resize.node_count");
    if (d.type.engine === "redis" && r.disk !== undefined) throw ValidationError.field("resize.disk", "disk is not available for redis");
    if (r.disk !== undefined) {
      if (d.flavor.disk_type !== "network-ultra") throw ValidationError.field("resize.disk", "disk can be resized only on network-ultra disks; change the flavor instead");
      if (r.disk.size < d.flavor.disk) throw ValidationError.field("resize.disk.size", `disk size can only grow (current ${d.flavor.disk})`);
    }
    const newDisk = r.disk?.size ?? (flavor && d.flavor.disk_type === "local" ? flavor.disk : d.flavor.disk);
    if (newDisk < d.flavor.disk) throw ValidationError.field("resize", `disk size can only grow (current ${d.flavor.disk}, flavor gives ${newDisk})`);
    this.assertActive(d);
    this.beginDatastore(d, "resize", ctx, () => {
      if (flavor) {
        d.flavor_id = flavor.id;
        d.flavor = { ...d.flavor, vcpus: flavor.vcpus, ram: flavor.ram };
      }
      d.flavor.disk = newDisk;
      if (r.node_count !== undefined && r.node_count !== d.node_count) {
        d.node_count = r.node_count;
        this.setInstances(d, r.node_count, "ACTIVE");
      }
    });
    return d;
  }

  setPooler(id: string, pooler: PoolerSpec & { datastore_id?: string }, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    this.assertEngine(d, ["postgresql"], "Pooler");
    if (pooler.datastore_id !== undefined && pooler.datastore_id !== d.id) throw ValidationError.field("pooler.datastore_id", `does not match datastore ${d.id}`);
    this.assertActive(d);
    d.pooler = { mode: pooler.mode, size: pooler.size };
    this.beginDatastore(d, "update", ctx);
    return d;
  }

  setFirewall(id: string, ips: string[], ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    this.assertActive(d);
    d.firewall = [...ips];
    this.beginDatastore(d, "update", ctx);
    return d;
  }

  /** Merge: a key with `null` goes back to its default (i.e. leaves `config`). */
  setConfig(id: string, config: Record<string, unknown>, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    checkConfig(d.type.id, config, "config");
    this.assertActive(d);
    for (const [k, v] of Object.entries(config)) {
      if (v === null) delete d.config[k];
      else d.config[k] = v;
    }
    this.beginDatastore(d, "update", ctx);
    return d;
  }

  setRedisPassword(id: string, password: string, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    this.assertEngine(d, ["redis"], "Password update");
    this.assertActive(d);
    d.redis_password = password;
    this.beginDatastore(d, "update", ctx);
    return d;
  }

  setBackups(id: string, days: number, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    this.assertEngine(d, ["postgresql", "mysql", "mysql_native", "redis"], "Backups");
    this.assertActive(d);
    d.backup_retention_days = days;
    this.beginDatastore(d, "update", ctx);
    return d;
  }

  /** Applied at once: the datastore stays ACTIVE (TF does not wait after it, reference §2). */
  setSecurityGroups(id: string, groups: string[], ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    this.assertActive(d);
    ctx.takeFailure();
    d.security_groups = [...groups];
    this.touch(d);
    return d;
  }

  setLogPlatform(id: string, logGroup: string | null, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    this.assertActive(d);
    if (logGroup === null && d.log_platform === null) throw new BadRequestError(`logs export is not enabled for datastore ${d.id}.`);
    d.log_platform = logGroup === null ? null : { log_group: logGroup };
    this.beginDatastore(d, "update", ctx);
    return d;
  }

  /** A flag: applied at once, allowed in any stable status (so a failed cluster can be unprotected and deleted). */
  setProtection(id: string, on: boolean, ctx: MutationContext): Datastore {
    const d = this.findDatastore(id, ctx.project);
    if (TRANSITIONAL.has(d.status)) throw new BusyError("datastore", d.id, d.status);
    ctx.takeFailure();
    d.is_protected = on;
    this.touch(d);
    return d;
  }

  deleteDatastore(id: string, ctx: MutationContext): void {
    const d = this.findDatastore(id, ctx.project);
    if (d.is_protected) throw new BadRequestError(`datastore ${d.id} is in protection mode and cannot be deleted; disable protection mode first.`);
    if (!DELETABLE.has(d.status)) {
      if (TRANSITIONAL.has(d.status)) throw new BusyError("datastore", d.id, d.status);
      throw new SelectelApiError(409, `datastore ${d.id} is in status ${d.status} and cannot be deleted.`);
    }
    this.beginDatastore(d, "delete", ctx);
  }

  /** Control action: force a status (e.g. DEGRADED, DISK_FULL, DOWN) on a datastore. */
  forceStatus(id: string, status: Status): Datastore {
    const d = this.datastores.get(id);
    if (!d) throw new NotFoundError("datastore", id);
    d.status = status;
    for (const i of d.instances) i.status = status;
    this.touch(d);
    return d;
  }

  // ---- floating IPs ----

  private findInstance(instanceId: string, project: string): { d: Datastore; inst: Instance } {
    for (const d of this.datastores.values()) {
      if (d.project_id !== project) continue;
      const inst = d.instances.find((i) => i.id === instanceId);
      if (inst) return { d, inst };
    }
    throw new NotFoundError("instance", instanceId);
  }

  addFloatingIp(instanceId: string, ctx: MutationContext): void {
    const { d, inst } = this.findInstance(instanceId, ctx.project);
    this.assertEngine(d, ["postgresql", "mysql", "mysql_native", "redis"], "Floating IPs");
    if (inst.floating_ip !== null) throw new BadRequestError(`instance ${inst.id} already has a floating IP.`);
    this.assertActive(d);
    this.beginDatastore(d, "update", ctx, () => {
      inst.floating_ip = this.allocateFloatingIp();
    });
  }

  removeFloatingIp(instanceId: string, ctx: MutationContext): void {
    const { d, inst } = this.findInstance(instanceId, ctx.project);
    if (inst.floating_ip === null) throw new BadRequestError(`instance ${inst.id} has no floating IP.`);
    this.assertActive(d);
    this.beginDatastore(d, "update", ctx, () => {
      inst.floating_ip = null;
    });
  }

  // ---- children ----

  /** The parent datastore of a new child: exists (else 400, as GO's invalid datastore_id fixtures), right engine, ACTIVE. */
  private parentFor(kind: ChildKind, datastoreId: string, path: string, ctx: MutationContext): Datastore {
    const d = this.datastores.get(datastoreId);
    if (!d || d.project_id !== ctx.project) throw ValidationError.field(`${path}.datastore_id`, `datastore ${datastoreId} not found`);
    if (!CHILD_ENGINES[kind].includes(d.type.engine)) throw new BadRequestError(`${kind} are not available for ${d.type.engine} datastores.`);
    this.assertActive(d);
    return d;
  }

  /** A child referenced by another (owner, grant target, ACL user...): same datastore, ACTIVE. */
  private referenced<K extends ChildKind>(kind: K, id: string, d: Datastore, path: string): ChildKinds[K] {
    const c = this.children[kind].get(id) as ChildKinds[K] | undefined;
    if (!c || c.datastore_id !== d.id) throw ValidationError.field(path, `${ENTITY[kind]} ${id} not found in datastore ${d.id}`);
    this.assertChildActive(kind, c);
    return c;
  }

  private base(d: Datastore): ChildBase {
    const now = this.now();
    return { id: randomUUID(), project_id: d.project_id, datastore_id: d.id, status: "PENDING_CREATE", created_ms: this.clock.now(), created_at: now, updated_at: now };
  }

  private add<K extends ChildKind>(kind: K, c: ChildKinds[K], ctx: MutationContext): ChildKinds[K] {
    (this.children[kind] as Map<string, ChildKinds[K]>).set(c.id, c);
    this.beginChild(kind, c, "create", ctx);
    return c;
  }

  private checkUniqueName(kind: "users" | "databases" | "topics" | "logical-replication-slots", d: Datastore, name: string, path: string): void {
    for (const c of this.children[kind].values()) {
      if (c.datastore_id === d.id && c.name === name) throw ValidationError.field(path, `${ENTITY[kind]} ${name} already exists in datastore ${d.id}`);
    }
  }

  createUser(b: { datastore_id: string; name: string; password: string }, ctx: MutationContext): User {
    const d = this.parentFor("users", b.datastore_id, "user", ctx);
    this.checkUniqueName("users", d, b.name, "user.name");
    return this.add("users", { ...this.base(d), name: b.name, password: b.password }, ctx);
  }

  updateUser(id: string, password: string, ctx: MutationContext): User {
    const u = this.childForUpdate("users", id, ctx);
    u.password = password;
    this.beginChild("users", u, "update", ctx);
    return u;
  }

  createDatabase(b: { datastore_id: string; name: string; owner_id?: string; lc_collate?: string; lc_ctype?: string }, ctx: MutationContext): Database {
    const d = this.parentFor("databases", b.datastore_id, "database", ctx);
    const pg = d.type.engine === "postgresql";
    if (!pg) {
      for (const k of ["owner_id", "lc_collate", "lc_ctype"] as const) {
        if (b[k] !== undefined) throw ValidationError.field(`database.${k}`, `${k} is available only for postgresql`);
      }
    }
    for (const k of ["lc_collate", "lc_ctype"] as const) {
      if (b[k] !== undefined && !LOCALES.includes(b[k])) throw ValidationError.field(`database.${k}`, `${pyValue(b[k])} is not one of ${pyValue(LOCALES)}`);
    }
    this.checkUniqueName("databases", d, b.name, "database.name");
    if (b.owner_id !== undefined) this.referenced("users", b.owner_id, d, "database.owner_id");
    return this.add(
      "databases",
      { ...this.base(d), name: b.name, owner_id: b.owner_id ?? null, lc_collate: pg ? (b.lc_collate ?? "C") : "", lc_ctype: pg ? (b.lc_ctype ?? "C") : "" },
      ctx,
    );
  }

  updateDatabase(id: string, ownerId: string, ctx: MutationContext): Database {
    const db = this.childForUpdate("databases", id, ctx);
    const d = this.datastores.get(db.datastore_id)!;
    if (d.type.engine !== "postgresql") throw new BadRequestError(`owner_id is available only for postgresql databases.`);
    this.referenced("users", ownerId, d, "database.owner_id");
    db.owner_id = ownerId;
    this.beginChild("databases", db, "update", ctx);
    return db;
  }

  createGrant(b: { datastore_id: string; database_id: string; user_id: string }, ctx: MutationContext): Grant {
    const d = this.parentFor("grants", b.datastore_id, "grant", ctx);
    this.referenced("databases", b.database_id, d, "grant.database_id");
    this.referenced("users", b.user_id, d, "grant.user_id");
    for (const g of this.children.grants.values()) {
      if (g.database_id === b.database_id && g.user_id === b.user_id) throw ValidationError.field("grant", `user ${b.user_id} already has a grant on database ${b.database_id}`);
    }
    return this.add("grants", { ...this.base(d), database_id: b.database_id, user_id: b.user_id }, ctx);
  }

  createExtension(b: { available_extension_id: string; datastore_id: string; database_id: string }, ctx: MutationContext): Extension {
    const d = this.parentFor("extensions", b.datastore_id, "extension", ctx);
    const av = AVAILABLE_EXTENSIONS.find((a) => a.id === b.available_extension_id);
    if (!av) throw ValidationError.field("extension.available_extension_id", `available extension ${b.available_extension_id} not found`);
    if (!av.datastore_type_ids.includes(d.type.id)) throw ValidationError.field("extension.available_extension_id", `extension ${av.name} is not available for this datastore type`);
    this.referenced("databases", b.database_id, d, "extension.database_id");
    for (const e of this.children.extensions.values()) {
      if (e.database_id === b.database_id && e.available_extension_id === av.id) throw ValidationError.field("extension", `extension ${av.name} is already installed in database ${b.database_id}`);
    }
    return this.add("extensions", { ...this.base(d), available_extension_id: av.id, database_id: b.database_id }, ctx);
  }

  createTopic(b: { datastore_id: string; name: string; partitions: number }, ctx: MutationContext): Topic {
    const d = this.parentFor("topics", b.datastore_id, "topic", ctx);
    this.checkUniqueName("topics", d, b.name, "topic.name");
    return this.add("topics", { ...this.base(d), name: b.name, partitions: b.partitions }, ctx);
  }

  /** Kafka partitions may only grow. */
  updateTopic(id: string, partitions: number, ctx: MutationContext): Topic {
    const t = this.childForUpdate("topics", id, ctx, () => {
      const cur = this.children.topics.get(id)!;
      if (partitions < cur.partitions) {
        throw ValidationError.field("topic.partitions", `The number of partitions can only be increased (current ${cur.partitions}, requested ${partitions})`);
      }
    });
    t.partitions = partitions;
    this.beginChild("topics", t, "update", ctx);
    return t;
  }

  createAcl(b: { datastore_id: string; pattern?: string; pattern_type: string; user_id: string; allow_read: boolean; allow_write: boolean }, ctx: MutationContext): Acl {
    if (!b.allow_read && !b.allow_write) throw ValidationError.field("acl", "At least one of these fields (allow_read, allow_write) must be true");
    if (b.pattern_type === "all" && b.pattern !== undefined) throw ValidationError.field("acl.pattern", "pattern must be omitted when pattern_type is 'all'");
    if (b.pattern_type !== "all" && b.pattern === undefined) throw ValidationError.field("acl", "'pattern' is a required property");
    const d = this.parentFor("acls", b.datastore_id, "acl", ctx);
    this.referenced("users", b.user_id, d, "acl.user_id");
    return this.add(
      "acls",
      { ...this.base(d), pattern: b.pattern ?? null, pattern_type: b.pattern_type, user_id: b.user_id, allow_read: b.allow_read, allow_write: b.allow_write },
      ctx,
    );
  }

  updateAcl(id: string, b: { allow_read: boolean; allow_write: boolean }, ctx: MutationContext): Acl {
    if (!b.allow_read && !b.allow_write) throw ValidationError.field("acl", "At least one of these fields (allow_read, allow_write) must be true");
    const a = this.childForUpdate("acls", id, ctx);
    a.allow_read = b.allow_read;
    a.allow_write = b.allow_write;
    this.beginChild("acls", a, "update", ctx);
    return a;
  }

  createSlot(b: { name: string; datastore_id: string; database_id: string }, ctx: MutationContext): Slot {
    const d = this.parentFor("logical-replication-slots", b.datastore_id, "logical-replication-slot", ctx);
    this.referenced("databases", b.database_id, d, "logical-replication-slot.database_id");
    this.checkUniqueName("logical-replication-slots", d, b.name, "logical-replication-slot.name");
    return this.add("logical-replication-slots", { ...this.base(d), name: b.name, database_id: b.database_id, in_use: false, size: 0 }, ctx);
  }

  /** Shared checks of a child update: exists, optional rule, parent ACTIVE, child ACTIVE. */
  private childForUpdate<K extends ChildKind>(kind: K, id: string, ctx: MutationContext, rule?: () => void): ChildKinds[K] {
    const c = this.findChild(kind, id, ctx.project);
    rule?.();
    this.assertActive(this.datastores.get(c.datastore_id)!);
    this.assertChildActive(kind, c);
    return c;
  }

  deleteChild(kind: ChildKind, id: string, ctx: MutationContext): void {
    const c = this.findChild(kind, id, ctx.project);
    const d = this.datastores.get(c.datastore_id)!;
    this.assertActive(d);
    if (TRANSITIONAL.has(c.status)) throw new BusyError(ENTITY[kind], c.id, c.status);
    if (kind === "users") {
      for (const db of this.children.databases.values()) {
        if (db.owner_id === id) throw new BadRequestError(`user ${id} owns database ${db.id}; change the owner or delete the database first.`);
      }
    }
    this.beginChild(kind, c as ChildKinds[typeof kind], "delete", ctx);
  }

  // ---- prometheus metrics tokens (project-level, synchronous: no status field) ----

  createPrometheusToken(name: string, ctx: MutationContext): PrometheusToken {
    ctx.takeFailure();
    const now = this.now();
    const t: PrometheusToken = { id: randomUUID(), project_id: ctx.project, name, value: randomBytes(24).toString("hex"), created_at: now, updated_at: now };
    this.prometheusTokens.set(t.id, t);
    return t;
  }

  findPrometheusToken(id: string, project: string): PrometheusToken {
    const t = this.prometheusTokens.get(id);
    if (!t || t.project_id !== project) throw new NotFoundError("prometheus metrics token", id);
    return t;
  }

  renamePrometheusToken(id: string, name: string, ctx: MutationContext): PrometheusToken {
    const t = this.findPrometheusToken(id, ctx.project);
    ctx.takeFailure();
    t.name = name;
    this.touch(t);
    return t;
  }

  deletePrometheusToken(id: string, ctx: MutationContext): void {
    this.findPrometheusToken(id, ctx.project);
    ctx.takeFailure();
    this.prometheusTokens.delete(id);
  }

  dump(): unknown {
    return {
      datastores: [...this.datastores.values()].map((d) => ({ ...d, type: `${d.type.engine} ${d.type.version}`, redis_password: d.redis_password ? "***" : null })),
      ...Object.fromEntries(CHILD_KINDS.map((k) => [k, [...this.children[k].values()].map((c) => ("password" in c ? { ...c, password: "***" } : c))])),
      prometheusTokens: [...this.prometheusTokens.values()].map((t) => ({ ...t, value: "***" })),
    };
  }
}

function subnetBase(subnetId: string): string {
  const h = createHash("sha256").update(subnetId).digest();
  return `10.${h[0]! % 250}.${h[1]! % 250}`;
}

function stableFlavorId(vcpus: number, ram: number, disk: number): string {
  const x = createHash("sha1").update(`custom-flavor:${vcpus}-${ram}-${disk}`).digest("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-5${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

/**
 * Behaviours a deployment may show although the documents say otherwise, switched on by a control
 * action. `ignoreTypeFilter`: `GET /configuration-parameters?datastore_type_id=` answers every
 * type's parameters (the Terraform data source filters by `datastore_type_id` itself for this reason).
 */
export interface Quirks {
  ignoreTypeFilter: boolean;
}

/** All regions of the service. */
export class DbaasState {
  readonly regions = new Map<string, RegionState>();
  readonly quirks: Quirks = { ignoreTypeFilter: false };

  constructor(regions: readonly string[], clock: SimClock) {
    for (const r of regions) this.regions.set(r, new RegionState(r, clock, this.quirks));
  }

  reset(): void {
    for (const r of this.regions.values()) r.reset();
    this.quirks.ignoreTypeFilter = false;
  }

  dump(): unknown {
    return Object.fromEntries([...this.regions].map(([k, r]) => [k, r.dump()]));
  }
}

