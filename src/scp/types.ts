// Named types of the `scp` namespace: the nested inputs a program writes (`BlockStorageArgs`, …),
// what it reads back from scp.Cluster and scp.Replica, inputs normalised (defaults applied) and the
// values the API computes, and what listBackupHistories returns. Public: re-exported by index.ts so
// programs can name them (`dbaas.scp.InstanceGroup`); plain interfaces, so the package's
// declarations reach no schema code. The generated classes (generated/) name them where the
// schemas say so (core/ts-type.ts: tsType).

import type * as pulumi from "@pulumi/pulumi";

/** A block storage as the cluster reports it: the declared one, volume type filled in. */
export interface BlockStorage {
  /** DATA, ARCHIVE, TEMP or BACKUP. */
  roleType: "DATA" | "ARCHIVE" | "TEMP" | "BACKUP";
  /** Size in GB. */
  sizeGb: number;
  /** SSD, SSD_KMS, HDD or HDD_KMS (SSD when the program left it out). */
  volumeType: "SSD" | "SSD_KMS" | "HDD" | "HDD_KMS";
}

/** The weekly maintenance window. */
export interface Maintenance {
  /** MON … SUN. */
  dayOfWeek: "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
  /** "HH:MM" on the hour or half hour. */
  startTime: string;
  /** Length in hours: 0.5, 1.5–5.5 or 1–24. */
  durationHours: number;
}

/** The backup schedule as the cluster reports it. */
export interface Backup {
  /** Days a backup is kept: 7–35. */
  retentionDays: number;
  /** Hour the daily backup starts: 0–23. */
  startHour: number;
  /** PostgreSQL only: minutes between archive log backups (5, 10, 30 or 60). */
  archiveFrequencyMinutes?: 5 | 10 | 30 | 60;
}

/** The backup a cluster was restored from (read at creation only). */
export interface RestoreFrom {
  /** The source cluster's id. */
  clusterId: string;
  /** A `number` from listBackupHistories(clusterId). */
  backupHistoryNumber?: string;
  /** A point in time within the source's backups. */
  recoveryTime?: string;
}

/** One block storage group of an instance group. */
export interface InstanceGroupBlockStorage {
  /** The block storage group's id. */
  id: string;
  /** OS, DATA, ARCHIVE, TEMP or BACKUP. */
  roleType: string;
  /** Size in GB. */
  sizeGb: number;
  /** SSD, SSD_KMS, HDD or HDD_KMS. */
  volumeType: string;
}

/** One server of an instance group. */
export interface InstanceGroupInstance {
  /** The server's name. */
  name: string;
  /** The instance's role (ACTIVE, STANDBY, MASTER, REPLICA, BROKER, …). */
  roleType: string;
  /** RUNNING, STOPPED, EDITING, … */
  serviceState: string;
  /** Private address. */
  ipAddress: string;
  /** Public (NAT) address, or "" without NAT. */
  publicIpAddress: string;
}

/** An instance group of a cluster: servers of one role and server type, with their disks. */
export interface InstanceGroup {
  /** The instance group's id. */
  id: string;
  /** The group's role (ACTIVE, MASTER, BROKER, ZOOKEEPER, AKHQ, …). */
  roleType: string;
  /** The group's server type, e.g. "db1v2m4". */
  serverType: string;
  /** The group's block storage groups, OS disk included. */
  blockStorages: InstanceGroupBlockStorage[];
  /** The group's servers. */
  instances: InstanceGroupInstance[];
}

/** A node of a CacheStore or EventStreams cluster, listed by role in `instances`. */
export interface RoleInstance {
  /** The server's name. */
  name: string;
  /** Private address. */
  ipAddress: string;
  /** RUNNING, STOPPED, EDITING, … */
  serviceState: string;
}

/** A log export schedule as registered. */
export interface LogExportSchedule {
  /** DAY, WEEK or MONTH. */
  frequency: "DAY" | "WEEK" | "MONTH";
  /** 0–23. */
  hour: number;
  /** With WEEK: MON … SUN. */
  dayOfWeek?: "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
  /** With MONTH: 1–31, or -1 for the last day of the month. */
  dayOfMonth?: number;
}

/** One backup of a cluster, as listBackupHistories returns it. */
export interface BackupHistory {
  /** The value for `restoreFrom.backupHistoryNumber`. */
  number: string;
  /** The API's backup state (e.g. COMPLETED). */
  state: string;
  /** The API's detail of that state. */
  stateDetail: string;
  /** When the backup started, as the API writes it. */
  startedAt: string;
  /** When the backup ended, as the API writes it. */
  endedAt: string;
  /** Size in GB, when the API reports it. */
  sizeGb?: number;
  /** The engine version the backup was taken from. */
  softwareVersion: string;
}

/**
 * An SCP account, region and environment, for the resources that name it in `account` (in the
 * spirit of an explicit provider instance; the stack config `scp:*` stays the default). Values may
 * be secret Outputs (`config.requireSecret`); they are stored as secrets either way.
 */
export interface Account {
  /** Access key (like `scp:accessKey`). */
  accessKey: pulumi.Input<string>;
  /** Secret key (like `scp:secretKey`). */
  secretKey: pulumi.Input<string>;
  /** Account id (like `scp:accountId`): required here, so that new keys for the same account can be told from another account. */
  accountId: pulumi.Input<string>;
  /** Region; left out: `scp:region` in stack config, else kr-west1. */
  region?: pulumi.Input<string>;
  /** Environment; left out: `scp:environment` in stack config, else e. */
  environment?: pulumi.Input<string>;
  /** Endpoint override (`{service}`, `{region}` substituted); left out: `scp:endpoint` in stack config, else the public one. */
  endpoint?: pulumi.Input<string>;
}

/**
 * Inputs every SCP resource takes besides its own: the account it lives in, when not the
 * stack's (README "Several accounts").
 */
export interface WithAccount {
  /**
   * The SCP account this resource is managed in, instead of the `scp:*` stack config: one
   * `Account` object, declared once and passed to each resource of that account. Stored in the
   * state as a secret, in the inputs and the outputs, so that refresh and destroy reach the same
   * account without the program. New credentials for the same place update the resource without
   * calling the API; another place replaces it.
   */
  account?: pulumi.Input<Account>;
}

// ---- nested inputs -------------------------------------------------------------------------

export interface BlockStorageArgs {
  /** DATA (the first one must be DATA), ARCHIVE, TEMP or BACKUP. */
  roleType: "DATA" | "ARCHIVE" | "TEMP" | "BACKUP";
  /** 16–5120 GB in steps of 8; may only grow. */
  sizeGb: number;
  /** SSD (default), SSD_KMS, HDD or HDD_KMS. */
  volumeType?: "SSD" | "SSD_KMS" | "HDD" | "HDD_KMS";
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

export interface LogExportScheduleArgs {
  /** DAY, WEEK (needs dayOfWeek) or MONTH (needs dayOfMonth). */
  frequency: "DAY" | "WEEK" | "MONTH";
  /** 0–23. */
  hour: number;
  /** With WEEK only, and required there. */
  dayOfWeek?: "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
  /** 1–31, or -1 for the last day of the month. */
  dayOfMonth?: number;
}
