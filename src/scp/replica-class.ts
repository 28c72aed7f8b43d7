// The public scp.Replica class (re-exported by index.ts, which holds its Args interface).

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions } from "../resource-class";
import type { ReplicaArgs } from "./index";
import type { BlockStorage, InstanceGroup, Maintenance } from "./types";

/**
 * A PostgreSQL read replica of an scp.Cluster, in the source's region or another one (`region`).
 * `promoted: true` turns it into a standalone cluster that this resource keeps managing.
 *
 * ```ts
 * const ro = new dbaas.scp.Replica("orders-ro", {
 *   sourceClusterId: cluster.id,
 *   name: "orders-ro",
 *   serverType: "db1v2m4",
 *   blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
 * });
 * export const replicaEndpoint = ro.endpoint;
 * ```
 */
export class Replica extends DbaasResource {
  /** The cluster the replica was made from. */
  declare readonly sourceClusterId: pulumi.Output<string>;
  /** The other region, for an other-region replica; undefined in the source's region. */
  declare readonly region: pulumi.Output<string | undefined>;
  /** The replica's name. */
  declare readonly name: pulumi.Output<string>;
  /** The replica's server type. */
  declare readonly serverType: pulumi.Output<string>;
  /** The replica's block storages as it reports them, volume types filled in. */
  declare readonly blockStorages: pulumi.Output<BlockStorage[]>;
  /** Allowed client addresses as CIDRs, sorted. Default: `[]`. */
  declare readonly allowedIps: pulumi.Output<string[]>;
  /** The maintenance window; undefined when none is set. */
  declare readonly maintenance: pulumi.Output<Maintenance | undefined>;
  /** Other region only: the replica's subnet. */
  declare readonly subnetId: pulumi.Output<string | undefined>;
  /** Other region only: whether the replica has a public (NAT) address. */
  declare readonly natEnabled: pulumi.Output<boolean | undefined>;
  /** The tags set at creation. Default: `{}`. */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** Whether the replica was promoted to a standalone cluster. Default: `false`. */
  declare readonly promoted: pulumi.Output<boolean>;
  /** The id the replica was adopted from, when it was adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** RUNNING, STOPPED, EDITING, … as the API reports it. */
  declare readonly serviceState: pulumi.Output<string>;
  /** The version the replica's software reports. */
  declare readonly softwareVersion: pulumi.Output<string>;
  /** `host:port` of the replica's instance. */
  declare readonly endpoint: pulumi.Output<string>;
  /** The replica's instance groups, with their servers and block storages. */
  declare readonly instanceGroups: pulumi.Output<InstanceGroup[]>;
  /** The ids of `blockStorages`, index for index. */
  declare readonly blockStorageIds: pulumi.Output<string[]>;
  /** REPLICA (same region) or SECONDARY (other region) while following; ORIGIN once promoted. */
  declare readonly roleType: pulumi.Output<string>;
  /** The cluster it follows: the source until promoted, then "". */
  declare readonly followingClusterId: pulumi.Output<string>;

  /**
   * @param name the Pulumi resource name.
   * @param args the replica.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: ReplicaArgs, opts?: pulumi.CustomResourceOptions) {
    super("scp:Replica", name, args,
      ["serviceState", "softwareVersion", "endpoint", "instanceGroups", "blockStorageIds", "roleType", "followingClusterId"],
      [], opts);
  }

  /**
   * Reads an existing replica in the stack's region (`scp:region`) by id without managing it:
   * Pulumi reads it on every `up`, `preview` and `refresh`, and never changes or deletes it
   * (`pulumi destroy` only forgets it).
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the replica's cluster id (32 hex characters).
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Replica {
    return new Replica(name, undefined as unknown as ReplicaArgs, readOptions(id, opts));
  }

  /** True when `obj` is an scp.Replica (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Replica {
    return isResourceOf(obj, "scp:Replica");
  }
}
