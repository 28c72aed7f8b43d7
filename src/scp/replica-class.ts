// The public scp.Replica class and its Args interface (re-exported by index.ts).

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions, type Inputs as In } from "../resource-class";
import type { BlockStorageArgs, MaintenanceArgs } from "./cluster-args";
import type { BlockStorage, InstanceGroup, Maintenance, WithAccount } from "./types";

/** scp.Replica: a PostgreSQL read replica of an scp.Cluster, in its region or another one. */
export interface ReplicaArgs extends WithAccount {
  /**
   * The PostgreSQL cluster to follow (pass `cluster.id`: Pulumi then deletes the replica first).
   * Changing it replaces the resource.
   */
  sourceClusterId: pulumi.Input<string>;
  /**
   * Another region (e.g. "kr-east1") for an other-region replica; absent: the source's region.
   * Changing it replaces the resource.
   */
  region?: pulumi.Input<string>;
  /**
   * 3–19: a lower-case letter, then lower-case letters, digits or '-'. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /**
   * The replica's server type, e.g. "db1v2m4" (checked against the replica region's server types).
   * Changed in place: `POST /v1/instance-groups/{instance_group_id}/resize`.
   */
  serverType: pulumi.Input<string>;
  /**
   * The replica's disks, as for scp.Cluster (PostgreSQL): the first is DATA; sizes may only grow.
   * Changed in place when it can be (`POST /v1/block-storage-groups/{block_storage_group_id}/resize
   * (grow)`, `POST /v1/instance-groups/{instance_group_id}/block-storage-groups (add)`); otherwise
   * changing it replaces the resource.
   */
  blockStorages: pulumi.Input<pulumi.Input<In<BlockStorageArgs>>[]>;
  /**
   * Client IPv4 addresses or CIDRs allowed to connect; a set. Changed in place: `POST
   * /v1/clusters/{cluster_id}/security-group-rules`. Default: `[]`.
   */
  allowedIps?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The weekly maintenance window; left out, none. Changed in place: `POST
   * /v1/clusters/{cluster_id}/maintenance`, `DELETE /v1/clusters/{cluster_id}/maintenance`.
   */
  maintenance?: pulumi.Input<In<MaintenanceArgs>>;
  /** Other region only (required there): a subnet of that region. Changing it replaces the resource. */
  subnetId?: pulumi.Input<string>;
  /** Other region only: public (NAT) addresses. Changing it replaces the resource. */
  natEnabled?: pulumi.Input<boolean>;
  /** Set at creation. Changing it replaces the resource. Default: `{}`. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * true promotes the replica to a standalone cluster (cannot be undone; the resource keeps
   * managing it). Changed in place: `POST /v1/clusters/{cluster_id}/promote`. Default: `false`.
   */
  promoted?: pulumi.Input<boolean>;
  /**
   * Id of an existing replica to take over instead of creating one (`pulumi-dbaas adopt scp:Replica
   * <id>` writes the declaration). Used at creation only: a later change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

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
    super(
      "scp:Replica",
      name,
      args,
      ["serviceState", "softwareVersion", "endpoint", "instanceGroups", "blockStorageIds", "roleType", "followingClusterId"],
      [],
      opts,
    );
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
