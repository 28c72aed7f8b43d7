// selectel.Cluster: the public class and its arguments (a datastore of PostgreSQL, MySQL, Redis or
// Kafka). The children (users, databases, topics, …) are in ./index.ts.

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions, type Inputs as In } from "../resource-class";
import type { ClusterInstance, WithAccount, Flavor, Pooler, Restore } from "./types";

export interface ClusterArgs extends WithAccount {
  /** "postgresql", "mysql", "redis" or "kafka". Changing it replaces the resource. */
  engine: pulumi.Input<"postgresql" | "mysql" | "redis" | "kafka">;
  /** Engine version, resolved to the datastore type id (e.g. "16"). Changing it replaces the resource. */
  version: pulumi.Input<string>;
  /**
   * 3–255 characters. Changed in place: `PUT /datastores/{id}`.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /** The subnet the cluster's servers are in. Changing it replaces the resource. */
  subnetId: pulumi.Input<string>;
  /** Number of servers: 1–6 (Kafka: 1). Changed in place: `POST /datastores/{id}/resize`. Default: `1`. */
  nodeCount?: pulumi.Input<number>;
  /** Exactly one of flavorId or flavor. Changed in place: `POST /datastores/{id}/resize`. */
  flavorId?: pulumi.Input<string>;
  /**
   * Exactly one of flavorId or flavor (Redis takes flavorId only). Changed in place: `POST
   * /datastores/{id}/resize`.
   */
  flavor?: pulumi.Input<In<Flavor>>;
  /** "local" or "network-ultra"; left out, the flavor's. Changing it replaces the resource. */
  diskType?: pulumi.Input<"local" | "network-ultra">;
  /**
   * Engine parameters by name; values are checked against the catalogue. Changed in place: `PUT
   * /datastores/{id}/config`. Default: `{}`.
   */
  config?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean | null>>>;
  /** Allowed client IPv4 addresses. Changed in place: `PUT /datastores/{id}/firewall`. Default: `[]`. */
  firewall?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * PostgreSQL only; left out, the server's default pooler (never diffed). Changed in place: `PUT
   * /datastores/{id}/pooler`.
   */
  pooler?: pulumi.Input<In<Pooler>>;
  /**
   * Redis only, and required there: at least 8 characters; stored as a secret. Changed in place:
   * `PUT /datastores/{id}/password`.
   */
  redisPassword?: pulumi.Input<string>;
  /** Omit for the server's default group. Changed in place: `PUT /datastores/{id}/security-groups`. */
  securityGroups?: pulumi.Input<pulumi.Input<string>[]>;
  /** Omit to leave it to selectel.BackupPolicy (or the default). Changed in place: `PUT /datastores/{id}/backups`. */
  backupRetentionDays?: pulumi.Input<number>;
  /**
   * true refuses deletion on the Selectel side. Changed in place: `PUT
   * /datastores/{id}/protection`. Default: `false`.
   */
  deletionProtection?: pulumi.Input<boolean>;
  /**
   * Create from another cluster at a point in time (create only). Used at creation only: a later
   * change is never sent.
   */
  restore?: pulumi.Input<In<Restore>>;
  /**
   * Id of an existing cluster to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
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
    super("selectel:Cluster", name, args, ["status", "typeId", "connection", "instances", "effectiveFlavorId"], ["connection"], opts);
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
