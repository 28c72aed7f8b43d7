// Public classes of the `scp` namespace (Samsung Cloud Platform DBaaS).

import * as pulumi from "@pulumi/pulumi";
import { DbaasResource, type Inputs as In } from "../resource-class";
import { listBackupHistories as listHistories, type BackupHistory } from "./cachestore/backups";
import { exportLogNow } from "./log-export";

export type { BackupHistory } from "./cachestore/backups";

export interface BlockStorageArgs {
  /** DATA (the first one must be DATA), ARCHIVE, TEMP or BACKUP. */
  roleType: "DATA" | "ARCHIVE" | "TEMP" | "BACKUP";
  /** 16–5120 GB in steps of 8; may only grow. */
  sizeGb: number;
  /** SSD (default), SSD_KMS, HDD or HDD_KMS. */
  volumeType?: "SSD" | "SSD_KMS" | "HDD" | "HDD_KMS";
}

export interface MaintenanceArgs {
  dayOfWeek: "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
  /** "HH:MM" on the hour or half hour. */
  startTime: string;
  /** 0.5, 1.5–5.5 or 1–24. */
  durationHours: number;
}

export interface BackupArgs {
  retentionDays: number;
  startHour: number;
  archiveFrequencyMinutes?: 5 | 10 | 30 | 60;
}

/** scp.Cluster with engine "postgresql". */
export interface PostgresqlClusterArgs {
  engine: pulumi.Input<"postgresql">;
  /** 3–20 letters. Default: the resource name's letters plus a 7-letter suffix (README "Auto-naming"). */
  name?: pulumi.Input<string>;
  engineVersion: pulumi.Input<string>;
  subnetId: pulumi.Input<string>;
  serverType: pulumi.Input<string>;
  instanceNamePrefix: pulumi.Input<string>;
  blockStorages: pulumi.Input<pulumi.Input<In<BlockStorageArgs>>[]>;
  haEnabled?: pulumi.Input<boolean>;
  natEnabled?: pulumi.Input<boolean>;
  timezone?: pulumi.Input<string>;
  allowedIps?: pulumi.Input<pulumi.Input<string>[]>;
  maintenance?: pulumi.Input<In<MaintenanceArgs>>;
  databaseName: pulumi.Input<string>;
  databaseUserName: pulumi.Input<string>;
  /** Stored as a secret. Set at creation only. */
  databasePassword: pulumi.Input<string>;
  databasePort?: pulumi.Input<number>;
  databaseEncoding?: pulumi.Input<string>;
  databaseLocale?: pulumi.Input<string>;
  backup?: pulumi.Input<In<BackupArgs>>;
  parameters?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  auditLog?: pulumi.Input<boolean>;
  running?: pulumi.Input<boolean>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Create from a backup of another PostgreSQL cluster (read at creation only). */
  restoreFrom?: pulumi.Input<In<RestoreFromArgs>>;
  /** Id of an existing cluster to take over instead of creating one. */
  adopt?: pulumi.Input<string>;
}

export interface CacheStoreBlockStorageArgs {
  roleType: "DATA";
  /** 56–5120 GB in steps of 8; may only grow. */
  sizeGb: number;
  volumeType?: BlockStorageArgs["volumeType"];
}

export interface CacheStoreBackupArgs {
  /** 7–35. */
  retentionDays: number;
  /** 0–23. */
  startHour: number;
}

/** A backup of another cluster of the same engine: exactly one of `backupHistoryNumber` and `recoveryTime`. */
export interface RestoreFromArgs {
  clusterId: string;
  /** A `number` from listBackupHistories(clusterId). */
  backupHistoryNumber?: string;
  recoveryTime?: string;
}

