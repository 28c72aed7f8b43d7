// The public class selectel.BackupPolicy (selectel:BackupPolicy): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/backup-policy.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const backupPolicyClass: PublicClass = {
  className: "BackupPolicy",
  doc: [
    "A cluster's backup retention, owned by this resource alone; deleting it sets the default (7",
    "days) back. Id `<clusterId>/backups`.",
    "",
    "```ts",
    'new dbaas.selectel.BackupPolicy("pg-backups", { clusterId: pg.id, retentionDays: 14 });',
    "```",
  ],
  argsParam: "the retention; the cluster leaves `backupRetentionDays` out.",
  get: {
    doc: ["Reads an existing backup retention by id without managing it: Pulumi never changes or deletes it."],
    id: "`<clusterId>/backups`.",
  },
  inputs: {
    clusterId: "The cluster's id (a cluster that leaves `backupRetentionDays` out).",
    retentionDays: "Days backups are kept: 1–35.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    retentionDays: "Days backups are kept.",
  },
  computed: {},
};
