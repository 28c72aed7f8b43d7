// Public classes of the `selectel` namespace for one datastore setting each: selectel.LogExportConfig
// and selectel.BackupPolicy (re-exported by index.ts).

import type * as pulumi from "@pulumi/pulumi";
import { DbaasResource, isResourceOf, readOptions } from "../resource-class";
import type { WithAccount } from "./types";

export interface LogExportConfigArgs extends WithAccount {
  /** The cluster's id. Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /**
   * A log platform group such as "s/dbaas/my-group". Changed in place: `PUT
   * /datastores/{id}/log-platform`, `DELETE /datastores/{id}/log-platform`.
   */
  logGroup: pulumi.Input<string>;
}

/**
 * Sends a cluster's logs to a log platform group; owned by this resource alone. Id `<clusterId>/log-platform`.
 *
 * ```ts
 * new dbaas.selectel.LogExportConfig("pg-logs", { clusterId: pg.id, logGroup: "s/dbaas/main" });
 * ```
 */
export class LogExportConfig extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The log platform group. */
  declare readonly logGroup: pulumi.Output<string>;
  constructor(name: string, args: LogExportConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:LogExportConfig", name, args, [], [], opts);
  }

  /**
   * Reads an existing log export by id without managing it: Pulumi never changes or deletes it.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id `<clusterId>/log-platform`.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): LogExportConfig {
    return new LogExportConfig(name, undefined as unknown as LogExportConfigArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.LogExportConfig (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is LogExportConfig {
    return isResourceOf(obj, "selectel:LogExportConfig");
  }
}

export interface BackupPolicyArgs extends WithAccount {
  /** The cluster's id (a cluster that leaves `backupRetentionDays` out). Changing it replaces the resource. */
  clusterId: pulumi.Input<string>;
  /** Days backups are kept: 1–35. Changed in place: `PUT /datastores/{id}/backups`. */
  retentionDays: pulumi.Input<number>;
}

/**
 * A cluster's backup retention, owned by this resource alone; deleting it sets the default (7
 * days) back. Id `<clusterId>/backups`.
 *
 * ```ts
 * new dbaas.selectel.BackupPolicy("pg-backups", { clusterId: pg.id, retentionDays: 14 });
 * ```
 */
export class BackupPolicy extends DbaasResource {
  /** The cluster's id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** Days backups are kept. */
  declare readonly retentionDays: pulumi.Output<number>;
  constructor(name: string, args: BackupPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:BackupPolicy", name, args, [], [], opts);
  }

  /**
   * Reads an existing backup retention by id without managing it: Pulumi never changes or deletes it.
   *
   * @param name the Pulumi resource name of the read object.
   * @param id `<clusterId>/backups`.
   * @param opts Pulumi resource options (`id` is set from `id`).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): BackupPolicy {
    return new BackupPolicy(name, undefined as unknown as BackupPolicyArgs, readOptions(id, opts));
  }

  /** True when `obj` is a selectel.BackupPolicy (not merely another resource of this package). */
  static override isInstance(obj: unknown): obj is BackupPolicy {
    return isResourceOf(obj, "selectel:BackupPolicy");
  }
}
