// The `scp` namespace (Samsung Cloud Platform DBaaS): the actions (listBackupHistories, exportLog),
// and the classes, their Args interfaces and the named types, re-exported.

import * as pulumi from "@pulumi/pulumi";
import type { BackupHistory } from "./types";

export * from "./types";
export { Cluster } from "./cluster-class";
export * from "./cluster-args";
export { Replica, type ReplicaArgs } from "./replica-class";
export {
  BackupPolicy,
  LogExportConfig,
  type BackupPolicyArgs,
  type LogExportConfigArgs,
  type LogExportScheduleArgs,
} from "./setting-classes";

/**
 * The backups of a CacheStore or PostgreSQL cluster (`List Backup Histories`), for `restoreFrom`;
 * `engine` picks the service (CacheStore by default, as before PostgreSQL had restore). Credentials
 * come from the stack config (`scp:*`) or the environment, as for the provider.
 */
export async function listBackupHistories(clusterId: string, engine: "postgresql" | "cachestore" = "cachestore"): Promise<BackupHistory[]> {
  // Loaded on use: declaring resources needs none of the API code.
  const { listBackupHistories: listHistories } = await import("./cachestore/backups");
  return listHistories(clusterId, programConfig, engine);
}

/** The stack's `scp:*` config inside a Pulumi program; the environment variables apply outside one. */
function programConfig(key: string): string | undefined {
  const [namespace, name] = key.split(":");
  try {
    return new pulumi.Config(namespace).get(name);
  } catch {
    return undefined;
  }
}

/**
 * Export Log: exports a registered log type now, outside its schedule (an action, not a resource).
 * Credentials as for listBackupHistories.
 */
export async function exportLog(clusterId: string, logType: "alert" | "audit" | "slow"): Promise<void> {
  const { exportLogNow } = await import("./log-export");
  return exportLogNow(clusterId, logType, programConfig);
}
