/**
 * Datastore operations of one simulated region: create (with restore), rename, resize, settings,
 * protection, delete, forced statuses and floating IPs. Settings changes are visible in the answer
 * at once, as the real API echoes them with `PENDING_UPDATE` (reference §4); a resize takes effect
 * when RESIZING ends.
 */
import { createHash, randomUUID } from "node:crypto";
import { DATASTORE_TYPES, FLAVORS, NODE_COUNT, type DatastoreType, type Engine } from "./catalog";
import { checkConfig } from "./config-check";
import { BadRequestError, BusyError, ForbiddenError, NotFoundError, SelectelApiError, ValidationError } from "./errors";
import {
  DELETABLE,
  TRANSITIONAL,
  formatTimestamp,
  type ChildBase,
  type Datastore,
  type Instance,
  type MutationContext,
  type Status,
} from "./model";
import { RegionBase } from "./region-base";
import { parseApiTime, pyValue, type DatastoreCreate, type PoolerSpec, type ResizeSpec } from "./schemas";

export class DatastoreRegion extends RegionBase {
  // ---- datastores ----

  protected resolveType(typeId: string, path: string): DatastoreType {
    const t = DATASTORE_TYPES.find((x) => x.id === typeId);
    if (!t) throw ValidationError.field(path, `datastore type ${typeId} not found`);
    return t;
  }

