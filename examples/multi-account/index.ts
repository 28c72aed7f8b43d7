// Two SCP accounts and two Selectel projects from one program: each resource names its account in
// `account` (README "Several accounts"). Each account is one secret config object, e.g.
//   pulumi config set --secret --path scpProd.accessKey <access key>
//   pulumi config set --secret --path scpProd.secretKey <secret key>
//   pulumi config set --secret --path scpProd.accountId <account id>
//   pulumi config set --secret --path selectelProd.password <password>   (and username, accountId, projectId)
// Region and endpoints an account leaves out come from stack config (scp:region, selectel:authUrl, …).
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();

const scp: Record<string, pulumi.Output<dbaas.scp.Account>> = {
  prod: config.requireSecretObject<dbaas.scp.Account>("scpProd"),
  staging: config.requireSecretObject<dbaas.scp.Account>("scpStaging"),
};
const selectel: Record<string, pulumi.Output<dbaas.selectel.Account>> = {
  prod: config.requireSecretObject<dbaas.selectel.Account>("selectelProd"),
  staging: config.requireSecretObject<dbaas.selectel.Account>("selectelStaging"),
};

const scpIds: Record<string, pulumi.Output<string>> = {};
for (const [env, account] of Object.entries(scp)) {
  const cluster = new dbaas.scp.Cluster(`orders-${env}`, {
    account,
    engine: "postgresql",
    engineVersion: "16.4",
    subnetId: config.get("subnetId") ?? "subnet-a",
    serverType: "db1v2m4",
    instanceNamePrefix: `orders${env}`,
    blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
    databaseName: "orders",
    databaseUserName: "app",
    databasePassword: config.requireSecret("databasePassword"),
  });
  scpIds[env] = cluster.id;
}

const selectelIds: Record<string, pulumi.Output<string>> = {};
for (const [env, account] of Object.entries(selectel)) {
  const cluster = new dbaas.selectel.Cluster(`pg-${env}`, {
    account,
    engine: "postgresql",
    version: "16",
    subnetId: config.get("selectelSubnetId") ?? "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
    flavor: { vcpus: 2, ram: 4096, disk: 32 },
  });
  // A child names the same account as its cluster: it lives in the same project.
  new dbaas.selectel.User(`app-${env}`, { account, clusterId: cluster.id, name: "app", password: config.requireSecret("userPassword") });
  selectelIds[env] = cluster.id;
}

export const scpClusters = scpIds;
export const selectelClusters = selectelIds;

// Reading a cluster without managing it, in the account it lives in: `get` takes the account too.
const readStagingCluster = config.get("readStagingCluster");
export const readStagingName = readStagingCluster
  ? dbaas.scp.Cluster.get("read-staging", readStagingCluster, undefined, scp.staging).name
  : undefined;
