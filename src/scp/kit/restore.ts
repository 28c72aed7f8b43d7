// Create Restore Cluster, the same for every engine that has it (PostgreSQL, CacheStore): the
// `restoreFrom` input, the restore body, and the refusal of declared values the restored cluster
// cannot have (it takes them from its source), so the first preview after a restore is clean.

import { z } from "zod";
import { deepEqual } from "../../core/diff";
import { InputError } from "../../core/errors";
import { tsType } from "../../core/ts-type";
import type { ScpClient } from "../client";
import { scpId } from "../inputs";
import type { ClusterBase } from "../schemas";
import { findCluster, type ClusterShape, type ScpEngine } from "./cluster";
import type { KitInputs } from "./rows";
import { maintenanceOptionBody, tagsBody } from "./translate";

/** `restoreFrom`: a backup (or a point in time) of another cluster of the same engine; read at creation only. */
export const restoreFromSchema = tsType(
  z
    .object({
      clusterId: scpId("must be the id of the source cluster (32 hex characters)"),
      /** A `number` from listBackupHistories(). */
      backupHistoryNumber: z.string().min(1).optional(),
      /** A point in time instead of a backup, as the API takes it (e.g. "2026-11-20T09:00:00"). */
      recoveryTime: z.string().min(1).optional(),
    })
    .strict()
    .refine((r) => (r.backupHistoryNumber === undefined) !== (r.recoveryTime === undefined), {
      message: "needs exactly one of backupHistoryNumber (from listBackupHistories()) and recoveryTime",
    }),
  { input: "RestoreFromArgs", output: "RestoreFrom" },
);

export type RestoreFrom = z.infer<typeof restoreFromSchema>;

export const restoreFromRow = {
  key: "restoreFrom",
  apply: { ignore: true },
  doc: "read at creation only (Create Restore Cluster)",
} as const;

/** `POST /v1/clusters/{cluster_id}/restore` body (the same fields in both documents). */
export function restoreBody(inputs: KitInputs & { restoreFrom?: RestoreFrom }) {
  const from = inputs.restoreFrom!;
  return {
    allowable_ip_addresses: inputs.allowedIps,
    ...(from.backupHistoryNumber ? { backup_history_number: from.backupHistoryNumber } : {}),
    ...(from.recoveryTime ? { backup_recovery_time: from.recoveryTime } : {}),
    block_storage_groups: inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType })),
    instance_name_prefix: (inputs as { instanceNamePrefix?: string }).instanceNamePrefix ?? "",
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    name: inputs.name,
    server_type_name: inputs.serverType,
    tags: tagsBody(inputs.tags),
  };
}

/** What every restored cluster takes from its source; an engine adds its own (ports, database). */
export function takenFromAnySource(source: z.infer<typeof ClusterBase> & { ha_enabled?: boolean | null }) {
  return {
    subnetId: source.subnet_id,
    engineVersion: source.software_version,
    haEnabled: source.ha_enabled ?? false,
    natEnabled: source.nat_enabled ?? false,
    timezone: source.timezone,
  };
}

/**
 * The restore request, after reading the source: `fromSource` lists what the restored cluster takes
 * from it (as inputs); a declared value that differs is refused before the POST.
 */
export async function restoreRequest<C extends ClusterShape, I extends KitInputs & { restoreFrom?: RestoreFrom }>(
  api: ScpClient,
  engine: ScpEngine<C>,
  inputs: I,
  fromSource: (source: C) => Partial<Record<keyof I, unknown>>,
) {
  const from = inputs.restoreFrom!;
  const source = await findCluster(api, engine, from.clusterId);
  if (!source) throw new InputError("restoreFrom.clusterId", `cluster ${from.clusterId} does not exist`);
  const differences = Object.entries(fromSource(source))
    .filter(([k, v]) => !deepEqual(v, inputs[k as keyof I]))
    .map(([k, v]) => `${k}: source ${JSON.stringify(v)}, declared ${JSON.stringify(inputs[k as keyof I])}`);
  if (differences.length > 0) {
    throw new InputError(
      "restoreFrom",
      `a restored cluster takes these from its source; declare them as the source has them:\n  ${differences.join("\n  ")}`,
    );
  }
  return { endpoint: "POST /v1/clusters/{cluster_id}/restore", params: { cluster_id: from.clusterId }, body: restoreBody(inputs) };
}
