// The public scp.Cluster class (re-exported by index.ts; its Args interfaces are in cluster-args.ts).

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions } from "../resource-class";
import type { ClusterArgs } from "./cluster-args";
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- named by the class doc's {@link}s (TypeDoc resolves them here)
import type { CacheStoreClusterArgs, EventStreamsClusterArgs, PostgresqlClusterArgs } from "./cluster-args";
import { clustersById } from "./setting-classes";
import type { Backup, BlockStorage, InstanceGroup, Maintenance, RestoreFrom, RoleInstance } from "./types";

/**
 * Computed outputs: those every engine has, then each engine's own (PostgreSQL: endpoint,
 * connectionString, virtualIpAddress, isKernelPatchable; CacheStore: endpoint, connectionString,
 * sentinelEndpoint, instances; EventStreams: bootstrapServers, akhqUrl, instances). All are
 * properties of every cluster: another engine's read back undefined.
 */
const COMPUTED = [
  "serviceState",
  "softwareVersion",
  "instanceGroups",
  "blockStorageIds",
  "endpoint",
  "connectionString",
  "virtualIpAddress",
  "isKernelPatchable",
  "sentinelEndpoint",
  "instances",
  "bootstrapServers",
  "akhqUrl",
];

/**
 * A Samsung Cloud Platform DBaaS cluster: PostgreSQL (`engine: "postgresql"`), CacheStore, i.e.
 * Redis with Sentinel (`"cachestore"`), or EventStreams, i.e. Kafka (`"eventstreams"`). Each
 * engine takes its own inputs (see {@link PostgresqlClusterArgs}, {@link CacheStoreClusterArgs},
 * {@link EventStreamsClusterArgs}); every input's doc says whether a change is applied in place
 * (and through which endpoint) or replaces the cluster. Outputs are every input, normalised and
 * with its default applied, plus what the API computes. Credentials come from the stack config
 * (`scp:accessKey`, `scp:secretKey`, set with `--secret`) or the environment.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as dbaas from "pulumi-dbaas";
 *
 * const config = new pulumi.Config();
 * const cluster = new dbaas.scp.Cluster("orders", {
 *   engine: "postgresql",
 *   name: "orders",
 *   engineVersion: "16.4",
 *   subnetId: "…",
 *   serverType: "db1v2m4",
 *   instanceNamePrefix: "orders",
 *   blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
 *   allowedIps: ["10.0.0.0/24"],
 *   databaseName: "orders",
 *   databaseUserName: "app",
 *   databasePassword: config.requireSecret("databasePassword"),
 * });
 * export const endpoint = cluster.endpoint;
 * export const timezone = cluster.timezone; // "Asia/Seoul": the default, read back
 * ```
 */
