// scp.LogExportConfig: the export of one PostgreSQL log type (alert, audit, slow) to an object
// storage bucket on a schedule, one resource per cluster and log type. The object-storage keys are
// secrets (marked in the field table): the API never returns them, so they come from the state.

import { z } from "zod";
import type { Context } from "../core/resource";
import { tsType } from "../core/ts-type";
import { ScpClient } from "./client";
import { SCP_ID, scpId } from "./inputs";
import { waitAccepted } from "./kit/cluster";
import { callEndpoint, sendMutation } from "./kit/endpoints";
import { defineClusterSetting, type SettingCall } from "./kit/setting";
import { postgresql } from "./postgresql/engine";
import type { LogExportConfigList } from "./postgresql/endpoints";

export const LOG_TYPES = ["alert", "audit", "slow"] as const;
export const DAYS_OF_WEEK = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;

/**
 * When the export runs. `DAY`: every day at `hour`; `WEEK`: on `dayOfWeek`; `MONTH`: on
 * `dayOfMonth` (1–31, or -1 for the last day). A day that does not belong to the frequency is refused
 * rather than silently dropped.
 */
export const Schedule = tsType(
  z
    .object({
      frequency: z.enum(["DAY", "WEEK", "MONTH"], { message: "must be DAY, WEEK or MONTH" }),
      hour: z.number().int().min(0, "must be between 0 and 23").max(23, "must be between 0 and 23"),
      dayOfWeek: z.enum(DAYS_OF_WEEK, { message: "must be one of MON … SUN" }).optional(),
      dayOfMonth: z
        .number()
        .int()
        .refine((d) => d === -1 || (d >= 1 && d <= 31), "must be 1–31, or -1 for the last day of the month")
        .optional(),
    })
    .strict()
    .superRefine((s, ctx) => {
      const need = (key: "dayOfWeek" | "dayOfMonth", wanted: boolean, why: string) => {
        if (wanted && s[key] === undefined)
          ctx.addIssue({ code: "custom", path: [key], message: `is required with frequency ${s.frequency}` });
        if (!wanted && s[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `only applies with frequency ${why}` });
      };
      need("dayOfWeek", s.frequency === "WEEK", "WEEK");
      need("dayOfMonth", s.frequency === "MONTH", "MONTH");
    }),
  { input: "LogExportScheduleArgs", output: "LogExportSchedule" },
);

export const LogExportInputs = z
  .object({
    clusterId: scpId("must be the id of an scp.Cluster with engine postgresql (32 hex characters)"),
    logType: z.enum(LOG_TYPES, { message: "must be alert, audit or slow" }),
    bucketName: z.string().min(3, "must be 3–63 characters").max(63, "must be 3–63 characters"),
    accessKey: z.string().min(1, "is required"),
    secretKey: z.string().min(1, "is required"),
    deleteOnExport: z.boolean().default(false),
    schedule: Schedule,
    /** `<clusterId>/<logType>` of a registered export to take over (see README "Adoption"). */
    adopt: z
      .string()
      .refine((v) => {
        const [cluster, type, ...rest] = v.split("/");
        return rest.length === 0 && SCP_ID.test(cluster ?? "") && (LOG_TYPES as readonly string[]).includes(type ?? "");
      }, "must be the id of a registered log export, <clusterId>/<logType>")
      .optional(),
  })
  .strict();

export type LogExportInputs = z.infer<typeof LogExportInputs>;

const LIST = "GET /v1/clusters/{cluster_id}/log-export-configs";
const REGISTER = "POST /v1/clusters/{cluster_id}/log-export-configs";
const MODIFY = "PUT /v1/clusters/{cluster_id}/log-export-configs/{log_type}";
const UNREGISTER = "DELETE /v1/clusters/{cluster_id}/log-export-configs/{log_type}";
const EXPORT = "POST /v1/clusters/{cluster_id}/log-export-configs/{log_type}/export";

function scheduleBody(i: LogExportInputs) {
  return {
    access_key: i.accessKey,
    secret_key: i.secretKey,
    delete_on_export: i.deleteOnExport,
    schedule_frequency_type: i.schedule.frequency,
    schedule_day_of_week: i.schedule.dayOfWeek ?? null,
    schedule_day_of_month: i.schedule.dayOfMonth === undefined ? null : String(i.schedule.dayOfMonth),
    schedule_hour: String(i.schedule.hour),
  };
}

type Row = z.infer<typeof LogExportConfigList>["contents"][number];