/** scp.Cluster with engine "cachestore" (Redis with Sentinel). */
export interface CacheStoreClusterArgs {
  engine: pulumi.Input<"cachestore">;
  /** 3–20 letters. Default: the resource name's letters plus a 7-letter suffix (README "Auto-naming"). */
  name?: pulumi.Input<string>;
  /** A Redis version the region offers, e.g. "7.2.4". */
  engineVersion: pulumi.Input<string>;
  subnetId: pulumi.Input<string>;
  serverType: pulumi.Input<string>;
  instanceNamePrefix: pulumi.Input<string>;
  /** Exactly one DATA block storage of 56–5120 GB in steps of 8; may only grow. */
  blockStorages: pulumi.Input<pulumi.Input<In<CacheStoreBlockStorageArgs>>[]>;
  /** Redis Sentinel; needs replicaCount ≥ 1. */
  haEnabled?: pulumi.Input<boolean>;
  /** 0–2 replicas; set at creation (a change replaces the cluster). */
  replicaCount?: pulumi.Input<number>;
  natEnabled?: pulumi.Input<boolean>;
  timezone?: pulumi.Input<string>;
  allowedIps?: pulumi.Input<pulumi.Input<string>[]>;
  maintenance?: pulumi.Input<In<MaintenanceArgs>>;
  /** Default 6378. */
  databasePort?: pulumi.Input<number>;
  /** Default 26378. */
  sentinelPort?: pulumi.Input<number>;
  /** Stored as a secret. Set at creation only. */
  databasePassword: pulumi.Input<string>;
  backup?: pulumi.Input<In<CacheStoreBackupArgs>>;
  parameters?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Redis commands renamed: `{ CONFIG: "cfg-9f2" }`. */
  commands?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  running?: pulumi.Input<boolean>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Create from a backup of another CacheStore cluster (read at creation only). */
  restoreFrom?: pulumi.Input<In<RestoreFromArgs>>;
  adopt?: pulumi.Input<string>;
}

/** scp.Cluster with engine "eventstreams": a Kafka cluster (API `eventstreams 1.1`). */
export interface EventStreamsClusterArgs {
  engine: pulumi.Input<"eventstreams">;
  /** 3–20 letters. Default: the resource name's letters plus a 7-letter suffix (README "Auto-naming"). */
  name?: pulumi.Input<string>;
  /** A Kafka version the region offers, e.g. "3.7.1"; a newer minor is patched in place, a new major replaces. */
  engineVersion: pulumi.Input<string>;
  subnetId: pulumi.Input<string>;
  /** Every instance group's server type (brokers, ZooKeeper, AKHQ). */
  serverType: pulumi.Input<string>;
  instanceNamePrefix: pulumi.Input<string>;
  /** true: ZooKeeper runs on the broker nodes; false (default): three separate ZooKeeper nodes. */
  isCombined?: pulumi.Input<boolean>;
  /** Default 3; may grow in place, never shrink. */
  brokerCount?: pulumi.Input<number>;
  /** The brokers' DATA disks: 16–5120 GB in steps of 8; sizes may only grow. */
  blockStorages: pulumi.Input<pulumi.Input<In<{ roleType?: "DATA"; sizeGb: number; volumeType?: BlockStorageArgs["volumeType"] }>>[]>;
  /** Default 9091. */
  brokerPort?: pulumi.Input<number>;
  /** Default 2180. */
  zookeeperPort?: pulumi.Input<number>;
  brokerSaslId: pulumi.Input<string>;
  /** Stored as a secret. Set at creation only. */
  brokerSaslPassword: pulumi.Input<string>;
  zookeeperSaslId: pulumi.Input<string>;
  /** Stored as a secret. Set at creation only. */
  zookeeperSaslPassword: pulumi.Input<string>;
  akhqEnabled?: pulumi.Input<boolean>;
  /** Required with akhqEnabled. */
  akhqId?: pulumi.Input<string>;
  /** Required with akhqEnabled; stored as a secret. */
  akhqPassword?: pulumi.Input<string>;
  serviceWatchLogCollection?: pulumi.Input<boolean>;
  natEnabled?: pulumi.Input<boolean>;
  timezone?: pulumi.Input<string>;
  allowedIps?: pulumi.Input<pulumi.Input<string>[]>;
  maintenance?: pulumi.Input<In<MaintenanceArgs>>;
  running?: pulumi.Input<boolean>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  adopt?: pulumi.Input<string>;
}

export type ClusterArgs = PostgresqlClusterArgs | CacheStoreClusterArgs | EventStreamsClusterArgs;

/**
 * The backups of a CacheStore or PostgreSQL cluster (`List Backup Histories`), for `restoreFrom`;
 * `engine` picks the service (CacheStore by default, as before PostgreSQL had restore). Credentials
 * come from the stack config (`scp:*`) or the environment, as for the provider.
 */
