// The Args interfaces of scp.Cluster (one per engine) and the shapes they share with scp.Replica.
// A module of their own: index.ts re-exports them with the classes, and the classes import them
// from here, so no module imports the one that re-exports it.

import type * as pulumi from "@pulumi/pulumi";
import type { Inputs as In } from "../resource-class";
import type { WithAccount } from "./types";

export interface BlockStorageArgs {
  /** DATA (the first one must be DATA), ARCHIVE, TEMP or BACKUP. */
  roleType: "DATA" | "ARCHIVE" | "TEMP" | "BACKUP";
  /** 16–5120 GB in steps of 8; may only grow. */
  sizeGb: number;
  /** SSD (default), SSD_KMS, HDD or HDD_KMS. */
  volumeType?: "SSD" | "SSD_KMS" | "HDD" | "HDD_KMS";
}

export interface MaintenanceArgs {
  /** MON … SUN. */
  dayOfWeek: "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
  /** "HH:MM" on the hour or half hour. */
  startTime: string;
  /** 0.5, 1.5–5.5 or 1–24. */
  durationHours: number;
}

export interface BackupArgs {
  /** Days a backup is kept: 7–35. */
  retentionDays: number;
  /** Hour the daily backup starts: 0–23. */
  startHour: number;
  /** Minutes between archive log backups: 5, 10, 30 or 60 (default 60). */
  archiveFrequencyMinutes?: 5 | 10 | 30 | 60;
}