export class Cluster extends DbaasResource {
  /** "postgresql", "cachestore" or "eventstreams". */
  declare readonly engine: pulumi.Output<"postgresql" | "cachestore" | "eventstreams">;
  /** The cluster's name (unique in the account). */
  declare readonly name: pulumi.Output<string>;
  /** The engine version the cluster runs. */
  declare readonly engineVersion: pulumi.Output<string>;
  /** The subnet the cluster's servers are in. */
  declare readonly subnetId: pulumi.Output<string>;
  /** The server type of the data instance group (EventStreams: of every group). */
  declare readonly serverType: pulumi.Output<string>;
  /** The prefix of the servers' names (from the program: the API does not return it). */
  declare readonly instanceNamePrefix: pulumi.Output<string>;
  /** The declared block storages as the cluster reports them, volume types filled in. */
  declare readonly blockStorages: pulumi.Output<BlockStorage[]>;
  /** PostgreSQL and CacheStore: whether the cluster is highly available (undefined for EventStreams). Default: `false`. */
  declare readonly haEnabled: pulumi.Output<boolean | undefined>;
  /** Whether the servers have public (NAT) addresses. Default: `false`. */
  declare readonly natEnabled: pulumi.Output<boolean>;
  /** The servers' time zone. Default: `"Asia/Seoul"`. */
  declare readonly timezone: pulumi.Output<string>;
  /** Allowed client addresses as CIDRs, sorted (`1.2.3.4` reads back as `1.2.3.4/32`). Default: `[]`. */
  declare readonly allowedIps: pulumi.Output<string[]>;
  /** The maintenance window; undefined when none is set. */
  declare readonly maintenance: pulumi.Output<Maintenance | undefined>;
  /** PostgreSQL only: the database created with the cluster. */
  declare readonly databaseName: pulumi.Output<string | undefined>;
  /** PostgreSQL only: the database user created with the cluster. */
  declare readonly databaseUserName: pulumi.Output<string | undefined>;
  /** PostgreSQL and CacheStore: the password set at creation (secret; from the program, never read back). */
  declare readonly databasePassword: pulumi.Output<string>;
  /** PostgreSQL (default 2866) and CacheStore (default 6378): the database port. */
  declare readonly databasePort: pulumi.Output<number | undefined>;
  /** PostgreSQL only: the database encoding. Default: `"UTF-8"`. */
  declare readonly databaseEncoding: pulumi.Output<string | undefined>;
  /** PostgreSQL only: the database locale. Default: `"C"`. */
  declare readonly databaseLocale: pulumi.Output<string | undefined>;
  /**
   * The backup schedule; undefined when none is set (or an scp.BackupPolicy owns it and the cluster
   * leaves `backup` out).
   */
  declare readonly backup: pulumi.Output<Backup | undefined>;
  /**
   * PostgreSQL and CacheStore: the parameters the program manages, as the cluster reports them
   * (values as strings). Default: `{}`.
   */
  declare readonly parameters: pulumi.Output<Record<string, string> | undefined>;
  /** PostgreSQL only: whether the audit log is on. Default: `false`. */
  declare readonly auditLog: pulumi.Output<boolean | undefined>;
  /** false while the cluster is stopped. Default: `true`. */
  declare readonly running: pulumi.Output<boolean>;
  /** The tags set at creation. Default: `{}`. */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** The backup the cluster was created from, when it was restored. */
  declare readonly restoreFrom: pulumi.Output<RestoreFrom | undefined>;
  /** The id the cluster was adopted from, when it was adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** CacheStore only: the number of replicas. Default: `0`. */
  declare readonly replicaCount: pulumi.Output<number | undefined>;
  /** CacheStore only: the Sentinel port. Default: `26378`. */
  declare readonly sentinelPort: pulumi.Output<number | undefined>;
  /** CacheStore only: renamed Redis commands (`{ CONFIG: "cfg-9f2" }`). Default: `{}`. */
  declare readonly commands: pulumi.Output<Record<string, string> | undefined>;
  /** EventStreams only: whether ZooKeeper runs on the broker nodes. Default: `false`. */
  declare readonly isCombined: pulumi.Output<boolean | undefined>;
  /** EventStreams only: the number of brokers. Default: `3`. */
  declare readonly brokerCount: pulumi.Output<number | undefined>;
  /** EventStreams only: the brokers' port. Default: `9091`. */
  declare readonly brokerPort: pulumi.Output<number | undefined>;
  /** EventStreams only: the ZooKeeper port. Default: `2180`. */
  declare readonly zookeeperPort: pulumi.Output<number | undefined>;
  /** EventStreams only: the brokers' SASL user. */
  declare readonly brokerSaslId: pulumi.Output<string | undefined>;
  /** EventStreams only: the brokers' SASL password (secret; from the program). */
  declare readonly brokerSaslPassword: pulumi.Output<string | undefined>;
  /** EventStreams only: the ZooKeeper SASL user. */
  declare readonly zookeeperSaslId: pulumi.Output<string | undefined>;
  /** EventStreams only: the ZooKeeper SASL password (secret; from the program). */
  declare readonly zookeeperSaslPassword: pulumi.Output<string | undefined>;
  /** EventStreams only: whether the AKHQ web console runs. Default: `false`. */
  declare readonly akhqEnabled: pulumi.Output<boolean | undefined>;
  /** EventStreams only: the AKHQ user. */
  declare readonly akhqId: pulumi.Output<string | undefined>;
  /** EventStreams only: the AKHQ password (secret; from the program). */
  declare readonly akhqPassword: pulumi.Output<string | undefined>;
  /** EventStreams only: whether ServiceWatch collects the logs. Default: `false`. */
  declare readonly serviceWatchLogCollection: pulumi.Output<boolean | undefined>;

