// An EventStreams (Kafka) cluster on Samsung Cloud Platform. Every knob is stack config so the same
// program serves the end-to-end tests and a real account:
//   pulumi config set --secret scp:accessKey <access key>     # credentials always with --secret:
//   pulumi config set --secret scp:secretKey <secret key>     # the engine stores plain config in clear
//   pulumi config set --secret brokerSaslPassword <password>
//   pulumi config set --secret zookeeperSaslPassword <password>
//   pulumi config set brokerCount 4                            # brokers can be added, never removed
//   pulumi config set --path 'allowedIps[0]' 10.0.0.0/24
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();
const akhqEnabled = config.getBoolean("akhqEnabled") ?? false;

const cluster = new dbaas.scp.Cluster("events", {
  engine: "eventstreams",
  name: config.get("clusterName") ?? "events",
  engineVersion: config.get("engineVersion") ?? "3.7.1",
  subnetId: config.get("subnetId") ?? "subnet-a",
  serverType: config.get("serverType") ?? "kafka1v2m4",
  instanceNamePrefix: config.get("instanceNamePrefix") ?? "events",
  isCombined: config.getBoolean("isCombined") ?? false,
  brokerCount: config.getNumber("brokerCount") ?? 3,
  blockStorages: config.getObject<{ sizeGb: number; volumeType?: "SSD" | "SSD_KMS" | "HDD" | "HDD_KMS" }[]>("blockStorages") ?? [
    { sizeGb: 104 },
  ],
  brokerSaslId: "kafka",
  brokerSaslPassword: config.requireSecret("brokerSaslPassword"),
  zookeeperSaslId: "zookeeper",
  zookeeperSaslPassword: config.requireSecret("zookeeperSaslPassword"),
  akhqEnabled,
  akhqId: akhqEnabled ? "admin" : undefined,
  akhqPassword: akhqEnabled ? config.requireSecret("akhqPassword") : undefined,
  allowedIps: config.getObject<string[]>("allowedIps") ?? ["10.0.0.0/24"],
  maintenance: config.getObject("maintenance"),
  running: config.getBoolean("running"),
  adopt: config.get("adopt"),
});

export const clusterId = cluster.id;
export const serviceState = cluster.serviceState;
export const serverType = cluster.serverType;
export const softwareVersion = cluster.softwareVersion;
export const bootstrapServers = cluster.bootstrapServers;
export const akhqUrl = cluster.akhqUrl;
export const instances = cluster.instances;
