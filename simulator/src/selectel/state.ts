/**
 * The state model of the simulated Selectel DBaaS: one {@link RegionState} per region (regions are
 * separate services: a datastore of ru-7 does not exist in ru-9), holding datastores, their
 * children and the project's Prometheus tokens. No HTTP here: methods take parsed bodies, enforce
 * the service's rules (throwing the errors of ./errors.ts) and return model values; views.ts
 * serialises them.
 *
 * Every mutation of a datastore or a child shows its transitional status at once and schedules
 * the end of the transition on the injected clock (model.ts tables). A `fail-operation` fault
 * makes the operation end in `ERROR` instead. Split by job: model.ts (statuses, objects),
 * region-base.ts (holdings, finders, machinery), datastores.ts (datastore operations), this file
 * (children, Prometheus tokens, all regions).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { SimClock } from "../clock";
import { AVAILABLE_EXTENSIONS } from "./catalog";
import { BadRequestError, BusyError, NotFoundError, ValidationError } from "./errors";
import { DatastoreRegion } from "./datastores";
import {
  CHILD_ENGINES,
  CHILD_KINDS,
  ENTITY,
  LOCALES,
  TRANSITIONAL,
  type Acl,
  type ChildBase,
  type ChildKind,
  type ChildKinds,
  type Database,
  type Datastore,
  type Extension,
  type Grant,
  type MutationContext,
  type PrometheusToken,
  type Slot,
  type Topic,
  type User,
} from "./model";
import type { Quirks } from "./region-base";
import { pyValue } from "./schemas";

export * from "./model";
export { checkConfigValue } from "./config-check";
export type { Quirks } from "./region-base";

/** One region: datastores (datastores.ts) and, here, their children and the project's Prometheus tokens. */
export class RegionState extends DatastoreRegion {
  // ---- children ----

  /** The parent datastore of a new child: exists (else 400, as GO's invalid datastore_id fixtures), right engine, ACTIVE. */
  protected parentFor(kind: ChildKind, datastoreId: string, path: string, ctx: MutationContext): Datastore {
    const d = this.datastores.get(datastoreId);
    if (!d || d.project_id !== ctx.project) throw ValidationError.field(`${path}.datastore_id`, `datastore ${datastoreId} not found`);
    if (!CHILD_ENGINES[kind].includes(d.type.engine))
      throw new BadRequestError(`${kind} are not available for ${d.type.engine} datastores.`);
    this.assertActive(d);
    return d;
  }

  /** A child referenced by another (owner, grant target, ACL user...): same datastore, ACTIVE. */
  protected referenced<K extends ChildKind>(kind: K, id: string, d: Datastore, path: string): ChildKinds[K] {
    const c = this.children[kind].get(id);
    if (!c || c.datastore_id !== d.id) throw ValidationError.field(path, `${ENTITY[kind]} ${id} not found in datastore ${d.id}`);
    this.assertChildActive(kind, c);
    return c;
  }

  protected base(d: Datastore): ChildBase {
    const now = this.now();
    return {
      id: randomUUID(),
      project_id: d.project_id,
      datastore_id: d.id,
      status: "PENDING_CREATE",
      created_ms: this.clock.now(),
      created_at: now,
      updated_at: now,
    };
  }

  protected add<K extends ChildKind>(kind: K, c: ChildKinds[K], ctx: MutationContext): ChildKinds[K] {
    (this.children[kind] as Map<string, ChildKinds[K]>).set(c.id, c);
    this.beginChild(kind, c, "create", ctx);
    return c;
  }

