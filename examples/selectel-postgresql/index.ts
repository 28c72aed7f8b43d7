// A PostgreSQL cluster on Selectel Managed Databases with its user, database, grant and extension.
// Every knob is stack config so the demo, the tests and a real account share this program.
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();
const flavorId = config.get("flavorId");

const cluster = new dbaas.selectel.Cluster("pg", {
  engine: "postgresql",
  version: config.get("version") ?? "16",
  name: config.get("clusterName") ?? "pg-main",
  subnetId: config.get("subnetId") ?? "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
  nodeCount: config.getNumber("nodeCount") ?? 1,
  flavorId,
  flavor: flavorId
    ? undefined
    : (config.getObject<{ vcpus: number; ram: number; disk: number }>("flavor") ?? { vcpus: 2, ram: 4096, disk: 32 }),
  config: config.getObject<Record<string, string | number | boolean | null>>("pgConfig") ?? { work_mem: 128 },
  firewall: config.getObject<string[]>("firewall") ?? ["10.0.0.5"],
  pooler: config.getObject<{ mode: "session" | "transaction" | "statement"; size: number }>("pooler"),
  deletionProtection: config.getBoolean("deletionProtection"),
  adopt: config.get("adopt"),
});

const user = new dbaas.selectel.User("app", {
  clusterId: cluster.id,
  name: "app",
  password: config.requireSecret("userPassword"),
});

const database = new dbaas.selectel.Database("orders", {
  clusterId: cluster.id,
  name: config.get("databaseName") ?? "orders",
  ownerId: user.id,
});

new dbaas.selectel.Grant("app-orders", { clusterId: cluster.id, databaseId: database.id, userId: user.id });

new dbaas.selectel.Extension("pgcrypto", { clusterId: cluster.id, databaseId: database.id, name: config.get("extension") ?? "pgcrypto" });

export const clusterId = cluster.id;
export const status = cluster.status;
export const nodeCount = cluster.nodeCount;
export const connection = cluster.connection;
export const userId = user.id;
export const databaseId = database.id;
