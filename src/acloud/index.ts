// Public classes of the `acloud` namespace (Avisi Cloud Kubernetes, AME).

import * as pulumi from "@pulumi/pulumi";
import { DbaasResource } from "../resource-class";

export interface ClusterUpgradeArgs {
  /** The cluster's identity (UUID). Set this, or environmentSlug + clusterSlug. */
  clusterIdentity?: pulumi.Input<string>;
  /** The cluster's environment slug (with clusterSlug), resolved to the cluster's identity. */
  environmentSlug?: pulumi.Input<string>;
  clusterSlug?: pulumi.Input<string>;
  /** Target version, e.g. "v1.35.6-u-ame.4": one minor version at a time; no downgrade across minor versions. */
  version: pulumi.Input<string>;
  /** "now" ignores the maintenance schedule; "maintenanceWindow" takes the next window after notBefore. */
  when: pulumi.Input<"now" | "maintenanceWindow">;
  /** ISO 8601 date-time with a zone; only with when: "maintenanceWindow" (default: now). */
  notBefore?: pulumi.Input<string>;
  /** "completed" (default): until the cluster runs the version; "scheduled": until the window is set. */
  waitFor?: pulumi.Input<"completed" | "scheduled">;
  /** Identity of an upgrade already scheduled, to take over instead of scheduling one. */
  adopt?: pulumi.Input<string>;
}

export class ClusterUpgrade extends DbaasResource {
  declare readonly version: pulumi.Output<string>;
  declare readonly when: pulumi.Output<string>;
  declare readonly waitFor: pulumi.Output<string>;
  /** The scheduled upgrade's identity (the latest record, after a reschedule of a finished one). */
  declare readonly upgradeIdentity: pulumi.Output<string>;
  /** REQUESTED, SCHEDULED, SCHEDULED_NOTIFIED, IN_PROGRESS, SUCCEEDED, SUPERSEDED, FAILED or MISSED. */
  declare readonly status: pulumi.Output<string>;
  declare readonly windowStart: pulumi.Output<string | undefined>;
  declare readonly windowEnd: pulumi.Output<string | undefined>;
  declare readonly fromVersion: pulumi.Output<string | undefined>;
  declare readonly toVersion: pulumi.Output<string>;
  declare readonly reason: pulumi.Output<string | undefined>;
  /** The version the cluster reported at the last read. */
  declare readonly clusterVersion: pulumi.Output<string | undefined>;
  declare readonly resolvedClusterIdentity: pulumi.Output<string>;

  constructor(name: string, args: ClusterUpgradeArgs, opts?: pulumi.CustomResourceOptions) {
    super("acloud:ClusterUpgrade", name, args,
      ["upgradeIdentity", "status", "windowStart", "windowEnd", "fromVersion", "toVersion", "reason", "clusterVersion", "resolvedClusterIdentity"],
      [], opts);
  }
}
