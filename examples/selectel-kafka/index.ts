// A Kafka cluster on Selectel Managed Databases: a producer and a consumer, two topics and the
// ACLs that connect them. Every knob is stack config.
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();

const cluster = new dbaas.selectel.Cluster("kafka", {
  engine: "kafka",
  version: config.get("version") ?? "3.5",
  name: config.get("clusterName") ?? "events",
  subnetId: config.get("subnetId") ?? "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
  flavor: config.getObject<{ vcpus: number; ram: number; disk: number }>("flavor") ?? { vcpus: 2, ram: 4096, disk: 64 },
  adopt: config.get("adopt"),
});

const producer = new dbaas.selectel.User("producer", {
  clusterId: cluster.id,
  name: "producer",
  password: config.requireSecret("producerPassword"),
});
const consumer = new dbaas.selectel.User("consumer", {
  clusterId: cluster.id,
  name: "consumer",
  password: config.requireSecret("consumerPassword"),
});

const orders = new dbaas.selectel.Topic("orders", {
  clusterId: cluster.id,
  name: config.get("ordersTopic") ?? "orders",
  partitions: config.getNumber("ordersPartitions") ?? 3,
});
new dbaas.selectel.Topic("audit", { clusterId: cluster.id, name: "audit", partitions: 1 });

new dbaas.selectel.Acl("producer-orders", {
  clusterId: cluster.id,
  userId: producer.id,
  patternType: "literal",
  pattern: orders.name,
  allowRead: false,
  allowWrite: true,
});
new dbaas.selectel.Acl("consumer-all", {
  clusterId: cluster.id,
  userId: consumer.id,
  patternType: config.get<"literal" | "prefixed" | "all">("consumerPatternType") ?? "prefixed",
  pattern: config.get("consumerPattern") ?? "ord",
  allowRead: true,
  allowWrite: config.getBoolean("consumerWrite") ?? false,
});

export const clusterId = cluster.id;
export const status = cluster.status;
export const connection = cluster.connection;
export const ordersPartitions = orders.partitions;
