// The public class scp.BackupPolicy (scp:BackupPolicy): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/scp/generated/backup-policy.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const backupPolicyClass: PublicClass = {
  className: "BackupPolicy",
  // One setting, one owner: a cluster that declares `backup` and a policy for it are refused together.
  ownsInputOf: { kind: "scp:Cluster", input: "backup", by: "clusterId" },
  doc: [
    "A cluster's backup schedule (and PostgreSQL archive config), owned by this resource alone: the",
    "cluster must leave its own `backup` input out. Id `<clusterId>/backups`.",
    "",
    "```ts",
    'const policy = new dbaas.scp.BackupPolicy("orders-backup", {',
    "  clusterId: cluster.id,",
    "  retentionDays: 14,",
    "  startHour: 3,",
    "  archiveRetentionDays: 7,",
    "});",
    "```",
  ],
  argsParam: "the schedule; the cluster must not declare `backup` itself.",
  get: {
    doc: [
      "Reads an existing backup policy without managing it: Pulumi reads it on every `up`, `preview`",
      "and `refresh`, and never changes or deletes it (`pulumi destroy` only forgets it).",
    ],
    id: "`<clusterId>/backups` (a PostgreSQL cluster's; the engine is taken as PostgreSQL).",
  },
  inputs: {
    clusterId: "The cluster's id: `cluster.id` of an scp.Cluster that leaves `backup` out.",
    engine: 'The cluster\'s engine: "postgresql" or "cachestore".',
    retentionDays: "Days a backup is kept: 7–35.",
    startHour: "Hour the daily backup starts: 0–23.",
    archiveFrequencyMinutes: "PostgreSQL only: 5, 10, 30 or 60 (default 60).",
    archiveRetentionDays: "PostgreSQL only: keep archive logs 1–35 days; left out, archiving is off.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    engine: "The cluster's engine.",
    retentionDays: "Days a backup is kept, as the cluster reports it.",
    startHour: "Hour the daily backup starts, as the cluster reports it.",
    archiveFrequencyMinutes: "PostgreSQL only: minutes between archive log backups; undefined for CacheStore.",
    archiveRetentionDays: "PostgreSQL only: days archive logs are kept; undefined while archiving is off.",
  },
  computed: {},
};
