// scp.BackupPolicy: a PostgreSQL or CacheStore cluster's backup schedule (and PostgreSQL's archive
// config) as its own resource. One setting, one owner: a cluster managed by a policy leaves its own
// `backup` input out (the kit's row then never diffs it); the resource class refuses a program that
// declares both (see index.ts).

import { z } from "zod";
import { cachestore } from "./cachestore/engine";
import { scpId } from "./inputs";
import type { ClusterShape, ScpEngine } from "./kit/cluster";
import { callEndpoint } from "./kit/endpoints";
import { backupScheduleShape } from "./kit/rows";
import { defineClusterSetting, type SettingCall } from "./kit/setting";
import { backupFromApi } from "./kit/translate";
import { postgresql } from "./postgresql/engine";

const ARCHIVE_FREQUENCIES = [5, 10, 30, 60] as const;

export const BackupPolicyInputs = z
  .object({
    clusterId: scpId("must be the id of an scp.Cluster (32 hex characters)"),
    engine: z.enum(["postgresql", "cachestore"], { message: 'must be "postgresql" or "cachestore"' }).default("postgresql"),
    ...backupScheduleShape,
    /** PostgreSQL only: how often WAL is archived (the API's `archive_frequency_minute`). */
    archiveFrequencyMinutes: z
      .union(ARCHIVE_FREQUENCIES.map((n) => z.literal(n)) as [z.ZodLiteral<5>, z.ZodLiteral<10>, z.ZodLiteral<30>, z.ZodLiteral<60>], {
        message: "must be one of 5, 10, 30, 60",
      })
      .optional(),
    /** PostgreSQL only: keep archive logs this many days (`PUT …/archive`); left out, archiving is off. */
    archiveRetentionDays: z.number().int().min(1, "must be between 1 and 35").max(35, "must be between 1 and 35").optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.engine !== "cachestore") return;
    for (const key of ["archiveFrequencyMinutes", "archiveRetentionDays"] as const) {
      if (i[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "CacheStore has no archive: PostgreSQL only" });
    }
  })
  .transform((i) => (i.engine === "postgresql" ? { ...i, archiveFrequencyMinutes: i.archiveFrequencyMinutes ?? 60 } : i));

export type BackupPolicyInputs = z.infer<typeof BackupPolicyInputs>;

const engines: Record<string, ScpEngine<any>> = { postgresql, cachestore };
/** The engines whose clusters have a backup schedule (`engine` input), in the order a look-up by id tries them. */
export const BACKUP_POLICY_ENGINES = Object.keys(engines);
const isPostgresql = (i: Partial<BackupPolicyInputs>) => (i.engine ?? "postgresql") === "postgresql";

const SET = "POST /v1/clusters/{cluster_id}/backups";
const UNSET = "DELETE /v1/clusters/{cluster_id}/backups";
const ARCHIVE = "PUT /v1/clusters/{cluster_id}/archive";

const scheduleBody = (i: BackupPolicyInputs) => ({
  ...(isPostgresql(i) ? { archive_frequency_minute: String(i.archiveFrequencyMinutes) } : {}),
  retention_period_day: String(i.retentionDays),
  starting_time_hour: String(i.startHour),
});

const archiveBody = (i: Partial<BackupPolicyInputs>) =>
  i.archiveRetentionDays !== undefined
    ? { archive_enabled: true, retention_period_day: i.archiveRetentionDays }
    : { archive_enabled: false };

const params = (clusterId: string) => ({ cluster_id: clusterId });

export const backupPolicyDefinition = defineClusterSetting<BackupPolicyInputs>({
  kind: "scp:BackupPolicy",
  schema: BackupPolicyInputs,
  fields: [
    { key: "engine", apply: { replace: true } },
    { key: "retentionDays", apply: { mutation: "schedule" } },
    { key: "startHour", apply: { mutation: "schedule" } },
    { key: "archiveFrequencyMinutes", apply: { mutation: "schedule" }, doc: "PostgreSQL only (default 60)" },
    {
      key: "archiveRetentionDays",
      apply: { mutation: "archive" },
      doc: "PostgreSQL only; left out, archiving is off (`archive_enabled: false`)",
    },
  ],
  idSegment: () => "backups",
  // Its create only overwrites the schedule: one already as declared needs no call (adoption).
  createSkipsWhenShown: true,
  engineOf: (i) => engines[i.engine ?? "postgresql"],
  async read(api, engine, previous, cluster) {
    const c = cluster as ClusterShape & { init_config_option?: { backup_option?: Parameters<typeof backupFromApi>[0] } };
    const backup = backupFromApi(c.init_config_option?.backup_option);
    if (!backup) return undefined; // unset outside Pulumi: the policy is gone
    if (!isPostgresql(previous))
      return { clusterId: previous.clusterId, engine: "cachestore", retentionDays: backup.retentionDays, startHour: backup.startHour };
    const archive = (await callEndpoint(api, engine.endpoints, "GET /v1/clusters/{cluster_id}/archive", {
      params: params(previous.clusterId),
    })) as { archive_enabled: boolean; retention_period_day?: number | null };
    return {
      clusterId: previous.clusterId,
      engine: "postgresql",
      retentionDays: backup.retentionDays,
      startHour: backup.startHour,
      archiveFrequencyMinutes: Number(backup.archiveFrequencyMinute ?? 60) as 5 | 10 | 30 | 60,
      ...(archive.archive_enabled && archive.retention_period_day ? { archiveRetentionDays: archive.retention_period_day } : {}),
    };
  },
  steps: [
    {
      name: "schedule",
      endpoint: SET,
      calls: (id, _live, d): SettingCall[] => [{ endpoint: SET, params: params(id), body: scheduleBody(d), operation: "backup schedule" }],
    },
    {
      name: "archive",
      endpoint: ARCHIVE,
      // A new policy without archive retention leaves archiving as the cluster has it (off by default).
      calls: (id, live, d): SettingCall[] =>
        !isPostgresql(d) || (!live && d.archiveRetentionDays === undefined)
          ? []
          : [{ endpoint: ARCHIVE, params: params(id), body: archiveBody(d), operation: "archive config" }],
    },
  ],
  unsetEndpoint: `${UNSET}; ${ARCHIVE}`,
  unset: (id, outs) => [
    { endpoint: UNSET, params: params(id), operation: "unset backup" },
    ...(isPostgresql(outs) && outs.archiveRetentionDays !== undefined
      ? [{ endpoint: ARCHIVE, params: params(id), body: archiveBody({}), operation: "archive off" }]
      : []),
  ],
});