export async function listBackupHistories(clusterId: string, engine: "postgresql" | "cachestore" = "cachestore"): Promise<BackupHistory[]> {
  return listHistories(clusterId, programConfig, engine);
}

/** The stack's `scp:*` config inside a Pulumi program; the environment variables apply outside one. */
function programConfig(key: string): string | undefined {
  const [namespace, name] = key.split(":");
  try {
    return new pulumi.Config(namespace).get(name);
  } catch {
    return undefined;
  }
}

const ENGINE_OUTPUTS: Record<string, string[]> = {
  postgresql: ["virtualIpAddress", "isKernelPatchable"],
  cachestore: ["sentinelEndpoint", "instances"],
  eventstreams: ["bootstrapServers", "akhqUrl", "instances"],
};

/** The engine's own computed outputs; all of them while the engine is not known yet (an Output). */
function engineOutputs(engine: unknown): string[] {
  return typeof engine === "string" ? ENGINE_OUTPUTS[engine] ?? [] : Object.values(ENGINE_OUTPUTS).flat();
}

export class Cluster extends DbaasResource {
  declare readonly engine: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly engineVersion: pulumi.Output<string>;
  declare readonly serverType: pulumi.Output<string>;
  declare readonly allowedIps: pulumi.Output<string[]>;
  declare readonly serviceState: pulumi.Output<string>;
  declare readonly softwareVersion: pulumi.Output<string>;
  declare readonly virtualIpAddress: pulumi.Output<string>;
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly connectionString: pulumi.Output<string>;
  declare readonly databasePassword: pulumi.Output<string>;
  declare readonly isKernelPatchable: pulumi.Output<boolean>;
  declare readonly instanceGroups: pulumi.Output<any[]>;
  /** CacheStore: `host:port` of the first sentinel. */
  declare readonly sentinelEndpoint: pulumi.Output<string>;
  /**
   * Instances by role: CacheStore MASTER, REPLICA, SENTINEL; EventStreams ZOOKEEPER_BROKER, or
   * ZOOKEEPER and BROKER, and AKHQ.
   */
  declare readonly instances: pulumi.Output<Record<string, { name: string; ipAddress: string; serviceState: string }[]>>;
  /** EventStreams: `host:port` of every broker, comma-separated (a Kafka client's `bootstrap.servers`). */
  declare readonly bootstrapServers: pulumi.Output<string>;
  /** EventStreams: the AKHQ web console when akhqEnabled, else "". */
  declare readonly akhqUrl: pulumi.Output<string>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.CustomResourceOptions) {
    super("scp:Cluster", name, args,
      ["serviceState", "softwareVersion", "endpoint", "connectionString", "instanceGroups", "blockStorageIds",
        ...engineOutputs(args.engine)],
      ["databasePassword", "connectionString"], opts);
    clustersById.set(this.id, { name, declaresBackup: "backup" in args && args.backup !== undefined });
  }
}

/** scp.Replica: a PostgreSQL read replica of an scp.Cluster, in its region or another one. */
export interface ReplicaArgs {
  /** The PostgreSQL cluster to follow (pass `cluster.id`: Pulumi then deletes the replica first). */
  sourceClusterId: pulumi.Input<string>;
  /** Another region (e.g. "kr-east1") for an other-region replica; absent: the source's region. */
  region?: pulumi.Input<string>;
  /** 3–19: a lower-case letter, then lower-case letters, digits or '-'. Default: the resource name plus a suffix (README "Auto-naming"). */
  name?: pulumi.Input<string>;
  serverType: pulumi.Input<string>;
  blockStorages: pulumi.Input<pulumi.Input<In<BlockStorageArgs>>[]>;
  allowedIps?: pulumi.Input<pulumi.Input<string>[]>;
  maintenance?: pulumi.Input<In<MaintenanceArgs>>;
  /** Other region only (required there): a subnet of that region. */
  subnetId?: pulumi.Input<string>;
  /** Other region only; default false. */
  natEnabled?: pulumi.Input<boolean>;
  /** Set at creation. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** true promotes the replica to a standalone cluster (cannot be undone; the resource keeps managing it). */
  promoted?: pulumi.Input<boolean>;
}

