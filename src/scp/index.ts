// Public classes of the `scp` namespace (Samsung Cloud Platform DBaaS).

import * as pulumi from "@pulumi/pulumi";
import { DbaasResource, type Inputs as In } from "../resource-class";

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

/** Inputs every engine of `scp.Cluster` takes, with the same rules. */
export interface ClusterArgsBase {
  name: pulumi.Input<string>;
  engineVersion: pulumi.Input<string>;
  subnetId: pulumi.Input<string>;
  serverType: pulumi.Input<string>;
  instanceNamePrefix: pulumi.Input<string>;
  natEnabled?: pulumi.Input<boolean>;
  timezone?: pulumi.Input<string>;
  allowedIps?: pulumi.Input<pulumi.Input<string>[]>;
  maintenance?: pulumi.Input<In<MaintenanceArgs>>;
  running?: pulumi.Input<boolean>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Id of an existing cluster to take over instead of creating one. */
  adopt?: pulumi.Input<string>;
}

/** `engine: "postgresql"`. */
export interface ClusterArgs extends ClusterArgsBase {
  engine: pulumi.Input<"postgresql">;
  blockStorages: pulumi.Input<pulumi.Input<In<BlockStorageArgs>>[]>;
  haEnabled?: pulumi.Input<boolean>;
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
}

/** `engine: "eventstreams"`: a Kafka cluster (API `eventstreams 1.1`). */
export interface EventStreamsClusterArgs extends ClusterArgsBase {
  engine: pulumi.Input<"eventstreams">;
  /** true: ZooKeeper runs on the broker nodes; false (default): three separate ZooKeeper nodes. */
  isCombined?: pulumi.Input<boolean>;
  /** Default 3; may grow in place, never shrink. */
  brokerCount?: pulumi.Input<number>;
  /** The brokers' DATA disks: 16–5120 GB in steps of 8; sizes may only grow. */
  blockStorages: pulumi.Input<pulumi.Input<In<{ roleType?: "DATA"; sizeGb: number; volumeType?: BlockStorageArgs["volumeType"] }>>[]>;
  brokerPort?: pulumi.Input<number>;
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
  /** EventStreams: `host:port` of every broker, comma-separated. */
  declare readonly bootstrapServers: pulumi.Output<string>;
  /** EventStreams: the AKHQ console when akhqEnabled, else "". */
  declare readonly akhqUrl: pulumi.Output<string>;
  /** EventStreams: every instance (ZooKeeper, brokers, AKHQ) with its role, state and address. */
  declare readonly instances: pulumi.Output<any[]>;

  constructor(name: string, args: ClusterArgs | EventStreamsClusterArgs, opts?: pulumi.CustomResourceOptions) {
    super("scp:Cluster", name, args,
      ["serviceState", "softwareVersion", "virtualIpAddress", "endpoint", "connectionString", "isKernelPatchable", "instanceGroups", "blockStorageIds",
        ...(args.engine === "eventstreams" ? ["bootstrapServers", "akhqUrl", "instances"] : [])],
      ["databasePassword", "connectionString"], opts);
  }
}
