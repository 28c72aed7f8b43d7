// Public classes of the `selectel` namespace (Selectel Managed Databases).

import * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions, type Inputs as In } from "../resource-class";
import type { ClusterInstance, Flavor, Pooler, Restore } from "./types";

type I<T> = pulumi.Input<T>;

export * from "./types";
export { BackupPolicy, LogExportConfig, type BackupPolicyArgs, type LogExportConfigArgs } from "./setting-classes";

export interface ClusterArgs {
  /** "postgresql", "mysql", "redis" or "kafka". Changing it replaces the resource. */
  engine: I<"postgresql" | "mysql" | "redis" | "kafka">;
  /** Engine version, resolved to the datastore type id (e.g. "16"). Changing it replaces the resource. */
  version: I<string>;
  /**
   * 3–255 characters. Changed in place: `PUT /datastores/{id}`.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: I<string>;
  /** The subnet the cluster's servers are in. Changing it replaces the resource. */
  subnetId: I<string>;
  /** Number of servers: 1–6 (Kafka: 1). Changed in place: `POST /datastores/{id}/resize`. Default: `1`. */
  nodeCount?: I<number>;
  /** Exactly one of flavorId or flavor. Changed in place: `POST /datastores/{id}/resize`. */
  flavorId?: I<string>;
  /**
   * Exactly one of flavorId or flavor (Redis takes flavorId only). Changed in place: `POST
   * /datastores/{id}/resize`.
   */
  flavor?: I<In<Flavor>>;
  /** "local" or "network-ultra"; left out, the flavor's. Changing it replaces the resource. */
  diskType?: I<"local" | "network-ultra">;
  /**
   * Engine parameters by name; values are checked against the catalogue. Changed in place: `PUT
   * /datastores/{id}/config`. Default: `{}`.
   */
  config?: I<Record<string, I<string | number | boolean | null>>>;
  /** Allowed client IPv4 addresses. Changed in place: `PUT /datastores/{id}/firewall`. Default: `[]`. */
  firewall?: I<I<string>[]>;
  /**
   * PostgreSQL only; left out, the server's default pooler (never diffed). Changed in place: `PUT
   * /datastores/{id}/pooler`.
   */
  pooler?: I<In<Pooler>>;
  /**
   * Redis only, and required there: at least 8 characters; stored as a secret. Changed in place:
   * `PUT /datastores/{id}/password`.
   */
  redisPassword?: I<string>;
  /** Omit for the server's default group. Changed in place: `PUT /datastores/{id}/security-groups`. */
  securityGroups?: I<I<string>[]>;
  /** Omit to leave it to selectel.BackupPolicy (or the default). Changed in place: `PUT /datastores/{id}/backups`. */
  backupRetentionDays?: I<number>;
  /**
   * true refuses deletion on the Selectel side. Changed in place: `PUT
   * /datastores/{id}/protection`. Default: `false`.
   */
  deletionProtection?: I<boolean>;
  /**
   * Create from another cluster at a point in time (create only). Used at creation only: a later
   * change is never sent.
   */
  restore?: I<In<Restore>>;
  /**
   * Id of an existing cluster to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: I<string>;
}

/**
 * A Selectel Managed Databases datastore: PostgreSQL, MySQL, Redis or Kafka. Every input's doc says
 * whether a change is applied in place (and through which endpoint) or replaces the cluster.
 * Credentials come from the stack config (`selectel:username`, `selectel:password`, …) or the
 * environment.
 *
 * ```ts
 * const pg = new dbaas.selectel.Cluster("main", {
 *   engine: "postgresql",
 *   version: "16",
 *   name: "main",
 *   subnetId: "…",
 *   flavor: { vcpus: 2, ram: 4096, disk: 32 },
 *   firewall: ["10.0.0.5"],
 * });
 * export const nodes = pg.nodeCount; // 1: the default, read back
 * ```
 */
export class Cluster extends DbaasResource {
  /** "postgresql", "mysql", "redis" or "kafka". */
  declare readonly engine: pulumi.Output<"postgresql" | "mysql" | "redis" | "kafka">;
  /** The engine version (e.g. "16"). */
  declare readonly version: pulumi.Output<string>;
  /** The cluster's name. */
  declare readonly name: pulumi.Output<string>;
  /** The subnet the cluster's servers are in. */
  declare readonly subnetId: pulumi.Output<string>;
  /** Number of servers. Default: `1`. */
  declare readonly nodeCount: pulumi.Output<number>;
  /** The declared flavor id; undefined when the program gave `flavor`. */
  declare readonly flavorId: pulumi.Output<string | undefined>;
  /** The declared flavor; undefined when the program gave `flavorId`. */
  declare readonly flavor: pulumi.Output<Flavor | undefined>;
  /** The disk type, when declared. */
  declare readonly diskType: pulumi.Output<"local" | "network-ultra" | undefined>;
  /** The parameters the program manages, as canonical strings. Default: `{}`. */
  declare readonly config: pulumi.Output<Record<string, string | null>>;
  /** Allowed client addresses, sorted. Default: `[]`. */
  declare readonly firewall: pulumi.Output<string[]>;
  /** The pooler, when declared. */
  declare readonly pooler: pulumi.Output<Pooler | undefined>;
  /** Redis: the password (secret; from the program, never read back). */
  declare readonly redisPassword: pulumi.Output<string | undefined>;
  /** The security groups, sorted, when declared. */
  declare readonly securityGroups: pulumi.Output<string[] | undefined>;
  /** Days backups are kept, when declared. */
  declare readonly backupRetentionDays: pulumi.Output<number | undefined>;
  /** Whether Selectel refuses deletion. Default: `false`. */
  declare readonly deletionProtection: pulumi.Output<boolean>;
  /** The restore point the cluster was created from, when restored. */
  declare readonly restore: pulumi.Output<Restore | undefined>;
  /** The id the cluster was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** ACTIVE, PENDING_UPDATE, RESIZING, ERROR, … as the API reports it. */
  declare readonly status: pulumi.Output<string>;
  /** The datastore type id `version` resolved to. */
  declare readonly typeId: pulumi.Output<string>;
  /** Host names by kind (`master`, `replica`, …); secret. */
  declare readonly connection: pulumi.Output<Record<string, string>>;
  /** The cluster's servers. */
  declare readonly instances: pulumi.Output<ClusterInstance[]>;
  /** The flavor id the cluster runs (also when the program gave `flavor`). */
  declare readonly effectiveFlavorId: pulumi.Output<string>;

