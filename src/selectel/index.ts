// Public classes of the `selectel` namespace (Selectel Managed Databases): the children here, the
// cluster in ./cluster-class.ts, the two settings in ./setting-classes.ts.

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions } from "../resource-class";
import type { WithAccount } from "./types";

export * from "./types";
export { BackupPolicy, LogExportConfig, type BackupPolicyArgs, type LogExportConfigArgs } from "./setting-classes";
export { Cluster, type ClusterArgs } from "./cluster-class";

export interface UserArgs extends WithAccount {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /**
   * 1–63 letters, digits or _, not starting with a digit. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /** At least 8 characters; stored as a secret, never read back. Changed in place: `PUT /users/{id}`. */
  password: pulumi.Input<string>;
  /**
   * Id of an existing user to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A database user in a selectel.Cluster.
 *
 * ```ts
 * const app = new dbaas.selectel.User("app", { clusterId: pg.id, name: "app", password: config.requireSecret("appPassword") });
 * ```
 */
export class User extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The user's name. */
  declare readonly name: pulumi.Output<string>;
  /** The password (secret; from the program, never read back). */
  declare readonly password: pulumi.Output<string>;
  /** The id the user was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** ACTIVE, PENDING_CREATE, … as the API reports it. */
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:User", name, args, ["status"], [], opts);
  }

  /**
   * Reads an existing user by id without managing it: Pulumi never changes or deletes it; the
   * password reads back empty.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the user's id.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): User {
    return new User(name, undefined as unknown as UserArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.User (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is User {
    return isResourceOf(obj, "selectel:User");
  }
}

export interface DatabaseArgs extends WithAccount {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /**
   * 1–63 letters, digits or _, not starting with a digit. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /** The owning selectel.User's id. Changed in place: `PUT /databases/{id}`. */
  ownerId?: pulumi.Input<string>;
  /** Collation (LC_COLLATE). Changing it replaces the resource. Default: `"C"`. */
  lcCollate?: pulumi.Input<string>;
  /** Character classification (LC_CTYPE). Changing it replaces the resource. Default: `"C"`. */
  lcCtype?: pulumi.Input<string>;
  /**
   * Id of an existing database to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A database in a PostgreSQL or MySQL selectel.Cluster.
 *
 * ```ts
 * const db = new dbaas.selectel.Database("orders", { clusterId: pg.id, name: "orders", ownerId: app.id });
 * ```
 */
export class Database extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The database's name. */
  declare readonly name: pulumi.Output<string>;
  /** The owning user's id, when set. */
  declare readonly ownerId: pulumi.Output<string | undefined>;
  /** Collation. Default: `"C"`. */
  declare readonly lcCollate: pulumi.Output<string>;
  /** Character classification. Default: `"C"`. */
  declare readonly lcCtype: pulumi.Output<string>;
  /** The id the database was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** ACTIVE, PENDING_CREATE, … as the API reports it. */
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: DatabaseArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Database", name, args, ["status"], [], opts);
  }

  /**
   * Reads an existing database by id without managing it: Pulumi never changes or deletes it.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the database's id.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Database {
    return new Database(name, undefined as unknown as DatabaseArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.Database (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Database {
    return isResourceOf(obj, "selectel:Database");
  }
}

export interface GrantArgs extends WithAccount {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /** The selectel.Database's id. Changing it replaces the resource. */
  databaseId: pulumi.Input<string>;
  /** The selectel.User's id. Changing it replaces the resource. */
  userId: pulumi.Input<string>;
  /**
   * Id of an existing grant to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A user's access to a database.
 *
 * ```ts
 * new dbaas.selectel.Grant("app-orders", { clusterId: pg.id, databaseId: db.id, userId: app.id });
 * ```
 */
export class Grant extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The database's id. */
  declare readonly databaseId: pulumi.Output<string>;
  /** The user's id. */
  declare readonly userId: pulumi.Output<string>;
  /** The id the grant was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** ACTIVE, PENDING_CREATE, … as the API reports it. */
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: GrantArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Grant", name, args, ["status"], [], opts);
  }

  /**
   * Reads an existing grant by id without managing it: Pulumi never changes or deletes it.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the grant's id.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Grant {
    return new Grant(name, undefined as unknown as GrantArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.Grant (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Grant {
    return isResourceOf(obj, "selectel:Grant");
  }
}

export interface TopicArgs extends WithAccount {
  /** The Kafka cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /**
   * 1–249 characters: letters, digits, '.', '_' or '-'. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /** 1–4000; may only grow (a decrease is refused by check). Changed in place: `PUT /topics/{id}`. */
  partitions: pulumi.Input<number>;
  /**
   * Id of an existing topic to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A topic in a Kafka selectel.Cluster.
 *
 * ```ts
 * const events = new dbaas.selectel.Topic("events", { clusterId: kafka.id, name: "events", partitions: 6 });
 * ```
 */