  protected checkUniqueName(
    kind: "users" | "databases" | "topics" | "logical-replication-slots",
    d: Datastore,
    name: string,
    path: string,
  ): void {
    for (const c of this.children[kind].values()) {
      if (c.datastore_id === d.id && c.name === name)
        throw ValidationError.field(path, `${ENTITY[kind]} ${name} already exists in datastore ${d.id}`);
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

  createDatabase(
    b: { datastore_id: string; name: string; owner_id?: string; lc_collate?: string; lc_ctype?: string },
    ctx: MutationContext,
  ): Database {
    const d = this.parentFor("databases", b.datastore_id, "database", ctx);
    const pg = d.type.engine === "postgresql";
    if (!pg) {
      for (const k of ["owner_id", "lc_collate", "lc_ctype"] as const) {
        if (b[k] !== undefined) throw ValidationError.field(`database.${k}`, `${k} is available only for postgresql`);
      }
    }
    for (const k of ["lc_collate", "lc_ctype"] as const) {
      if (b[k] !== undefined && !LOCALES.includes(b[k]))
        throw ValidationError.field(`database.${k}`, `${pyValue(b[k])} is not one of ${pyValue(LOCALES)}`);
    }
    this.checkUniqueName("databases", d, b.name, "database.name");
    if (b.owner_id !== undefined) this.referenced("users", b.owner_id, d, "database.owner_id");
    return this.add(
      "databases",
      {
        ...this.base(d),
        name: b.name,
        owner_id: b.owner_id ?? null,
        lc_collate: pg ? (b.lc_collate ?? "C") : "",
        lc_ctype: pg ? (b.lc_ctype ?? "C") : "",
      },
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
      if (g.database_id === b.database_id && g.user_id === b.user_id)
        throw ValidationError.field("grant", `user ${b.user_id} already has a grant on database ${b.database_id}`);
    }
    return this.add("grants", { ...this.base(d), database_id: b.database_id, user_id: b.user_id }, ctx);
  }

  createExtension(b: { available_extension_id: string; datastore_id: string; database_id: string }, ctx: MutationContext): Extension {
    const d = this.parentFor("extensions", b.datastore_id, "extension", ctx);
    const av = AVAILABLE_EXTENSIONS.find((a) => a.id === b.available_extension_id);
    if (!av) throw ValidationError.field("extension.available_extension_id", `available extension ${b.available_extension_id} not found`);
    if (!av.datastore_type_ids.includes(d.type.id))
      throw ValidationError.field("extension.available_extension_id", `extension ${av.name} is not available for this datastore type`);
    this.referenced("databases", b.database_id, d, "extension.database_id");
    for (const e of this.children.extensions.values()) {
      if (e.database_id === b.database_id && e.available_extension_id === av.id)
        throw ValidationError.field("extension", `extension ${av.name} is already installed in database ${b.database_id}`);
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
        throw ValidationError.field(
          "topic.partitions",
          `The number of partitions can only be increased (current ${cur.partitions}, requested ${partitions})`,
        );
      }
    });
    t.partitions = partitions;
    this.beginChild("topics", t, "update", ctx);
    return t;
  }

  createAcl(
    b: { datastore_id: string; pattern?: string; pattern_type: string; user_id: string; allow_read: boolean; allow_write: boolean },
    ctx: MutationContext,
  ): Acl {
    if (!b.allow_read && !b.allow_write)
      throw ValidationError.field("acl", "At least one of these fields (allow_read, allow_write) must be true");
    if (b.pattern_type === "all" && b.pattern !== undefined)
      throw ValidationError.field("acl.pattern", "pattern must be omitted when pattern_type is 'all'");
    if (b.pattern_type !== "all" && b.pattern === undefined) throw ValidationError.field("acl", "'pattern' is a required property");
    const d = this.parentFor("acls", b.datastore_id, "acl", ctx);
    this.referenced("users", b.user_id, d, "acl.user_id");
    return this.add(
      "acls",
      {
        ...this.base(d),
        pattern: b.pattern ?? null,
        pattern_type: b.pattern_type,
        user_id: b.user_id,
        allow_read: b.allow_read,
        allow_write: b.allow_write,
      },
      ctx,
    );
  }

  updateAcl(id: string, b: { allow_read: boolean; allow_write: boolean }, ctx: MutationContext): Acl {
    if (!b.allow_read && !b.allow_write)
      throw ValidationError.field("acl", "At least one of these fields (allow_read, allow_write) must be true");
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
    return this.add(
      "logical-replication-slots",
      { ...this.base(d), name: b.name, database_id: b.database_id, in_use: false, size: 0 },
      ctx,
    );
  }

  /** Shared checks of a child update: exists, optional rule, parent ACTIVE, child ACTIVE. */
  protected childForUpdate<K extends ChildKind>(kind: K, id: string, ctx: MutationContext, rule?: () => void): ChildKinds[K] {
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
        if (db.owner_id === id)
          throw new BadRequestError(`user ${id} owns database ${db.id}; change the owner or delete the database first.`);
      }
    }
    this.beginChild(kind, c, "delete", ctx);
  }

  // ---- prometheus metrics tokens (project-level, synchronous: no status field) ----

  createPrometheusToken(name: string, ctx: MutationContext): PrometheusToken {
    ctx.takeFailure();
    const now = this.now();
    const t: PrometheusToken = {
      id: randomUUID(),
      project_id: ctx.project,
      name,
      value: randomBytes(24).toString("hex"),
      created_at: now,
      updated_at: now,
    };
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
      datastores: [...this.datastores.values()].map((d) => ({
        ...d,
        type: `${d.type.engine} ${d.type.version}`,
        redis_password: d.redis_password ? "***" : null,
      })),
      ...Object.fromEntries(
        CHILD_KINDS.map((k) => [k, [...this.children[k].values()].map((c) => ("password" in c ? { ...c, password: "***" } : c))]),
      ),
      prometheusTokens: [...this.prometheusTokens.values()].map((t) => ({ ...t, value: "***" })),
    };
  }
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
