// A PostgreSQL cluster on Samsung Cloud Platform. Every knob is stack config so the same program
// serves the demo, the end-to-end tests and a real account:
//   pulumi config set --secret scp:accessKey <access key>     # credentials always with --secret:
//   pulumi config set --secret scp:secretKey <secret key>     # the engine stores plain config in clear
//   pulumi config set --secret databasePassword <password>
//   pulumi config set serverType db1v4m8
//   pulumi config set --path 'allowedIps[0]' 10.0.0.0/24
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();

const cluster = new dbaas.scp.Cluster("orders", {
  engine: "postgresql",
  name: config.get("clusterName") ?? "orders",
  engineVersion: config.get("engineVersion") ?? "16.4",
  subnetId: config.get("subnetId") ?? "subnet-a",
  serverType: config.get("serverType") ?? "db1v2m4",
  instanceNamePrefix: config.get("instanceNamePrefix") ?? "orders",
  blockStorages: config.getObject<dbaas.scp.BlockStorageArgs[]>("blockStorages") ?? [{ roleType: "DATA", sizeGb: 104 }],
  haEnabled: config.getBoolean("haEnabled") ?? false,
  allowedIps: config.getObject<string[]>("allowedIps") ?? ["10.0.0.0/24"],
  maintenance: config.getObject<dbaas.scp.MaintenanceArgs>("maintenance"),
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: config.requireSecret("databasePassword"),
  backup: config.getObject<dbaas.scp.BackupArgs>("backup"),
  parameters: config.getObject<Record<string, string | number | boolean>>("parameters"),
  auditLog: config.getBoolean("auditLog"),
  running: config.getBoolean("running"),
  adopt: config.get("adopt"),
});

export const clusterId = cluster.id;
export const serviceState = cluster.serviceState;
export const serverType = cluster.serverType;
export const endpoint = cluster.endpoint;
export const softwareVersion = cluster.softwareVersion;
export const connectionString = cluster.connectionString;