export class Topic extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The topic's name. */
  declare readonly name: pulumi.Output<string>;
  /** The number of partitions. */
  declare readonly partitions: pulumi.Output<number>;
  /** The id the topic was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** ACTIVE, PENDING_CREATE, … as the API reports it. */
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: TopicArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Topic", name, args, ["status"], [], opts);
  }

  /**
   * Reads an existing topic by id without managing it: Pulumi never changes or deletes it.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the topic's id.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Topic {
    return new Topic(name, undefined as unknown as TopicArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.Topic (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Topic {
    return isResourceOf(obj, "selectel:Topic");
  }
}

export interface AclArgs extends WithAccount {
  /** The Kafka cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /** The selectel.User's id. Changing it replaces the resource. */
  userId: pulumi.Input<string>;
  /** "literal", "prefixed" or "all" (every topic). Changing it replaces the resource. */
  patternType: pulumi.Input<"literal" | "prefixed" | "all">;
  /** The topic name or prefix; left out for "all". Changing it replaces the resource. */
  pattern?: pulumi.Input<string>;
  /**
   * Allow reading; at least one of allowRead and allowWrite must be true. Changed in place: `PUT
   * /acls/{id}`. Default: `false`.
   */
  allowRead?: pulumi.Input<boolean>;
  /**
   * Allow writing; at least one of allowRead and allowWrite must be true. Changed in place: `PUT
   * /acls/{id}`. Default: `false`.
   */
  allowWrite?: pulumi.Input<boolean>;
  /**
   * Id of an existing ACL to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A Kafka user's access to topics.
 *
 * ```ts
 * new dbaas.selectel.Acl("app-events", {
 *   clusterId: kafka.id, userId: app.id, patternType: "literal", pattern: "events", allowRead: true,
 * });
 * ```
 */
export class Acl extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The user's id. */
  declare readonly userId: pulumi.Output<string>;
  /** "literal", "prefixed" or "all". */
  declare readonly patternType: pulumi.Output<"literal" | "prefixed" | "all">;
  /** The topic name or prefix; undefined for "all". */
  declare readonly pattern: pulumi.Output<string | undefined>;
  /** Whether reading is allowed. Default: `false`. */
  declare readonly allowRead: pulumi.Output<boolean>;
  /** Whether writing is allowed. Default: `false`. */
  declare readonly allowWrite: pulumi.Output<boolean>;
  /** The id the ACL was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** ACTIVE, PENDING_CREATE, … as the API reports it. */
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: AclArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Acl", name, args, ["status"], [], opts);
  }

  /**
   * Reads an existing ACL by id without managing it: Pulumi never changes or deletes it.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the ACL's id.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Acl {
    return new Acl(name, undefined as unknown as AclArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.Acl (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Acl {
    return isResourceOf(obj, "selectel:Acl");
  }
}

export interface ExtensionArgs extends WithAccount {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /** The selectel.Database's id. Changing it replaces the resource. */
  databaseId: pulumi.Input<string>;
  /**
   * The extension's name (e.g. "pg_stat_statements"); exactly one of name and availableExtensionId.
   * Changing it replaces the resource.
   */
  name?: pulumi.Input<string>;
  /** The available extension's id; exactly one of name and availableExtensionId. Changing it replaces the resource. */
  availableExtensionId?: pulumi.Input<string>;
  /**
   * Id of an existing extension to take over instead of creating one. Used at creation only: a
   * later change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A PostgreSQL extension installed in a database.
 *
 * ```ts
 * new dbaas.selectel.Extension("stats", { clusterId: pg.id, databaseId: db.id, name: "pg_stat_statements" });
 * ```
 */
export class Extension extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The database's id. */
  declare readonly databaseId: pulumi.Output<string>;
  /** The extension's name, when declared by name. */
  declare readonly name: pulumi.Output<string | undefined>;
  /** The available extension's id, when declared by id. */
  declare readonly availableExtensionId: pulumi.Output<string | undefined>;
  /** The id the extension was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** ACTIVE, PENDING_CREATE, … as the API reports it. */
  declare readonly status: pulumi.Output<string>;
  /** The available extension's id, however the extension was declared. */
  declare readonly availableExtensionIdResolved: pulumi.Output<string>;
  constructor(name: string, args: ExtensionArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Extension", name, args, ["status", "availableExtensionIdResolved"], [], opts);
  }

  /**
   * Reads an existing extension by id without managing it: Pulumi never changes or deletes it.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the extension's id.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Extension {
    return new Extension(name, undefined as unknown as ExtensionArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.Extension (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Extension {
    return isResourceOf(obj, "selectel:Extension");
  }
}
