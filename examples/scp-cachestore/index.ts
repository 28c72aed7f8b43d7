// A CacheStore (Redis with Sentinel) cluster on Samsung Cloud Platform. Every knob is stack config
// so the same program serves the end-to-end tests and a real account:
//   pulumi config set --secret scp:accessKey <access key>     # credentials always with --secret:
//   pulumi config set --secret scp:secretKey <secret key>     # the engine stores plain config in clear
//   pulumi config set --secret databasePassword <password>
//   pulumi config set serverType redis1v4m16
//   pulumi config set replicaCount 2                          # set at creation: a change replaces
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();

const cache = new dbaas.scp.Cluster("sessions", {
  engine: "cachestore",
  name: config.get("clusterName") ?? "sessions",
  engineVersion: config.get("engineVersion") ?? "7.2.4",
  subnetId: config.get("subnetId") ?? "subnet-a",
  serverType: config.get("serverType") ?? "redis1v2m4",
  instanceNamePrefix: config.get("instanceNamePrefix") ?? "sessions",
  blockStorages: config.getObject<dbaas.scp.CacheStoreBlockStorageArgs[]>("blockStorages") ?? [{ roleType: "DATA", sizeGb: 64 }],
  haEnabled: config.getBoolean("haEnabled") ?? true,
  replicaCount: config.getNumber("replicaCount") ?? 1,
  allowedIps: config.getObject<string[]>("allowedIps") ?? ["10.0.0.0/24"],
  maintenance: config.getObject<dbaas.scp.MaintenanceArgs>("maintenance"),
  databasePassword: config.requireSecret("databasePassword"),
  backup: config.getObject<dbaas.scp.CacheStoreBackupArgs>("backup"),
  parameters: config.getObject<Record<string, string | number | boolean>>("parameters"),
  commands: config.getObject<Record<string, string>>("commands"),
  running: config.getBoolean("running"),
  restoreFrom: config.getObject<dbaas.scp.RestoreFromArgs>("restoreFrom"),
  adopt: config.get("adopt"),
});

export const clusterId = cache.id;
export const serviceState = cache.serviceState;
export const serverType = cache.serverType;
export const endpoint = cache.endpoint;
export const sentinelEndpoint = cache.sentinelEndpoint;
export const instances = cache.instances;
export const softwareVersion = cache.softwareVersion;
export const connectionString = cache.connectionString;
