// A PostgreSQL cluster whose backup schedule belongs to an scp.BackupPolicy (one setting, one
// owner: the cluster leaves `backup` out) and whose slow log is exported to object storage:
//   pulumi config set --secret scp:accessKey <access key>
//   pulumi config set --secret scp:secretKey <secret key>
//   pulumi config set --secret databasePassword <password>
//   pulumi config set --secret objAccessKey <object storage access key>
//   pulumi config set --secret objSecretKey <object storage secret key>
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();

const cluster = new dbaas.scp.Cluster("ledger", {
  engine: "postgresql",
  name: config.get("clusterName") ?? "ledger",
  engineVersion: config.get("engineVersion") ?? "16.4",
  subnetId: config.get("subnetId") ?? "subnet-a",
  serverType: config.get("serverType") ?? "db1v2m4",
  instanceNamePrefix: "ledger",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  databaseName: "ledger",
  databaseUserName: "app",
  databasePassword: config.requireSecret("databasePassword"),
  // Only to show the refusal: a cluster that declares `backup` cannot also have a policy.
  backup: config.getObject<dbaas.scp.BackupArgs>("clusterBackup"),
});

const policy = new dbaas.scp.BackupPolicy("ledger-backups", {
  clusterId: cluster.id,
  retentionDays: config.getNumber("retentionDays") ?? 14,
  startHour: 3,
  archiveRetentionDays: config.getNumber("archiveRetentionDays"),
});

const slowLog = new dbaas.scp.LogExportConfig("ledger-slow-log", {
  clusterId: cluster.id,
  logType: "slow",
  bucketName: config.get("bucketName") ?? "ledger-logs",
  accessKey: config.requireSecret("objAccessKey"),
  secretKey: config.requireSecret("objSecretKey"),
  schedule: config.getObject<dbaas.scp.LogExportScheduleArgs>("logSchedule") ?? { frequency: "WEEK", dayOfWeek: "SUN", hour: 2 },
});

export const clusterId = cluster.id;
export const policyId = policy.id;
export const slowLogId = slowLog.id;