export class Replica extends DbaasResource {
  declare readonly sourceClusterId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly serverType: pulumi.Output<string>;
  declare readonly promoted: pulumi.Output<boolean>;
  declare readonly serviceState: pulumi.Output<string>;
  declare readonly softwareVersion: pulumi.Output<string>;
  /** `host:port` of the replica's instance. */
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly instanceGroups: pulumi.Output<any[]>;
  /** REPLICA (same region) or SECONDARY (other region) while following; ORIGIN once promoted. */
  declare readonly roleType: pulumi.Output<string>;
  /** The cluster it follows: the source until promoted, then "". */
  declare readonly followingClusterId: pulumi.Output<string>;

  constructor(name: string, args: ReplicaArgs, opts?: pulumi.CustomResourceOptions) {
    super("scp:Replica", name, args,
      ["serviceState", "softwareVersion", "endpoint", "instanceGroups", "blockStorageIds", "roleType", "followingClusterId"],
      [], opts);
  }
}

/**
 * Clusters of this program by their `id` output: a BackupPolicy given `cluster.id` finds out
 * whether that cluster also declares `backup` (one setting, one owner) before anything runs.
 */
const clustersById = new WeakMap<object, { name: string; declaresBackup: boolean }>();

export interface BackupPolicyArgs {
  /** The cluster's id: `cluster.id` of an scp.Cluster that leaves `backup` out. */
  clusterId: pulumi.Input<string>;
  /** The cluster's engine (default "postgresql"). */
  engine?: pulumi.Input<"postgresql" | "cachestore">;
  /** 7–35. */
  retentionDays: pulumi.Input<number>;
  /** 0–23. */
  startHour: pulumi.Input<number>;
  /** PostgreSQL only: 5, 10, 30 or 60 (default 60). */
  archiveFrequencyMinutes?: pulumi.Input<5 | 10 | 30 | 60>;
  /** PostgreSQL only: keep archive logs 1–35 days; left out, archiving is off. */
  archiveRetentionDays?: pulumi.Input<number>;
}

/** A cluster's backup schedule (and PostgreSQL archive config), owned by this resource alone. */
export class BackupPolicy extends DbaasResource {
  declare readonly clusterId: pulumi.Output<string>;
  declare readonly retentionDays: pulumi.Output<number>;
  declare readonly startHour: pulumi.Output<number>;

  constructor(name: string, args: BackupPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const cluster = clustersById.get(args.clusterId as object);
    if (cluster?.declaresBackup) {
      throw new Error(`scp.BackupPolicy ${name}: scp.Cluster ${cluster.name} also declares \`backup\`. One setting, one owner: remove \`backup\` from the cluster, or drop this policy`);
    }
    super("scp:BackupPolicy", name, args, [], [], opts);
  }
}

export interface LogExportScheduleArgs {
  /** DAY, WEEK (needs dayOfWeek) or MONTH (needs dayOfMonth). */
  frequency: "DAY" | "WEEK" | "MONTH";
  /** 0–23. */
  hour: number;
  dayOfWeek?: "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
  /** 1–31, or -1 for the last day of the month. */
  dayOfMonth?: number;
}

export interface LogExportConfigArgs {
  /** A PostgreSQL scp.Cluster's id. */
  clusterId: pulumi.Input<string>;
  logType: pulumi.Input<"alert" | "audit" | "slow">;
  /** 3–63 characters; a change registers the export again. */
  bucketName: pulumi.Input<string>;
  /** Object storage access key; stored as a secret. */
  accessKey: pulumi.Input<string>;
  /** Object storage secret key; stored as a secret. */
  secretKey: pulumi.Input<string>;
  /** Delete the logs from the servers once exported (default false). */
  deleteOnExport?: pulumi.Input<boolean>;
  schedule: pulumi.Input<In<LogExportScheduleArgs>>;
}

/** The scheduled export of one PostgreSQL log type to object storage. */
export class LogExportConfig extends DbaasResource {
  declare readonly clusterId: pulumi.Output<string>;
  declare readonly logType: pulumi.Output<string>;
  declare readonly bucketName: pulumi.Output<string>;

  constructor(name: string, args: LogExportConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super("scp:LogExportConfig", name, args, [], [], opts);
  }
}

/**
 * Export Log: exports a registered log type now, outside its schedule (an action, not a resource).
 * Credentials as for listBackupHistories.
 */
export async function exportLog(clusterId: string, logType: "alert" | "audit" | "slow"): Promise<void> {
  return exportLogNow(clusterId, logType, programConfig);
}