  /**
   * @param name the Pulumi resource name.
   * @param args the cluster.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: ClusterArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Cluster", name, args, ["status", "typeId", "connection", "instances", "effectiveFlavorId"], ["connection", "redisPassword"], opts);
  }

  /**
   * Reads an existing cluster by id without managing it: Pulumi reads it on every `up`, `preview`
   * and `refresh`, and never changes or deletes it (`pulumi destroy` only forgets it). Every
   * property reads back as the API reports it; `redisPassword` is never returned.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the datastore's id.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Cluster {
    return new Cluster(name, undefined as unknown as ClusterArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.Cluster (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Cluster {
    return isResourceOf(obj, "selectel:Cluster");
  }
}

export interface UserArgs {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: I<string>;
  /**
   * 1–63 letters, digits or _, not starting with a digit. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: I<string>;
  /** At least 8 characters; stored as a secret, never read back. Changed in place: `PUT /users/{id}`. */
  password: I<string>;
  /**
   * Id of an existing user to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: I<string>;
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
    super("selectel:User", name, args, ["status"], ["password"], opts);
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

export interface DatabaseArgs {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: I<string>;
  /**
   * 1–63 letters, digits or _, not starting with a digit. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: I<string>;
  /** The owning selectel.User's id. Changed in place: `PUT /databases/{id}`. */
  ownerId?: I<string>;
  /** Collation (LC_COLLATE). Changing it replaces the resource. Default: `"C"`. */
  lcCollate?: I<string>;
  /** Character classification (LC_CTYPE). Changing it replaces the resource. Default: `"C"`. */
  lcCtype?: I<string>;
  /**
   * Id of an existing database to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: I<string>;
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

export interface GrantArgs {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: I<string>;
  /** The selectel.Database's id. Changing it replaces the resource. */
  databaseId: I<string>;
  /** The selectel.User's id. Changing it replaces the resource. */
  userId: I<string>;
  /**
   * Id of an existing grant to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: I<string>;
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

export interface TopicArgs {
  /** The Kafka cluster's id. Changing it replaces the resource. */
  clusterId: I<string>;
  /**
   * 1–249 characters: letters, digits, '.', '_' or '-'. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: I<string>;
  /** 1–4000; may only grow (a decrease is refused by check). Changed in place: `PUT /topics/{id}`. */
  partitions: I<number>;
  /**
   * Id of an existing topic to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: I<string>;
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

export interface AclArgs {
  /** The Kafka cluster's id. Changing it replaces the resource. */
  clusterId: I<string>;
  /** The selectel.User's id. Changing it replaces the resource. */
  userId: I<string>;
  /** "literal", "prefixed" or "all" (every topic). Changing it replaces the resource. */
  patternType: I<"literal" | "prefixed" | "all">;
  /** The topic name or prefix; left out for "all". Changing it replaces the resource. */
  pattern?: I<string>;
  /**
   * Allow reading; at least one of allowRead and allowWrite must be true. Changed in place: `PUT
   * /acls/{id}`. Default: `false`.
   */
  allowRead?: I<boolean>;
  /**
   * Allow writing; at least one of allowRead and allowWrite must be true. Changed in place: `PUT
   * /acls/{id}`. Default: `false`.
   */
  allowWrite?: I<boolean>;
  /**
   * Id of an existing ACL to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: I<string>;
}

/**
 * A Kafka user's access to topics.
 *
 * ```ts
 * new dbaas.selectel.Acl("app-events", { clusterId: kafka.id, userId: app.id, patternType: "literal", pattern: "events", allowRead: true });
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

export interface ExtensionArgs {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: I<string>;
  /** The selectel.Database's id. Changing it replaces the resource. */
  databaseId: I<string>;
  /**
   * The extension's name (e.g. "pg_stat_statements"); exactly one of name and availableExtensionId.
   * Changing it replaces the resource.
   */
  name?: I<string>;
  /** The available extension's id; exactly one of name and availableExtensionId. Changing it replaces the resource. */
  availableExtensionId?: I<string>;
  /**
   * Id of an existing extension to take over instead of creating one. Used at creation only: a
   * later change is never sent.
   */
  adopt?: I<string>;
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