/** scp.Cluster with engine "postgresql". */
export interface PostgresqlClusterArgs extends WithAccount {
  /** "postgresql": the cluster runs PostgreSQL (API `postgresql 1.1`). Changing it replaces the resource. */
  engine: pulumi.Input<"postgresql">;
  /**
   * The cluster's name: 3–20 letters (a–z, A–Z); unique in the account. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /**
   * A PostgreSQL version the region offers, e.g. "16.4"; a newer minor is patched in place, a new
   * major replaces. Changed in place when it can be (`PUT /v1/clusters/{cluster_id}/patch`);
   * otherwise changing it replaces the resource.
   */
  engineVersion: pulumi.Input<string>;
  /** The subnet the cluster's servers are in. Changing it replaces the resource. */
  subnetId: pulumi.Input<string>;
  /**
   * The server type of the cluster's instances, e.g. "db1v2m4" (checked against the region's server
   * types). Changed in place: `POST /v1/instance-groups/{instance_group_id}/resize`.
   */
  serverType: pulumi.Input<string>;
  /**
   * Prefix of the servers' names: 3–13 characters, a lower-case letter, then letters, digits or
   * '-'. Changing it replaces the resource.
   */
  instanceNamePrefix: pulumi.Input<string>;
  /**
   * The data disks: the first is DATA; 16–5120 GB in steps of 8; sizes may only grow. Changed in
   * place when it can be (`POST /v1/block-storage-groups/{block_storage_group_id}/resize (grow)`,
   * `POST /v1/instance-groups/{instance_group_id}/block-storage-groups (add)`); otherwise changing
   * it replaces the resource.
   */
  blockStorages: pulumi.Input<pulumi.Input<In<BlockStorageArgs>>[]>;
  /** A standby server with automatic failover. Changing it replaces the resource. Default: `false`. */
  haEnabled?: pulumi.Input<boolean>;
  /** Public (NAT) addresses for the servers. Changing it replaces the resource. Default: `false`. */
  natEnabled?: pulumi.Input<boolean>;
  /** The servers' time zone. Changing it replaces the resource. Default: `"Asia/Seoul"`. */
  timezone?: pulumi.Input<string>;
  /**
   * Client IPv4 addresses or CIDRs allowed to connect; a set (`1.2.3.4` ≡ `1.2.3.4/32`). Changed in
   * place: `POST /v1/clusters/{cluster_id}/security-group-rules`. Default: `[]`.
   */
  allowedIps?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The weekly maintenance window; left out, none. Changed in place: `POST
   * /v1/clusters/{cluster_id}/maintenance`, `DELETE /v1/clusters/{cluster_id}/maintenance`.
   */
  maintenance?: pulumi.Input<In<MaintenanceArgs>>;
  /**
   * The database created with the cluster: 3–20 letters or digits, starting with a letter. Changing
   * it replaces the resource.
   */
  databaseName: pulumi.Input<string>;
  /** The database user created with the cluster: 2–20 lower-case letters. Changing it replaces the resource. */
  databaseUserName: pulumi.Input<string>;
  /**
   * The database user's password: 8–30 characters; stored as a secret. A change is refused by check
   * (the API has no password endpoint). Used at creation only: a later change is never sent.
   */
  databasePassword: pulumi.Input<string>;
  /** The database port: 1024–65535. Changing it replaces the resource. Default: `2866`. */
  databasePort?: pulumi.Input<number>;
  /** The database encoding. Changing it replaces the resource. Default: `"UTF-8"`. */
  databaseEncoding?: pulumi.Input<string>;
  /** The database locale. Changing it replaces the resource. Default: `"C"`. */
  databaseLocale?: pulumi.Input<string>;
  /**
   * The daily backup schedule; left out, not managed here (an scp.BackupPolicy may own it). Changed
   * in place: `POST /v1/clusters/{cluster_id}/backups`, `DELETE /v1/clusters/{cluster_id}/backups`.
   */
  backup?: pulumi.Input<In<BackupArgs>>;
  /**
   * PostgreSQL parameters by name (`{ work_mem: "64MB" }`), checked against the catalogue; a
   * removed key returns to its default. Changed in place: `PUT
   * /v1/clusters/{cluster_id}/parameters`. Default: `{}`.
   */
  parameters?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** The audit log. Changed in place: `PUT /v1/clusters/{cluster_id}/audit-log`. Default: `false`. */
  auditLog?: pulumi.Input<boolean>;
  /**
   * false stops the cluster; true starts it. Changed in place: `POST
   * /v1/clusters/{cluster_id}/start`, `POST /v1/clusters/{cluster_id}/stop`. Default: `true`.
   */
  running?: pulumi.Input<boolean>;
  /** Tags set at creation. Changing it replaces the resource. Default: `{}`. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Create from a backup of another PostgreSQL cluster (Create Restore Cluster). Used at creation
   * only: a later change is never sent.
   */
  restoreFrom?: pulumi.Input<In<RestoreFromArgs>>;
  /**
   * Id of an existing cluster to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

export interface CacheStoreBlockStorageArgs {
  /** Always DATA. */
  roleType: "DATA";
  /** 56–5120 GB in steps of 8; may only grow. */
  sizeGb: number;
  /** SSD (default), SSD_KMS, HDD or HDD_KMS. */
  volumeType?: BlockStorageArgs["volumeType"];
}

/** A Kafka broker's DATA disk. */
export interface EventStreamsBlockStorageArgs {
  /** Always DATA (the default). */
  roleType?: "DATA";
  /** 16–5120 GB in steps of 8; may only grow. */
  sizeGb: number;
  /** SSD (default), SSD_KMS, HDD or HDD_KMS. */
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
  /** The source cluster's id (32 hex characters). */
  clusterId: string;
  /** A `number` from listBackupHistories(clusterId). */
  backupHistoryNumber?: string;
  /** A point in time within the source's backups, e.g. "2026-11-20T03:00:00". */
  recoveryTime?: string;
}

