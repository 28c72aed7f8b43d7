// Public classes of the `acloud` namespace (Avisi Cloud Kubernetes, AME).

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions } from "../resource-class";

/**
 * An Avisi Cloud organisation and token, for the resources that name it in `account` (in the
 * spirit of an explicit provider instance; the stack config `acloud:*` stays the default). Values
 * may be secret Outputs (`config.requireSecret`); they are stored as secrets either way.
 */
export interface Account {
  /** Personal access token (like `acloud:token`). */
  token: pulumi.Input<string>;
  /** Organisation slug (like `acloud:organisation`). */
  organisation: pulumi.Input<string>;
  /** API base URL; left out: `acloud:endpoint` in stack config, else https://api.avisi.cloud. */
  endpoint?: pulumi.Input<string>;
}

/** Inputs every Avisi Cloud resource takes besides its own: the organisation, when not the stack's. */
export interface WithAccount {
  /**
   * The Avisi Cloud organisation this resource is managed in, instead of the `acloud:*` stack
   * config (README "Several accounts"). Stored in the state as a secret, in the inputs and the
   * outputs, so that refresh and destroy reach the same organisation without the program. A new
   * token for the same organisation updates the resource without calling the API; another
   * organisation replaces it.
   */
  account?: pulumi.Input<Account>;
}

export interface ClusterUpgradeArgs extends WithAccount {
  /** The cluster's identity (UUID). Set this, or environmentSlug + clusterSlug. Changing it replaces the resource. */
  clusterIdentity?: pulumi.Input<string>;
  /**
   * The cluster's environment slug (with clusterSlug), resolved to the cluster's identity. Changing
   * it replaces the resource.
   */
  environmentSlug?: pulumi.Input<string>;
  /**
   * The cluster's slug (with environmentSlug), resolved to the cluster's identity. Changing it
   * replaces the resource.
   */
  clusterSlug?: pulumi.Input<string>;
  /**
   * Target version, e.g. "v1.35.6-u-ame.4": one minor version at a time; no downgrade across minor
   * versions. Changed in place: `POST /api/v1/orgs/{org}/scheduled-cluster-upgrades`.
   */
  version: pulumi.Input<string>;
  /**
   * "now" ignores the maintenance schedule; "maintenanceWindow" takes the next window after
   * notBefore. Changed in place: `POST /api/v1/orgs/{org}/scheduled-cluster-upgrades`.
   */
  when: pulumi.Input<"now" | "maintenanceWindow">;
  /**
   * ISO 8601 date-time with a zone; only with when: "maintenanceWindow" (default: now). Changed in
   * place: `POST /api/v1/orgs/{org}/scheduled-cluster-upgrades`.
   */
  notBefore?: pulumi.Input<string>;
  /**
   * "completed" (default): until the cluster runs the version; "scheduled": until the window is
   * set. Changed in place: `GET /api/v1/orgs/{org}/scheduled-cluster-upgrades/{identity} (polls
   * only)`. Default: `"completed"`.
   */
  waitFor?: pulumi.Input<"completed" | "scheduled">;
  /**
   * Identity of an upgrade already scheduled, to take over instead of scheduling one. Used at
   * creation only: a later change is never sent.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * An AME (Avisi Cloud Kubernetes) cluster version upgrade, now or in the cluster's next
 * maintenance window, waited until it completes (or is scheduled). Credentials come from the stack
 * config (`acloud:token`, `acloud:organisation`) or the environment.
 *
 * ```ts
 * const upgrade = new dbaas.acloud.ClusterUpgrade("prod-1-35", {
 *   environmentSlug: "production",
 *   clusterSlug: "prod",
 *   version: "v1.35.6-u-ame.4",
 *   when: "maintenanceWindow",
 * });
 * export const window = upgrade.windowStart;
 * ```
 */
export class ClusterUpgrade extends DbaasResource {
  /** The cluster's identity, when declared. */
  declare readonly clusterIdentity: pulumi.Output<string | undefined>;
  /** The cluster's environment slug, when declared (or as the API reports it). */
  declare readonly environmentSlug: pulumi.Output<string | undefined>;
  /** The cluster's slug, when declared (or as the API reports it). */
  declare readonly clusterSlug: pulumi.Output<string | undefined>;
  /** The target version. */
  declare readonly version: pulumi.Output<string>;
  /** "now" or "maintenanceWindow". */
  declare readonly when: pulumi.Output<"now" | "maintenanceWindow">;
  /** The earliest start, for "maintenanceWindow", when declared. */
  declare readonly notBefore: pulumi.Output<string | undefined>;
  /** How far the upgrade has got ("completed" or "scheduled"). Default: `"completed"`. */
  declare readonly waitFor: pulumi.Output<"completed" | "scheduled">;
  /** The upgrade identity it was adopted from, when adopted. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** The scheduled upgrade's identity (the latest record, after a reschedule of a finished one). */
  declare readonly upgradeIdentity: pulumi.Output<string>;
  /** REQUESTED, SCHEDULED, SCHEDULED_NOTIFIED, IN_PROGRESS, SUCCEEDED, SUPERSEDED, FAILED or MISSED. */
  declare readonly status: pulumi.Output<string>;
  /** Start of the maintenance window the upgrade runs in, when scheduled in one. */
  declare readonly windowStart: pulumi.Output<string | undefined>;
  /** End of that window. */
  declare readonly windowEnd: pulumi.Output<string | undefined>;
  /** The version the cluster ran before the upgrade. */
  declare readonly fromVersion: pulumi.Output<string | undefined>;
  /** The version the upgrade goes to. */
  declare readonly toVersion: pulumi.Output<string>;
  /** Why the upgrade failed or was missed. */
  declare readonly reason: pulumi.Output<string | undefined>;
  /** The version the cluster reported at the last read. */
  declare readonly clusterVersion: pulumi.Output<string | undefined>;
  /** The cluster's identity, however it was declared. */
  declare readonly resolvedClusterIdentity: pulumi.Output<string>;
  /** The "from date" the API recorded for the schedule: `notBefore`, or the API's own now when none was declared. */
  declare readonly scheduleRequestDate: pulumi.Output<string | undefined>;

  /**
   * @param name the Pulumi resource name.
   * @param args the upgrade.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: ClusterUpgradeArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "acloud:ClusterUpgrade",
      name,
      args,
      [
        "upgradeIdentity",
        "status",
        "windowStart",
        "windowEnd",
        "fromVersion",
        "toVersion",
        "reason",
        "clusterVersion",
        "resolvedClusterIdentity",
        "scheduleRequestDate",
      ],
      [],
      opts,
    );
  }

  /**
   * Reads an existing scheduled upgrade by identity without managing it: Pulumi reads it on every
   * `up`, `preview` and `refresh`, and never changes or deletes it (`pulumi destroy` only forgets it).
   *
   * @param name the Pulumi resource name of the read object.
   * @param id the scheduled upgrade's identity (a UUID).
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ClusterUpgrade {
    return new ClusterUpgrade(name, undefined as unknown as ClusterUpgradeArgs, readOptions(id, opts));
  }

  /** True when `obj` is an acloud.ClusterUpgrade (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is ClusterUpgrade {
    return isResourceOf(obj, "acloud:ClusterUpgrade");
  }
}
