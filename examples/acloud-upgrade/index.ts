// Upgrades an Avisi Cloud (AME) cluster to `version`, either now or in its next maintenance window,
// and waits until the cluster runs it (or only until the window is set, with waitFor: "scheduled").
//
//   pulumi config set --secret acloud:token acpat_…
//   pulumi config set acloud:organisation my-org
//   pulumi config set version v1.35.6-u-ame.4
//   pulumi config set when maintenanceWindow        # or now (the default here)
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as dbaas from "pulumi-dbaas";

const config = new pulumi.Config();

const upgrade = new dbaas.acloud.ClusterUpgrade("prod-k8s", {
  environmentSlug: config.get("environment") ?? "production",
  clusterSlug: config.get("cluster") ?? "prod-k8s",
  version: config.require("version"),
  when: config.get("when") === "maintenanceWindow" ? "maintenanceWindow" : "now",
  notBefore: config.get("notBefore"),
  waitFor: config.get("waitFor") === "scheduled" ? "scheduled" : "completed",
});

export const upgradeIdentity = upgrade.upgradeIdentity;
export const status = upgrade.status;
export const windowStart = upgrade.windowStart;
export const windowEnd = upgrade.windowEnd;
export const fromVersion = upgrade.fromVersion;
export const toVersion = upgrade.toVersion;
export const clusterVersion = upgrade.clusterVersion;
export const reason = upgrade.reason;