/** scp.Cluster with engine "cachestore" (Redis with Sentinel). */
export interface CacheStoreClusterArgs extends WithAccount {
  /** "cachestore": the cluster runs Redis with Sentinel (API `cachestore 1.0`). Changing it replaces the resource. */
  engine: pulumi.Input<"cachestore">;
  /**
   * The cluster's name: 3–20 letters (a–z, A–Z); unique in the account. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /** A Redis version the region offers, e.g. "7.2.4". Changing it replaces the resource. */
  engineVersion: pulumi.Input<string>;
  /** The subnet the cluster's servers are in. Changing it replaces the resource. */
  subnetId: pulumi.Input<string>;
  /**
   * The server type of the Redis servers, e.g. "redis1v2m4". Changed in place: `POST
   * /v1/instance-groups/{instance_group_id}/resize`.
   */
  serverType: pulumi.Input<string>;
  /**
   * Prefix of the servers' names: 3–13 characters, a lower-case letter, then letters, digits or
   * '-'. Changing it replaces the resource.
   */
  instanceNamePrefix: pulumi.Input<string>;
  /**
   * Exactly one DATA block storage of 56–5120 GB in steps of 8; may only grow. Changed in place
   * when it can be (`POST /v1/block-storage-groups/{block_storage_group_id}/resize`); otherwise
   * changing it replaces the resource.
   */
  blockStorages: pulumi.Input<pulumi.Input<In<CacheStoreBlockStorageArgs>>[]>;
  /** Redis Sentinel; needs replicaCount ≥ 1. Changing it replaces the resource. Default: `false`. */
  haEnabled?: pulumi.Input<boolean>;
  /** 0–2 replicas; set at creation (a change replaces the cluster). Changing it replaces the resource. Default: `0`. */
  replicaCount?: pulumi.Input<number>;
  /** Public (NAT) addresses for the servers. Changing it replaces the resource. Default: `false`. */
  natEnabled?: pulumi.Input<boolean>;
  /** The servers' time zone. Changing it replaces the resource. Default: `"Asia/Seoul"`. */
  timezone?: pulumi.Input<string>;
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
  /** The Redis port: 1024–65535. Changing it replaces the resource. Default: `6378`. */
  databasePort?: pulumi.Input<number>;
  /** The Sentinel port: 1024–65535. Changing it replaces the resource. Default: `26378`. */
  sentinelPort?: pulumi.Input<number>;
  /**
   * The Redis password: 8–30 characters; stored as a secret. A change is refused by check (the API
   * has no password endpoint). Used at creation only: a later change is never sent.
   */
  databasePassword: pulumi.Input<string>;
  /**
   * The daily backup schedule; left out, not managed here (an scp.BackupPolicy may own it). Changed
   * in place: `POST /v1/clusters/{cluster_id}/backups`, `DELETE /v1/clusters/{cluster_id}/backups`.
   */
  backup?: pulumi.Input<In<CacheStoreBackupArgs>>;
  /**
   * Redis parameters by name, checked against the catalogue; a removed key returns to its default.
   * Changed in place: `PUT /v1/clusters/{cluster_id}/parameters`. Default: `{}`.
   */
  parameters?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /**
   * Redis commands renamed: `{ CONFIG: "cfg-9f2" }`. Changed in place: `POST
   * /v1/clusters/{cluster_id}/commands/sync`, `PUT /v1/clusters/{cluster_id}/commands`. Default:
   * `{}`.
   */
  commands?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * false stops the cluster; true starts it. Changed in place: `POST
   * /v1/clusters/{cluster_id}/start`, `POST /v1/clusters/{cluster_id}/stop`. Default: `true`.
   */
  running?: pulumi.Input<boolean>;
  /** Tags set at creation. Changing it replaces the resource. Default: `{}`. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Create from a backup of another CacheStore cluster (Create Restore Cluster). Used at creation
   * only: a later change is never sent.
   */
  restoreFrom?: pulumi.Input<In<RestoreFromArgs>>;
  /**
   * Id of an existing cluster to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/** scp.Cluster with engine "eventstreams": a Kafka cluster (API `eventstreams 1.1`). */
export interface EventStreamsClusterArgs extends WithAccount {
  /** "eventstreams": the cluster runs Kafka (API `eventstreams 1.1`). Changing it replaces the resource. */
  engine: pulumi.Input<"eventstreams">;
  /**
   * The cluster's name: 3–20 letters (a–z, A–Z); unique in the account. Changing it replaces the resource.
   * Left out: made up from the resource name plus a suffix (README "Auto-naming").
   */
  name?: pulumi.Input<string>;
  /**
   * A Kafka version the region offers, e.g. "3.7.1"; a newer minor is patched in place, a new major
   * replaces. Changed in place when it can be (`PUT /v1/clusters/{cluster_id}/patch`); otherwise
   * changing it replaces the resource.
   */
  engineVersion: pulumi.Input<string>;
  /** The subnet the cluster's servers are in. Changing it replaces the resource. */
  subnetId: pulumi.Input<string>;
  /**
   * Every instance group's server type (brokers, ZooKeeper, AKHQ). Changed in place: `POST
   * /v1/instance-groups/{instance_group_id}/resize`.
   */
  serverType: pulumi.Input<string>;
  /**
   * Prefix of the servers' names: 3–13 characters, a lower-case letter, then letters, digits or
   * '-'. Changing it replaces the resource.
   */
  instanceNamePrefix: pulumi.Input<string>;
  /**
   * true: ZooKeeper runs on the broker nodes; false (default): three separate ZooKeeper nodes.
   * Changing it replaces the resource. Default: `false`.
   */
  isCombined?: pulumi.Input<boolean>;
  /**
   * Number of brokers; may grow in place, never shrink. Changed in place: `POST
   * /v1/clusters/{cluster_id}/add-instances`. Default: `3`.
   */
  brokerCount?: pulumi.Input<number>;
  /**
   * The brokers' DATA disks: 16–5120 GB in steps of 8; sizes may only grow. Changed in place when
   * it can be (`POST /v1/block-storage-groups/{block_storage_group_id}/resize`); otherwise changing
   * it replaces the resource.
   */
  blockStorages: pulumi.Input<pulumi.Input<In<EventStreamsBlockStorageArgs>>[]>;
  /** The brokers' port: 1024–65535. Changing it replaces the resource. Default: `9091`. */
  brokerPort?: pulumi.Input<number>;
  /** The ZooKeeper port: 1024–65535. Changing it replaces the resource. Default: `2180`. */
  zookeeperPort?: pulumi.Input<number>;
  /** The brokers' SASL user: 2–20 lower-case letters. Changing it replaces the resource. */
  brokerSaslId: pulumi.Input<string>;
  /**
   * 8–30 characters with a letter, a digit and a symbol; stored as a secret. A change is refused by
   * check. Used at creation only: a later change is never sent.
   */
  brokerSaslPassword: pulumi.Input<string>;
  /** The ZooKeeper SASL user: 2–20 lower-case letters. Changing it replaces the resource. */
  zookeeperSaslId: pulumi.Input<string>;
  /**
   * 8–30 characters with a letter, a digit and a symbol; stored as a secret. A change is refused by
   * check. Used at creation only: a later change is never sent.
   */
  zookeeperSaslPassword: pulumi.Input<string>;
  /** The AKHQ web console. Changing it replaces the resource. Default: `false`. */
  akhqEnabled?: pulumi.Input<boolean>;
  /** Required with akhqEnabled. Changing it replaces the resource. */
  akhqId?: pulumi.Input<string>;
  /**
   * Required with akhqEnabled; stored as a secret. A change is refused by check. Used at creation
   * only: a later change is never sent.
   */
  akhqPassword?: pulumi.Input<string>;
  /** Log collection by ServiceWatch. Changing it replaces the resource. Default: `false`. */
  serviceWatchLogCollection?: pulumi.Input<boolean>;
  /** Public (NAT) addresses for the servers. Changing it replaces the resource. Default: `false`. */
  natEnabled?: pulumi.Input<boolean>;
  /** The servers' time zone. Changing it replaces the resource. Default: `"Asia/Seoul"`. */
  timezone?: pulumi.Input<string>;
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
  /**
   * false stops the cluster; true starts it. Changed in place: `POST
   * /v1/clusters/{cluster_id}/start`, `POST /v1/clusters/{cluster_id}/stop`. Default: `true`.
   */
  running?: pulumi.Input<boolean>;
  /** Tags set at creation. Changing it replaces the resource. Default: `{}`. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Id of an existing cluster to take over instead of creating one. Used at creation only: a later
   * change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

export type ClusterArgs = PostgresqlClusterArgs | CacheStoreClusterArgs | EventStreamsClusterArgs;