async function registered(api: ScpClient, clusterId: string, logType: string): Promise<Row | undefined> {
  const list = (await callEndpoint(api, postgresql.endpoints, LIST, { params: { cluster_id: clusterId } })) as { contents: Row[] };
  return list.contents.find((r) => r.log_type === logType && r.is_registered === true);
}

export const logExportDefinition = defineClusterSetting<LogExportInputs>({
  kind: "scp:LogExportConfig",
  schema: LogExportInputs,
  fields: [
    { key: "logType", apply: { replace: true } },
    {
      key: "bucketName",
      apply: { replace: true },
      doc: "Set Log Export Config has no bucket: a new bucket registers again (unregister first)",
    },
    { key: "accessKey", apply: { mutation: "config" }, secret: true },
    { key: "secretKey", apply: { mutation: "config" }, secret: true },
    { key: "deleteOnExport", apply: { mutation: "config" } },
    { key: "schedule", apply: { mutation: "config" } },
    { key: "adopt", apply: { ignore: true } },
  ],
  idSegment: (i) => i.logType,
  fromSegment: (segment) =>
    (LOG_TYPES as readonly string[]).includes(segment) ? { logType: segment as LogExportInputs["logType"] } : undefined,
  engineOf: () => postgresql,
  async read(api, _engine, previous) {
    const row = await registered(api, previous.clusterId, previous.logType);
    if (!row) return undefined;
    const frequency = (row.schedule_frequency_type ?? "DAY") as LogExportInputs["schedule"]["frequency"];
    return {
      clusterId: previous.clusterId,
      logType: previous.logType,
      bucketName: row.bucket_name ?? "",
      // The API never returns the keys: the state's are the last ones sent.
      accessKey: previous.accessKey,
      secretKey: previous.secretKey,
      deleteOnExport: row.delete_on_export ?? false,
      schedule: {
        frequency,
        hour: Number(row.schedule_hour ?? 0),
        ...(frequency === "WEEK" && row.schedule_day_of_week
          ? { dayOfWeek: row.schedule_day_of_week as LogExportInputs["schedule"]["dayOfWeek"] }
          : {}),
        ...(frequency === "MONTH" && row.schedule_day_of_month !== null && row.schedule_day_of_month !== undefined
          ? { dayOfMonth: Number(row.schedule_day_of_month) }
          : {}),
      },
    };
  },
  async beforeCreate(api, _engine, inputs) {
    // One owner: a log type registered by someone else is not silently taken over (`adopt` does that, on purpose).
    if (await registered(api, inputs.clusterId, inputs.logType)) {
      throw new Error(
        `scp:LogExportConfig: the ${inputs.logType} log export of cluster ${inputs.clusterId} is already ` +
          `registered; unregister it first (one setting, one owner)`,
      );
    }
  },
  steps: [
    {
      name: "config",
      endpoint: MODIFY, // create registers (POST): see the README section
      calls: (id, live, d): SettingCall[] => [
        live
          ? {
              endpoint: MODIFY,
              params: { cluster_id: id, log_type: d.logType },
              body: scheduleBody(d),
              operation: `${d.logType} log export`,
            }
          : {
              endpoint: REGISTER,
              params: { cluster_id: id },
              body: { ...scheduleBody(d), bucket_name: d.bucketName, log_type: d.logType },
              operation: `register ${d.logType} log export`,
            },
      ],
    },
  ],
  unsetEndpoint: UNREGISTER,
  unset: (id, outs) => [
    { endpoint: UNREGISTER, params: { cluster_id: id, log_type: outs.logType }, operation: `unregister ${outs.logType} log export` },
  ],
  uniqueName: true,
});

/**
 * Export Log: one export of a registered log type now, outside the schedule. A plain function, not
 * a resource: it is an action with no lasting state to diff. Credentials as for listBackupHistories.
 */
export async function exportLogNow(
  clusterId: string,
  logType: (typeof LOG_TYPES)[number],
  config: (key: string) => string | undefined = () => undefined,
): Promise<void> {
  const ctx: Context = { config, log: () => {}, warn: (line) => console.warn(line) };
  const api = ScpClient.for(ctx, "postgresql");
  const accepted = await sendMutation(api, postgresql.endpoints, EXPORT, { params: { cluster_id: clusterId, log_type: logType } });
  await waitAccepted(api, postgresql, clusterId, accepted, `cluster ${clusterId}`, `export ${logType} log`);
}
