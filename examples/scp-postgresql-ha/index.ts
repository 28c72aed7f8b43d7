// A PostgreSQL cluster on Samsung Cloud Platform with a read replica in its region, a disaster-
// recovery replica in another region, its backup policy and the export of its slow-query log.
// Every knob is stack config so the same program serves the end-to-end tests and a real account:
//   pulumi config set --secret scp:accessKey <access key>     # credentials always with --secret
//   pulumi config set --secret scp:secretKey <secret key>
//   pulumi config set --secret databasePassword <password>
//   pulumi config set --secret logAccessKey <object storage access key>
//   pulumi config set --secret logSecretKey <object storage secret key>
//   pulumi config set drRegion kr-east1
//   pulumi config set drSubnetId <a subnet of kr-east1>
//   pulumi config set promoteDr true                          # promote the DR replica (cannot be undone)
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();
const replicaStorage = [{ roleType: "DATA" as const, sizeGb: config.getNumber("replicaSizeGb") ?? 104 }];

const cluster = new dbaas.scp.Cluster("orders", {
  engine: "postgresql",
  name: config.get("clusterName") ?? "orders",
  engineVersion: config.get("engineVersion") ?? "16.4",
  subnetId: config.get("subnetId") ?? "subnet-a",
  serverType: config.get("serverType") ?? "db1v2m4",
  instanceNamePrefix: "orders",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  haEnabled: true,
  allowedIps: ["10.0.0.0/24"],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: config.requireSecret("databasePassword"),
  // No `backup` here: the BackupPolicy below owns the schedule (one setting, one owner).
});

// `sourceClusterId: cluster.id` orders creation after, and deletion before, the source.
const readReplica = new dbaas.scp.Replica("orders-ro", {
  sourceClusterId: cluster.id,
  name: "orders-ro",
  serverType: config.get("readReplicaServerType") ?? "db1v2m4",
  blockStorages: replicaStorage,
  allowedIps: config.getObject<string[]>("readReplicaAllowedIps") ?? ["10.0.0.0/24"],
});

const drReplica = new dbaas.scp.Replica("orders-dr", {
  sourceClusterId: cluster.id,
  region: config.get("drRegion") ?? "kr-east1",
  subnetId: config.get("drSubnetId") ?? "subnet-east",
  name: "orders-dr",
  serverType: config.get("drServerType") ?? "db1v2m4",
  blockStorages: replicaStorage,
  allowedIps: ["10.0.0.0/24"],
  maintenance: config.getObject<dbaas.scp.MaintenanceArgs>("drMaintenance"),
  promoted: config.getBoolean("promoteDr") ?? false,
});

new dbaas.scp.BackupPolicy("orders-backup", {
  clusterId: cluster.id,
  retentionDays: config.getNumber("backupRetentionDays") ?? 7,
  startHour: 2,
});

new dbaas.scp.LogExportConfig("orders-slow-log", {
  clusterId: cluster.id,
  logType: "slow",
  bucketName: "orders-logs",
  accessKey: config.requireSecret("logAccessKey"),
  secretKey: config.requireSecret("logSecretKey"),
  schedule: { frequency: "WEEK", dayOfWeek: "SUN", hour: config.getNumber("logExportHour") ?? 3 },
});

export const clusterId = cluster.id;
export const clusterEndpoint = cluster.endpoint;
export const readReplicaId = readReplica.id;
export const readReplicaEndpoint = readReplica.endpoint;
export const readReplicaRole = readReplica.roleType;
export const drReplicaId = drReplica.id;
export const drReplicaEndpoint = drReplica.endpoint;
export const drReplicaRole = drReplica.roleType;
export const drFollows = drReplica.followingClusterId;