  protected resolveFlavor(
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
        throw ValidationError.field(
          `${path}.flavor_id`,
          `flavor ${f.id} is not available for datastore type ${type.engine} ${type.version}`,
        );
      }
      return { id: f.id, vcpus: f.vcpus, ram: f.ram, disk: f.disk };
    }
    if (spec.flavor !== undefined) {
      if (type.engine === "redis")
        throw ValidationError.field(`${path}.flavor`, "Custom flavors are not available for redis; use flavor_id");
      const { vcpus, ram, disk } = spec.flavor;
      const known = FLAVORS.find((f) => f.vcpus === vcpus && f.ram === ram && f.disk === disk && f.datastore_type_ids.includes(type.id));
      return { id: known?.id ?? stableFlavorId(vcpus, ram, disk), vcpus, ram, disk };
    }
    throw ValidationError.field(path, "One of flavor_id and flavor is required");
  }

  protected checkNodeCount(type: DatastoreType, n: number, path: string): void {
    const allowed = NODE_COUNT[type.engine];
    if (!allowed.includes(n)) throw ValidationError.field(path, `${n} is not one of ${pyValue([...allowed])} for ${type.engine}`);
  }

  createDatastore(b: DatastoreCreate, ctx: MutationContext): Datastore {
    const p = "datastore";
    if (b.project_id !== undefined && b.project_id !== ctx.project)
      throw new ForbiddenError(`project ${b.project_id} does not match the token's project.`);
    const type = this.resolveType(b.type_id, `${p}.type_id`);
    const engine = type.engine;
    const flavor = this.resolveFlavor(type, b, p);
    this.checkNodeCount(type, b.node_count, `${p}.node_count`);
    const diskType = b.flavor?.disk_type ?? b.disk?.type ?? "local";
    if (b.flavor?.disk_type !== undefined && b.disk?.type !== undefined && b.flavor.disk_type !== b.disk.type) {
      throw ValidationError.field(`${p}.disk.type`, `disk type ${b.disk.type} conflicts with flavor disk_type ${b.flavor.disk_type}`);
    }
    if (b.pooler !== undefined && engine !== "postgresql")
      throw ValidationError.field(`${p}.pooler`, `Pooler is available only for postgresql`);
    if (engine === "redis" && b.redis_password === undefined) throw ValidationError.field(p, "'redis_password' is a required property");
    if (engine !== "redis" && b.redis_password !== undefined)
      throw ValidationError.field(`${p}.redis_password`, "redis_password is available only for redis");
    if (engine === "kafka") {
      for (const k of ["backup_retention_days", "floating_ips", "restore"] as const) {
        if (b[k] !== undefined) throw ValidationError.field(`${p}.${k}`, `${k} is not available for kafka`);
      }
    }
    if (b.floating_ips && b.floating_ips.replica > b.node_count - 1) {
      throw ValidationError.field(
        `${p}.floating_ips.replica`,
        `${b.floating_ips.replica} is greater than the maximum of ${b.node_count - 1}`,
      );
    }
    if (b.config) checkConfig(type.id, b.config, `${p}.config`);
    let restoreFrom: { source: Datastore; at: number } | undefined;
    if (b.restore) {
      const src = this.datastores.get(b.restore.datastore_id);
      if (!src || src.project_id !== ctx.project)
        throw ValidationError.field(`${p}.restore.datastore_id`, `datastore ${b.restore.datastore_id} not found`);
      if (src.type.engine !== engine)
        throw ValidationError.field(`${p}.restore.datastore_id`, `datastore ${src.id} is ${src.type.engine}, not ${engine}`);
      if (!src.allow_restore || src.creation_finished_at === null)
        throw new BadRequestError(`datastore ${src.id} has no backups to restore from.`);
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
      pooler:
        engine === "postgresql" ? (b.pooler ? { mode: b.pooler.mode, size: b.pooler.size } : { mode: "transaction", size: 30 }) : null,
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
      if (b.floating_ips.master) d.instances[0].floating_ip = this.allocateFloatingIp();
      d.instances
        .filter((i) => i.role === "REPLICA")
        .slice(0, b.floating_ips.replica)
        .forEach((i) => (i.floating_ip = this.allocateFloatingIp()));
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
  protected copyRestoredChildren(src: Datastore, dst: Datastore, at: number): void {
    const ids = new Map<string, string>();
    const now = this.now();
    for (const k of ["users", "databases", "grants", "extensions"] as const) {
      for (const c of [...this.children[k].values()]) {
        // The API's times have whole seconds: an object created during the target second is included.
        if (c.datastore_id !== src.id || Math.floor(c.created_ms / 1000) * 1000 > at || c.status === "PENDING_CREATE") continue;
        const copy = {
          ...c,
          id: randomUUID(),
          datastore_id: dst.id,
          status: "ACTIVE" as Status,
          created_ms: this.clock.now(),
          created_at: now,
          updated_at: now,
        };
        ids.set(c.id, copy.id);
        const remap = (v: string | null): string | null => (v === null ? null : (ids.get(v) ?? v));
        if ("owner_id" in copy) copy.owner_id = remap(copy.owner_id);
        if ("user_id" in copy) copy.user_id = remap(copy.user_id)!;
        if ("database_id" in copy) copy.database_id = remap(copy.database_id)!;
        (this.children[k] as Map<string, ChildBase>).set(copy.id, copy);
      }
    }
  }

  protected setInstances(d: Datastore, n: number, status: Status): void {
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
    const master = keep[0];
    conn.MASTER = master.ip;
    conn.master = `master.${d.id}.c.dbaas.selcloud.ru`;
    keep.slice(1).forEach((_, i) => (conn[`replica-${i + 1}`] = `replica-${i + 1}.${d.id}.c.dbaas.selcloud.ru`));
    d.connection = conn;
  }

  protected allocateFloatingIp(): string {
    this.floatingSeq++;
    return `185.91.${52 + Math.floor(this.floatingSeq / 250)}.${(this.floatingSeq % 250) + 2}`;
  }

  protected assertEngine(d: Datastore, engines: readonly Engine[], what: string): void {
    if (!engines.includes(d.type.engine))
      throw new BadRequestError(`${what} is available only for ${engines.join(", ")} datastores, not ${d.type.engine}.`);
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
      if (d.flavor.disk_type !== "network-ultra")
        throw ValidationError.field("resize.disk", "disk can be resized only on network-ultra disks; change the flavor instead");
      if (r.disk.size < d.flavor.disk)
        throw ValidationError.field("resize.disk.size", `disk size can only grow (current ${d.flavor.disk})`);
    }
    const newDisk = r.disk?.size ?? (flavor && d.flavor.disk_type === "local" ? flavor.disk : d.flavor.disk);
    if (newDisk < d.flavor.disk)
      throw ValidationError.field("resize", `disk size can only grow (current ${d.flavor.disk}, flavor gives ${newDisk})`);
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
    if (pooler.datastore_id !== undefined && pooler.datastore_id !== d.id)
      throw ValidationError.field("pooler.datastore_id", `does not match datastore ${d.id}`);
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
    if (d.is_protected)
      throw new BadRequestError(`datastore ${d.id} is in protection mode and cannot be deleted; disable protection mode first.`);
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

  protected findInstance(instanceId: string, project: string): { d: Datastore; inst: Instance } {
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
}

function subnetBase(subnetId: string): string {
  const h = createHash("sha256").update(subnetId).digest();
  return `10.${h[0] % 250}.${h[1] % 250}`;
}

function stableFlavorId(vcpus: number, ram: number, disk: number): string {
  const x = createHash("sha1").update(`custom-flavor:${vcpus}-${ram}-${disk}`).digest("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-5${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20, 32)}`;
}
