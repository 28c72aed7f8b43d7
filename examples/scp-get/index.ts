// Reads a cluster and its backup policy that another program manages, by id, without managing
// them: Pulumi reads both on every up, preview and refresh, never changes them, and `pulumi
// destroy` of this stack only forgets them.
//   pulumi config set --secret scp:accessKey <access key>
//   pulumi config set --secret scp:secretKey <secret key>
//   pulumi config set clusterId <the cluster's id>
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();
const clusterId = config.require("clusterId");

const shared = dbaas.scp.Cluster.get("shared", clusterId);
const policy = dbaas.scp.BackupPolicy.get("shared-backups", `${clusterId}/backups`);

export const engine = shared.engine;
export const endpoint = shared.endpoint;
export const timezone = shared.timezone;
export const serverType = shared.serverType;
export const dataGroup = shared.instanceGroups.apply((groups) => groups.map((g) => `${g.roleType}:${g.serverType}`));
export const retentionDays = policy.retentionDays;
export const isCluster = dbaas.scp.Cluster.isInstance(shared) && !dbaas.scp.Cluster.isInstance(policy);
