// Public classes of the `scp` namespace for one cluster setting each: scp.BackupPolicy and
// scp.LogExportConfig (re-exported by index.ts).

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions, type Inputs as In } from "../resource-class";
import type { WithAccount, LogExportSchedule } from "./types";

/**
 * Clusters of this program by their `id` output: a BackupPolicy given `cluster.id` finds out
 * whether that cluster also declares `backup` (one setting, one owner) before anything runs.
 */
export const clustersById = new WeakMap<object, { name: string; declaresBackup: boolean }>();

export interface BackupPolicyArgs extends WithAccount {
  /** The cluster's id: `cluster.id` of an scp.Cluster that leaves `backup` out. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /** The cluster's engine: "postgresql" or "cachestore". Changing it replaces the resource. Default: `"postgresql"`. */
  engine?: pulumi.Input<"postgresql" | "cachestore">;
  /** Days a backup is kept: 7–35. Changed in place: `POST /v1/clusters/{cluster_id}/backups`. */
  retentionDays: pulumi.Input<number>;
  /** Hour the daily backup starts: 0–23. Changed in place: `POST /v1/clusters/{cluster_id}/backups`. */
  startHour: pulumi.Input<number>;
  /** PostgreSQL only: 5, 10, 30 or 60 (default 60). Changed in place: `POST /v1/clusters/{cluster_id}/backups`. */
  archiveFrequencyMinutes?: pulumi.Input<5 | 10 | 30 | 60>;
  /**
   * PostgreSQL only: keep archive logs 1–35 days; left out, archiving is off. Changed in place:
   * `PUT /v1/clusters/{cluster_id}/archive`.
   */
  archiveRetentionDays?: pulumi.Input<number>;
}

/**
 * A cluster's backup schedule (and PostgreSQL archive config), owned by this resource alone: the
 * cluster must leave its own `backup` input out. Id `<clusterId>/backups`.
 *
 * ```ts
 * const policy = new dbaas.scp.BackupPolicy("orders-backup", {
 *   clusterId: cluster.id,
 *   retentionDays: 14,
 *   startHour: 3,
 *   archiveRetentionDays: 7,
 * });
 * ```
 */
export class BackupPolicy extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The cluster's engine. Default: `"postgresql"`. */
  declare readonly engine: pulumi.Output<"postgresql" | "cachestore">;
  /** Days a backup is kept, as the cluster reports it. */
  declare readonly retentionDays: pulumi.Output<number>;
  /** Hour the daily backup starts, as the cluster reports it. */
  declare readonly startHour: pulumi.Output<number>;
  /** PostgreSQL only: minutes between archive log backups; undefined for CacheStore. */
  declare readonly archiveFrequencyMinutes: pulumi.Output<5 | 10 | 30 | 60 | undefined>;
  /** PostgreSQL only: days archive logs are kept; undefined while archiving is off. */
  declare readonly archiveRetentionDays: pulumi.Output<number | undefined>;

  /**
   * @param name the Pulumi resource name.
   * @param args the schedule; the cluster must not declare `backup` itself.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: BackupPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const cluster = args && clustersById.get(args.clusterId as object);
    if (cluster?.declaresBackup) {
      throw new Error(
        `scp.BackupPolicy ${name}: scp.Cluster ${cluster.name} also declares \`backup\`. One setting, ` +
          `one owner: remove \`backup\` from the cluster, or drop this policy`,
      );
    }
    super("scp:BackupPolicy", name, args, [], [], opts);
  }

  /**
   * Reads an existing backup policy without managing it: Pulumi reads it on every `up`, `preview`
   * and `refresh`, and never changes or deletes it (`pulumi destroy` only forgets it).
   *
   * @param name the Pulumi resource name of the read object.
   * @param id `<clusterId>/backups` (a PostgreSQL cluster's; the engine is taken as PostgreSQL).
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): BackupPolicy {
    return new BackupPolicy(name, undefined as unknown as BackupPolicyArgs, readOptions(id, opts));
  }

  /** True when `obj` is an scp.BackupPolicy (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is BackupPolicy {
    return isResourceOf(obj, "scp:BackupPolicy");
  }
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

export interface LogExportConfigArgs extends WithAccount {
  /** A PostgreSQL scp.Cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /** The log to export: "alert", "audit" or "slow". Changing it replaces the resource. */
  logType: pulumi.Input<"alert" | "audit" | "slow">;
  /** 3–63 characters; a change registers the export again. Changing it replaces the resource. */
  bucketName: pulumi.Input<string>;
  /**
   * Object storage access key; stored as a secret. Changed in place: `PUT
   * /v1/clusters/{cluster_id}/log-export-configs/{log_type}`.
   */
  accessKey: pulumi.Input<string>;
  /**
   * Object storage secret key; stored as a secret. Changed in place: `PUT
   * /v1/clusters/{cluster_id}/log-export-configs/{log_type}`.
   */
  secretKey: pulumi.Input<string>;
  /**
   * Delete the logs from the servers once exported. Changed in place: `PUT
   * /v1/clusters/{cluster_id}/log-export-configs/{log_type}`. Default: `false`.
   */
  deleteOnExport?: pulumi.Input<boolean>;
  /** When the export runs. Changed in place: `PUT /v1/clusters/{cluster_id}/log-export-configs/{log_type}`. */
  schedule: pulumi.Input<In<LogExportScheduleArgs>>;
  /**
   * `<clusterId>/<logType>` of an export registered outside this program, to take over (see
   * Adoption). Used at creation only: a later change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * The scheduled export of one PostgreSQL log type to object storage. Id `<clusterId>/<logType>`.
 *
 * ```ts
 * new dbaas.scp.LogExportConfig("slow-log", {
 *   clusterId: cluster.id,
 *   logType: "slow",
 *   bucketName: "db-logs",
 *   accessKey: config.requireSecret("objAccessKey"),
 *   secretKey: config.requireSecret("objSecretKey"),
 *   schedule: { frequency: "WEEK", dayOfWeek: "SUN", hour: 2 },
 * });
 * ```
 */
export class LogExportConfig extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** "alert", "audit" or "slow". */
  declare readonly logType: pulumi.Output<"alert" | "audit" | "slow">;
  /** The bucket the logs go to. */
  declare readonly bucketName: pulumi.Output<string>;
  /** Object storage access key (secret; from the program, the API never returns it). */
  declare readonly accessKey: pulumi.Output<string>;
  /** Object storage secret key (secret; from the program, the API never returns it). */
  declare readonly secretKey: pulumi.Output<string>;
  /** Whether exported logs are deleted from the servers. Default: `false`. */
  declare readonly deleteOnExport: pulumi.Output<boolean>;
  /** The schedule as registered. */
  declare readonly schedule: pulumi.Output<LogExportSchedule>;
  /** The id the export was adopted from, when it was adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;

  /**
   * @param name the Pulumi resource name.
   * @param args the export.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: LogExportConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super("scp:LogExportConfig", name, args, [], [], opts);
  }

  /**
   * Reads an existing log export without managing it: Pulumi reads it on every `up`, `preview`
   * and `refresh`, and never changes or deletes it (`pulumi destroy` only forgets it). The keys
   * are never returned by the API: `accessKey` and `secretKey` read back undefined.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id `<clusterId>/<logType>`.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): LogExportConfig {
    return new LogExportConfig(name, undefined as unknown as LogExportConfigArgs, readOptions(id, opts));
  }

  /** True when `obj` is an scp.LogExportConfig (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is LogExportConfig {
    return isResourceOf(obj, "scp:LogExportConfig");
  }
}