  /** RUNNING, STOPPED, EDITING, … as the API reports it. */
  declare readonly serviceState: pulumi.Output<string>;
  /** The version the cluster's software reports. */
  declare readonly softwareVersion: pulumi.Output<string>;
  /** The ids of `blockStorages`, index for index (then any block storage added outside Pulumi). */
  declare readonly blockStorageIds: pulumi.Output<string[]>;
  /** Every instance group, with its servers and block storages. */
  declare readonly instanceGroups: pulumi.Output<InstanceGroup[]>;
  /** PostgreSQL and CacheStore: `host:port` clients connect to ("" until an address is known). */
  declare readonly endpoint: pulumi.Output<string>;
  /** PostgreSQL (`postgresql://user:password@host:port/db`) and CacheStore: secret. */
  declare readonly connectionString: pulumi.Output<string>;
  /** PostgreSQL: the cluster's virtual IP address ("" without HA). */
  declare readonly virtualIpAddress: pulumi.Output<string>;
  /** PostgreSQL: whether a kernel patch is pending for the servers. */
  declare readonly isKernelPatchable: pulumi.Output<boolean>;
  /** CacheStore: `host:port` of the first sentinel. */
  declare readonly sentinelEndpoint: pulumi.Output<string>;
  /**
   * Instances by role: CacheStore MASTER, REPLICA, SENTINEL; EventStreams ZOOKEEPER_BROKER, or
   * ZOOKEEPER and BROKER, and AKHQ.
   */
  declare readonly instances: pulumi.Output<Record<string, RoleInstance[]>>;
  /** EventStreams: `host:port` of every broker, comma-separated (a Kafka client's `bootstrap.servers`). */
  declare readonly bootstrapServers: pulumi.Output<string>;
  /** EventStreams: the AKHQ web console when akhqEnabled, else "". */
  declare readonly akhqUrl: pulumi.Output<string>;

  /**
   * @param name the Pulumi resource name.
   * @param args the cluster; `engine` selects which inputs apply.
   * @param opts Pulumi resource options (`protect`, `dependsOn`, …).
   */
  constructor(name: string, args: ClusterArgs, opts?: pulumi.CustomResourceOptions) {
    super("scp:Cluster", name, args, COMPUTED, ["connectionString"], opts);
    if (args) clustersById.set(this.id, { name, declaresBackup: "backup" in args && args.backup !== undefined });
  }

  /**
   * Reads an existing cluster of any engine by id without managing it: Pulumi reads it on every
   * `up`, `preview` and `refresh` (zero changing requests), and never changes or deletes it
   * (`pulumi destroy` only forgets it). The id is looked up in the PostgreSQL, CacheStore and
   * EventStreams services in turn. Values the API never returns (passwords, `instanceNamePrefix`,
   * `tags`) read back empty, and so does `connectionString`.
   *
   * ```ts
   * const shared = dbaas.scp.Cluster.get("shared", "0123456789abcdef0123456789abcdef");
   * export const sharedEndpoint = shared.endpoint;
   * ```
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the cluster's id (32 hex characters).
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Cluster {
    return new Cluster(name, undefined as unknown as ClusterArgs, readOptions(id, opts));
  }

  /** True when `obj` is an scp.Cluster (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is Cluster {
    return isResourceOf(obj, "scp:Cluster");
  }
}
